"""Demo data of the court sentences (fictitious, clearly marked)."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model

from coalition.core import approvals
from coalition.core.models import Approval, Country
from coalition.sentences.models import APPROVAL_KIND, Sentence

# (country, year, [(demo user, move, comment)]): an approved year, a returned one, one
# awaiting the regional administrator. El Salvador has no demo editor: the Secretariat
# submits for it.
DEMO_APPROVALS = [
    ("GT", 2022, [("editor-gt", "submit", ""), ("st-regional", "approve", "")]),
    (
        "CR",
        2023,
        [
            ("editor-cr", "submit", ""),
            (
                "st-regional",
                "return",
                "Dos sentencias de junio aparecen duplicadas y una no indica la nacionalidad "
                "de las víctimas: corríjanlas y vuelvan a enviar el año. (Comentario de "
                "demostración.)",
            ),
        ],
    ),
    ("SV", 2023, [("st-regional", "submit", "")]),
]


def load_demo_sentences(actor):
    """Stand-in entry of ``load_demo`` until the demo sentences land (their entry replaces
    this one and calls ``load_demo_approvals`` last)."""
    return load_demo_approvals(actor)


def _as(user):
    """A request made by ``user``, as the approval moves record it (no address)."""
    return SimpleNamespace(user=user, META={}, path="", request_id="demo")


def load_demo_approvals(actor=None):
    """Move the demo years through their approval as the demo users would (each country's
    latest year with sentences when the planned one has none); a year already under
    approval is left alone. Returns how many moves were made."""
    names = {name for _iso2, _year, steps in DEMO_APPROVALS for name, _move, _c in steps}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    moves = 0
    for iso2, year, steps in DEMO_APPROVALS:
        country = Country.objects.filter(iso2=iso2).first()
        if country is None:
            continue
        years = set(Sentence.objects.filter(country=country).values_list("year", flat=True))
        if year not in years:
            if not years:
                continue
            year = max(years)
        if Approval.objects.filter(kind=APPROVAL_KIND, country=country, year=year).exists():
            continue
        for username, action, comment in steps:
            user = users.get(username)
            if user is None:
                break
            approvals.move(_as(user), action, APPROVAL_KIND, country, year, comment)
            moves += 1
    return moves
