"""Demo progress reports (approval kind ``progress``): which countries submitted their
report of the current year, which were approved or returned. Called last by
``demo.load_demo_progress``, once the demo progress exists.

Guatemala's report and the regional level's are approved, Honduras's awaits a decision,
Panama's was returned with a comment, Costa Rica's is open (its editor still reports).
A country whose report of the year already has a history is left as it is, so running it
again changes nothing.
"""

from types import SimpleNamespace

from coalition.core import approvals
from coalition.core.choices import ApprovalAction as A
from coalition.core.models import Approval, Country, User
from coalition.plans import progress

ADMIN = "st-regional"
RETURN_COMMENT = (
    "[Demo] Falta el avance de los productos de la actividad II.2: indiquen qué contenidos "
    "del curso están revisados y adjunten el acta de la revisión. Corrijan y envíen de nuevo."
)
# country: [(user, move, comment)], in order; a missing country editor's moves are the
# regional administrator's (who may submit for any country).
DEMO_REPORTS = {
    "GT": [("editor-gt", A.SUBMIT, ""), (ADMIN, A.APPROVE, "")],
    "XR": [(ADMIN, A.SUBMIT, ""), (ADMIN, A.APPROVE, "")],
    "HN": [(ADMIN, A.SUBMIT, "")],
    "PA": [(ADMIN, A.SUBMIT, ""), (ADMIN, A.RETURN, RETURN_COMMENT)],
}


def _as(user):
    """A request made by ``user``, as the approval moves record it (no address)."""
    return SimpleNamespace(user=user, META={}, path="", request_id="demo")


def load_demo_reports(actor):
    """Submit, approve and return the demo reports; returns how many moves were made."""
    year = progress.reporting_year()
    users = {u.username: u for u in User.objects.filter(username__in=["editor-gt", ADMIN])}
    if ADMIN not in users:
        return 0
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=list(DEMO_REPORTS))}
    moved = set(
        Approval.objects.filter(
            kind=progress.APPROVAL_KIND, year=year, country__in=countries.values()
        ).values_list("country__iso2", flat=True)
    )
    moves = 0
    for iso2, steps in DEMO_REPORTS.items():
        country = countries.get(iso2)
        if country is None or iso2 in moved:
            continue
        for username, action, comment in steps:
            user = users.get(username) or users[ADMIN]
            approvals.move(_as(user), action, progress.APPROVAL_KIND, country, year, comment)
            moves += 1
    return moves
