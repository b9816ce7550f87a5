"""Figures of the court sentences, read-only, for other capabilities: persons convicted per
country and year, from the national records' statistics (``aggregates``), approved years
only, for the Palermo indicators and the public site.
"""

from django.db.models import Sum
from django.utils.translation import ngettext

from coalition.core import access, approvals
from coalition.core import attention as home
from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.sentences.choices import TOTAL_CATEGORY, Dimension, FigureAge, FigureSex, Indicator
from coalition.sentences.models import APPROVAL_KIND, Figure, Source


def national_total(indicator, country, year, *, approved_only=True):
    """The national records' total of ``indicator`` (an ``Indicator``) for one country and
    year; None when that year has no approved data (or no data at all)."""
    if approved_only and not approvals.is_locked(APPROVAL_KIND, country.pk, year):
        return None
    rows = Figure.objects.filter(
        source=Source.national(),
        country=country,
        year=year,
        indicator=indicator,
        dimension=Dimension.TOTAL,
        category=TOTAL_CATEGORY,
        sex=FigureSex.TOTAL,
        age=FigureAge.TOTAL,
    )
    return rows.aggregate(total=Sum("value"))["total"] if rows.exists() else None


def persons_convicted(country, year, *, approved_only=True):
    """Persons convicted by final sentences in ``country`` in ``year`` (None: no data)."""
    return national_total(Indicator.CONVICTED, country, year, approved_only=approved_only)


def persons_convicted_by_country(countries, year):
    """{country pk: persons convicted in ``year``, or None} for ``countries``, approved years
    only, in two queries whatever their number (a regional figure sums the members with
    data; see ``indicators.sources``)."""
    ids = [country.pk for country in countries]
    approved = set(
        Approval.objects.filter(
            kind=APPROVAL_KIND, country_id__in=ids, year=year, state=ApprovalState.APPROVED
        ).values_list("country_id", flat=True)
    )
    totals = {}
    if approved:
        rows = (
            Figure.objects.filter(
                source=Source.national(),
                country_id__in=approved,
                year=year,
                indicator=Indicator.CONVICTED,
                dimension=Dimension.TOTAL,
                category=TOTAL_CATEGORY,
                sex=FigureSex.TOTAL,
                age=FigureAge.TOTAL,
            )
            .values("country_id")
            .order_by()
            .annotate(total=Sum("value"))
        )
        totals = {row["country_id"]: row["total"] for row in rows}
    return {pk: totals.get(pk) for pk in ids}


def attention(request):
    """Regional administrators: the years of sentences awaiting their decision. Country
    editors: their years returned with a comment. Linked to the approvals, filtered."""
    user = request.user
    ids = access.sentence_country_ids(user)
    if ids == set():
        return []
    years = Approval.objects.filter(kind=APPROVAL_KIND)
    if ids is None:  # the regional administrator decides
        item = home.per_country(
            years.filter(state=ApprovalState.SUBMITTED),
            home.countries(request, None),
            home.WARNING,
            lambda count: ngettext(
                "%(count)d year of sentences awaits approval (%(place)s).",
                "%(count)d years of sentences await approval (%(place)s).",
                count,
            ),
            "approval-list",
            query={"kind": APPROVAL_KIND, "state": ApprovalState.SUBMITTED},
        )
    else:
        item = home.per_country(
            years.filter(state=ApprovalState.RETURNED),
            home.countries(request, ids),
            home.DANGER,
            lambda count: ngettext(
                "%(count)d year of sentences was returned with a comment (%(place)s): "
                "correct it and submit it again.",
                "%(count)d years of sentences were returned with a comment (%(place)s): "
                "correct them and submit them again.",
                count,
            ),
            "approval-list",
            query={"kind": APPROVAL_KIND, "state": ApprovalState.RETURNED},
        )
    return [item] if item else []
