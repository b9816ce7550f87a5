"""Figures of the Palermo indicators, read-only, for other capabilities and the home page:
the approved scores of a country's year (the public site, later), and what awaits a
decision or a correction (``attention``).
"""

from django.utils.translation import ngettext

from coalition.core import access
from coalition.core import attention as home
from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.indicators.models import APPROVAL_KIND
from coalition.indicators.scores import scores_by_country_year


def approved_scores(country, year):
    """The scores (``scores.AssessmentScore``: ``score`` 0–100, ``formula``, ``pillars``)
    of ``country``'s approved assessment of ``year``; None when it has none approved."""
    return scores_by_country_year([country.pk], [year], approved_only=True).get((country.pk, year))


def attention(request):
    """Regional administrators: the assessments awaiting their decision. Country editors:
    their assessments returned with comments. Linked to the approvals, filtered."""
    ids = access.approvable_country_ids(request.user)
    if ids == set():
        return []
    years = Approval.objects.filter(kind=APPROVAL_KIND)
    query = {"kind": APPROVAL_KIND}
    if ids is None:  # the regional administrator decides
        item = home.per_country(
            years.filter(state=ApprovalState.SUBMITTED),
            home.countries(request, None),
            home.WARNING,
            lambda count: ngettext(
                "%(count)d indicator assessment awaits approval (%(place)s).",
                "%(count)d indicator assessments await approval (%(place)s).",
                count,
            ),
            "approval-list",
            query={**query, "state": ApprovalState.SUBMITTED},
        )
    else:
        item = home.per_country(
            years.filter(state=ApprovalState.RETURNED),
            home.countries(request, ids),
            home.DANGER,
            lambda count: ngettext(
                "%(count)d indicator assessment was returned with comments (%(place)s): "
                "correct it and submit it again.",
                "%(count)d indicator assessments were returned with comments (%(place)s): "
                "correct them and submit them again.",
                count,
            ),
            "approval-list",
            query={**query, "state": ApprovalState.RETURNED},
        )
    return [item] if item else []


# --- the regional annual report ----------------------------------------------------------


def annual_scores(country_ids, year):
    """{country id: (score 0–100 or None, [(pillar label, score or None)])} of the approved
    assessments of ``year`` of ``country_ids``; a country without one has no entry."""
    found = {}
    for (country_id, _year), score in scores_by_country_year(
        list(country_ids), [year], approved_only=True
    ).items():
        pillars = [(pillar.name, pillar.score) for pillar in score.pillars.values()]
        found[country_id] = (score.score, pillars)
    return found
