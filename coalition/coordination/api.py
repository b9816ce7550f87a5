"""The referrals' API."""

ROUTES = []
URLS = []
