"""The directory registers nothing in the Django admin, on purpose.

Contacts are personal data: every read of a contact's page, card or export is written to
the audit log, and the pages check the country, the verification dates and the phone
numbers. The admin does not audit reads, so contacts are kept out of it. The institutions
of the directory are ``core.Organization`` records, in the admin under core.
"""
