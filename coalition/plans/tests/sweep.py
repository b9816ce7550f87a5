"""Sample URL arguments of the plans app's URLs, for the URL sweep (core's test_url_sweep).

One plan (``build_plan``) with progress in Costa Rica, Guatemala and at the regional level:
each URL gets an object inside and one outside each persona's scope. Each part of the app
fills in its own function below.
"""

from coalition.plans.tests.conftest import build_plan


def samples(fixtures):
    data = build_plan(fixtures["countries"])
    return {**_pages(data), **_dashboard(data), **_workbooks(data), **_api(data)}


def _pages(data):
    """Plan list and page, activity page, progress form, evidence."""
    return {}


def _dashboard(data):
    """Dashboard, timeline, PDF report."""
    return {}


def _workbooks(data):
    """XLSX export and import."""
    return {}


def _api(data):
    """The REST API's plans, objectives, activities and progress."""
    return {}
