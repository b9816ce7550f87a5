"""The national records and a GLOTIP release, cell by cell.

For each country, year and indicator (the total, and optionally each sex) the comparison
sets the national records' figure (``Figure`` of ``Source.national()``, kept current from
the sentences) beside the release's, and says how far apart they are and which is newer.

A value is a range of the counts it may stand for: an exact count n is [n, n], GLOTIP's
``<5`` is [0, 4]. The difference (national minus GLOTIP) is then a range too: 3 against
``<5`` is [-1, 3], which holds 0, so the two are consistent; 12 against ``<5`` is [8, 12].
A cell the release publishes more than once with different values is "ambiguous": every
value is shown and no difference is computed.
"""

from dataclasses import dataclass, field

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from coalition.core import approvals
from coalition.sentences.choices import TOTAL_CATEGORY, Dimension, FigureAge, FigureSex, Indicator
from coalition.sentences.models import APPROVAL_KIND, Figure, Sentence, Source

# The indicators the national records compute (the others are GLOTIP's only).
NATIONAL_INDICATORS = (Indicator.VICTIMS, Indicator.PROSECUTED, Indicator.CONVICTED)
INDICATOR_ORDER = {code: i for i, code in enumerate(Indicator.values)}
SEX_ORDER = {code: i for i, code in enumerate(FigureSex.values)}

SAME, CONSISTENT, DIFFERENT = "same", "consistent", "different"
AMBIGUOUS, NATIONAL_ONLY, GLOTIP_ONLY = "ambiguous", "national_only", "glotip_only"
NOT_KEPT = "not_kept"  # an indicator the national records do not compute (offences...)
STATUS_LABELS = {
    SAME: _("Same"),
    CONSISTENT: _("Consistent"),
    DIFFERENT: _("Different"),
    AMBIGUOUS: _("Several values published"),
    NATIONAL_ONLY: _("Not in GLOTIP"),
    GLOTIP_ONLY: _("No national records"),
    NOT_KEPT: _("Not kept by the records"),
}
NEWER_NATIONAL, NEWER_GLOTIP, NEWER_SAME_DAY = "national", "glotip", "same_day"
NEWER_LABELS = {
    NEWER_NATIONAL: _("National records"),
    NEWER_GLOTIP: _("GLOTIP"),
    NEWER_SAME_DAY: _("Same day"),
}


@dataclass(frozen=True)
class Value:
    """A count, exact or censored (below ``bound``: GLOTIP's ``<5``)."""

    number: int
    censored: bool = False

    @property
    def low(self):
        return 0 if self.censored else self.number

    @property
    def high(self):
        return self.number - 1 if self.censored else self.number

    def __str__(self):
        return f"<{self.number}" if self.censored else str(self.number)


def _signed(n):
    return f"+{n}" if n > 0 else str(n).replace("-", "−")


@dataclass
class Line:
    """One cell of the comparison."""

    country: object
    year: int
    indicator: str
    sex: str
    national: Value | None = None
    glotip: list = field(default_factory=list)
    national_changed: object = None  # the latest change of the year's sentences
    released: object = None
    approved: bool = False

    @property
    def difference(self):
        """(low, high) of national minus GLOTIP; None when it cannot be computed."""
        if self.national is None or len(self.glotip) != 1:
            return None
        published = self.glotip[0]
        return (self.national.low - published.high, self.national.high - published.low)

    @property
    def difference_text(self):
        found = self.difference
        if found is None:
            return ""
        low, high = found
        if low == high:
            return _signed(low)
        return _("%(low)s to %(high)s") % {"low": _signed(low), "high": _signed(high)}

    @property
    def status(self):
        if not self.glotip:
            return NATIONAL_ONLY
        if self.national is None:
            return GLOTIP_ONLY if self.indicator in NATIONAL_INDICATORS else NOT_KEPT
        if len(self.glotip) > 1:
            return AMBIGUOUS
        low, high = self.difference
        if low == high == 0:
            return SAME
        return CONSISTENT if low <= 0 <= high else DIFFERENT

    @property
    def indicator_label(self):
        return dict(Indicator.choices)[self.indicator]

    @property
    def sex_label(self):
        return dict(FigureSex.choices)[self.sex]

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def gap(self):
        """The smallest difference the cell may have, for sorting (None last)."""
        found = self.difference
        if found is None:
            return None
        low, high = found
        return 0 if low <= 0 <= high else min(abs(low), abs(high))

    @property
    def glotip_text(self):
        return " / ".join(str(v) for v in self.glotip)

    @property
    def newer(self):
        if self.national_changed is None or self.released is None:
            return None
        changed = self.national_changed.date()
        if changed == self.released:
            return NEWER_SAME_DAY
        return NEWER_NATIONAL if changed > self.released else NEWER_GLOTIP

    @property
    def newer_label(self):
        return NEWER_LABELS.get(self.newer, "")


def _cells(queryset, countries, year_from, year_to, indicators, by_sex):
    rows = queryset.filter(
        country__in=countries,
        dimension=Dimension.TOTAL,
        category=TOTAL_CATEGORY,
        age=FigureAge.TOTAL,
    )
    if not by_sex:
        rows = rows.filter(sex=FigureSex.TOTAL)
    if year_from:
        rows = rows.filter(year__gte=year_from)
    if year_to:
        rows = rows.filter(year__lte=year_to)
    if indicators:
        rows = rows.filter(indicator__in=indicators)
    return rows.values_list("country_id", "year", "indicator", "sex", "value", "censored")


def compare(countries, source, *, year_from=None, year_to=None, indicators=None, by_sex=False):
    """The ``Line`` of every cell that the national records or ``source`` (a GLOTIP
    release; None: the national records alone) fill, for ``countries``."""
    countries = list(countries)
    by_id = {c.pk: c for c in countries}
    lines = {}

    def line(country_id, year, indicator, sex):
        key = (country_id, year, indicator, sex)
        if key not in lines:
            lines[key] = Line(by_id[country_id], year, indicator, sex)
        return lines[key]

    args = (countries, year_from, year_to, indicators, by_sex)
    if source is not None:
        for country_id, year, indicator, sex, value, censored in _cells(
            Figure.objects.filter(source=source), *args
        ):
            line(country_id, year, indicator, sex).glotip.append(Value(value, censored))
    for country_id, year, indicator, sex, value, censored in _cells(
        Figure.objects.filter(source=Source.national()), *args
    ):
        line(country_id, year, indicator, sex).national = Value(value, censored)

    # A year with sentences counts 0 where its figures have none; a year without any has
    # no national records at all.
    sentences = Sentence.objects.filter(country__in=countries)
    changed = dict(
        ((row["country_id"], row["year"]), row["last"])
        for row in sentences.values("country_id", "year").annotate(last=Max("updated"))
    )
    approved = approvals.approved_years(APPROVAL_KIND, [c.pk for c in countries])
    released = source.released if source is not None else None
    for (country_id, year, indicator, _sex), found in lines.items():
        found.released = released
        found.national_changed = changed.get((country_id, year))
        found.approved = (country_id, year) in approved
        if (
            found.national is None
            and found.national_changed is not None
            and indicator in NATIONAL_INDICATORS
        ):
            found.national = Value(0)
    for found in lines.values():
        found.glotip.sort(key=lambda v: (v.censored, v.number))
    return list(lines.values())


SORTS = {
    "country": lambda line: (line.country.iso2, -line.year, INDICATOR_ORDER[line.indicator]),
    "year": lambda line: (line.year, line.country.iso2, INDICATOR_ORDER[line.indicator]),
    "indicator": lambda line: (INDICATOR_ORDER[line.indicator], line.country.iso2, -line.year),
    "difference": lambda line: (
        line.gap is None,
        line.gap or 0,
        line.country.iso2,
        -line.year,
    ),
}


def sort(lines, order="country"):
    """``lines`` in the order ``order`` names ("-" first: reversed; sex always last)."""
    reverse = order.startswith("-")
    key = SORTS[order.lstrip("-")]
    ordered = sorted(lines, key=lambda line: SEX_ORDER[line.sex])
    ordered.sort(key=key, reverse=reverse)
    if reverse and order.lstrip("-") == "difference":
        # Largest differences first, cells without one still last.
        ordered.sort(key=lambda line: line.gap is None)
    return ordered
