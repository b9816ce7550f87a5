"""REST API of the court sentences (``ROUTES``, gathered by coalition/urls.py)."""

from coalition.sentences.sharing import api as sharing_api

ROUTES = [
    *sharing_api.ROUTES,
]
