"""No admin pages for the indicators, on purpose: frameworks change through their file
(``load_framework``: a change to a version in use makes a new version) and the framework
pages, and assessments through their pages, which check their approval's lock and keep
scores current; the admin would skip all three."""
