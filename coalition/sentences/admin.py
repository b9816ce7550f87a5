"""The court sentences register nothing in the Django admin, on purpose.

Record-level sentences are read by their country's editors and the regional
administrators only, and every read is audited; their pages screen the legal summary for
identifiers, keep the court file number as a keyed hash, refuse changes to an approved
year and keep the statistics current. The admin would do none of that. Statistics sources
are replaced by importing a release; sharing agreements are approved by each country on
their pages.
"""
