"""REST API of the indicators: frameworks and their indicators, assessments (scoped) with
their answers, and scores."""

# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = []
URLS = []
