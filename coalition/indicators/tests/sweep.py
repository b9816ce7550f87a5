"""Sample URL arguments of the indicators' URLs, for the URL sweep (see core's sweep.py).

The rows every part's URLs need are made once here: a framework, an open assessment of
Costa Rica (2023), an approved one of Guatemala (2022) and a submitted one of the regional
level (2023). Each part of the app adds its samples in ``sweep_<part>.py`` (a function
``samples(fixtures, shared)``), named in ``PARTS``."""

from importlib import import_module

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.indicators.models import APPROVAL_KIND
from coalition.indicators.tests import factories

PARTS = ("assessment", "review", "profile")


def samples(fixtures):
    countries = fixtures["countries"]
    made = factories.framework()
    shared = {
        "framework": made,
        "open": factories.assessment(countries["CR"], 2023, made, {"PR-01": "yes"}),
        "approved": factories.assessment(countries["GT"], 2022, made, factories.FULL),
        "submitted": factories.assessment(countries["regional"], 2023, made, factories.FULL),
    }
    Approval.objects.create(
        kind=APPROVAL_KIND, country=countries["GT"], year=2022, state=ApprovalState.APPROVED
    )
    Approval.objects.create(
        kind=APPROVAL_KIND,
        country=countries["regional"],
        year=2023,
        state=ApprovalState.SUBMITTED,
    )
    found = {}
    for part in PARTS:
        found.update(
            import_module(f"coalition.indicators.tests.sweep_{part}").samples(fixtures, shared)
        )
    return found
