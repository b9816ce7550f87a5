"""Knowledge registers nothing in the Django admin, on purpose.

Good practices and campaigns reach the public through a review and a published copy
(``core.publication``); SWOT items belong to their SWOT's matrix and consolidation; the
files of every family are private attachments sent by checked views. The pages and the API
keep those rules, and the admin would not.
"""
