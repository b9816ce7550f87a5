"""Figures of the court sentences, read-only, for other capabilities: persons convicted per
country and year, from the national records' statistics (``aggregates``), approved years
only, for the Palermo indicators and the public site.
"""

from django.db.models import Sum

from coalition.core import approvals
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
