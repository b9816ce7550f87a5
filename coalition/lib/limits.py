"""How long a free text may be, in characters.

Room for what each field is for (a narrative of a year's work is a couple of pages), not
so much that one record fills a page, a table or a report. Models set these as the
``max_length`` of their text fields, so the pages, the API and the imports refuse longer
text, and the page counts the characters as one types (static/js/app.js).
"""

NARRATIVE = 5000  # a report of what was done: progress, outcomes, obligations, a practice
DESCRIPTION = 3000  # what a record is: an event, a zone or route, a practice's results
SUMMARY = 2000  # a purpose, a summary, next steps, sources, a SWOT item and its evidence
NOTE = 1000  # a note, a key message, an address, other focal points
