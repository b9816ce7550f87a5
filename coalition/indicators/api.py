"""REST API of the indicators: frameworks and their indicators, assessments (scoped) with
their answers, and scores."""

from coalition.indicators.framework import api as framework_api
from coalition.indicators.matrix.api import URLS as SCORES_URLS
from coalition.indicators.review import api as review_api

# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [*framework_api.ROUTES, *review_api.ROUTES]
URLS = [*SCORES_URLS]
