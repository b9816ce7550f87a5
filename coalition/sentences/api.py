"""REST API of the sentences app (gathered by coalition/urls.py)."""

from coalition.sentences.statistics.api import URLS as STATISTICS_URLS

ROUTES = []
URLS = [*STATISTICS_URLS]
