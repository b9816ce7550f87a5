"""Which figures a plan's dashboard, timeline and PDF report show: the **current** ones
(each country's live progress, a draft until its yearly report is approved) or the
**approved** ones (the snapshot of each country's latest approved report,
``plans.progress.approved_reports``), and where each country's report of the year stands.

Those who read a country's live progress (its members, the regional administrators) may
choose; everyone else (partners, auditors) reads approved figures only: they are the only
ones that leave a country.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.core import access
from coalition.core.choices import ApprovalState
from coalition.core.models import Approval, Country
from coalition.plans import progress
from coalition.plans.models import ReportedProgress

CURRENT = "current"
APPROVED = "approved"
MODES = (CURRENT, APPROVED)
MODE_LABELS = {CURRENT: _("Current figures (draft)"), APPROVED: _("Approved figures")}

# The state of a country's report of the year, as the dashboard's badge says it.
STATE_LABELS = {
    ApprovalState.OPEN: _("Draft"),
    ApprovalState.RETURNED: _("Returned"),
    ApprovalState.SUBMITTED: _("Submitted"),
    ApprovalState.APPROVED: _("Approved"),
}


class BadFigures(ValueError):
    """``?figures=`` names no mode; the message names the parameter."""


def may_choose(user):
    """May ``user`` read current (live, unapproved) figures? The data roles of a country
    (members, regional administrators) may; partners and auditors may not."""
    return access.people_country_ids(user) != set()


def mode_for(user, value):
    """The mode ``user`` sees for ``?figures=value`` (empty: the default): the current
    figures for those who may choose, approved ones otherwise. Raises ``BadFigures`` for
    an unknown value."""
    value = (value or "").strip()
    if value and value not in MODES:
        raise BadFigures(
            _("Unknown value for figures: %(value)s. Choose current or approved.")
            % {"value": value[:20]}
        )
    if not may_choose(user):
        return APPROVED
    return value or CURRENT


def countries_for(user, mode):
    """The columns: the countries whose live progress ``user`` reads (current figures),
    or every active country (approved figures: those without an approved report say so)."""
    countries = Country.objects.active()
    if mode == CURRENT:
        ids = access.visible_country_ids(user)
        if ids is not None:
            countries = countries.filter(pk__in=ids)
    return list(countries)


@dataclass(frozen=True)
class CountryReport:
    """Where a country's progress report of ``year`` stands, and the year of its latest
    approved one (None: never approved)."""

    state: str
    year: int
    approved_year: int | None = None

    @property
    def state_label(self):
        return STATE_LABELS.get(self.state, self.state)


def reports_of(countries, year):
    """{country id: CountryReport} for ``countries``, in one query."""
    ids = [c.pk for c in countries]
    states, approved = {}, {}
    rows = Approval.objects.filter(kind=progress.APPROVAL_KIND, country_id__in=ids).filter(
        Q(year=year) | Q(state=ApprovalState.APPROVED)
    )
    for country_id, row_year, state in rows.values_list("country_id", "year", "state"):
        if row_year == year:
            states[country_id] = state
        if state == ApprovalState.APPROVED:
            approved[country_id] = max(row_year, approved.get(country_id, row_year))
    return {
        pk: CountryReport(states.get(pk, ApprovalState.OPEN), year, approved.get(pk)) for pk in ids
    }


def approved_rows(plan, user, country_ids):
    """The approved snapshot rows of ``plan``'s activities that ``user`` may read, of the
    latest approved year that holds them, per country: ``(activity id, country id, product
    id or None, status, percent, narrative, year)`` tuples."""
    rows = access.restrict(
        progress.approved_reports(country_ids).filter(activity__plan=plan), user
    ).order_by("-year")
    latest = {}
    found = []
    for row in rows.values_list(
        "activity_id", "country_id", "product_id", "status", "percent", "narrative", "year"
    ):
        year = latest.setdefault(row[1], row[6])
        if row[6] == year:
            found.append(row)
    return found, latest


def reported_queryset(user):
    """``ReportedProgress`` rows ``user`` may read through the API: every year of their own
    countries (members), approved years of the others."""
    return access.restrict(ReportedProgress.objects.all(), user)
