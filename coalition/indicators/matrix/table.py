"""The regional comparison: for one year, a row per member country (and the regional
level), a column per pillar of the framework and one for the overall score; each cell the
score, its change since the year before, its formula and its bin of the colour scale.

The scale is five bins of a single-hue blue ramp whose lightness falls steadily from the
lowest bin to the highest, so that it reads the same for colour-blind readers and in
grayscale; each cell's text colour is the one (black or white) that contrasts most with its
background, and each cell also writes its number and its bin's name.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from coalition.core import access
from coalition.core.models import Country
from coalition.indicators.models import Assessment, Pillar
from coalition.indicators.scores import approved_assessments, change, visible_scores


@dataclass(frozen=True)
class Bin:
    low: int  # the bin holds scores from ``low`` up to (not including) the next bin's low
    high: int
    label: str
    background: str

    @property
    def text(self):
        """Black or white, whichever contrasts most with the background."""
        return (
            "#000000"
            if contrast(self.background, "#000000") >= contrast(self.background, "#ffffff")
            else "#ffffff"
        )

    @property
    def range(self):
        return f"{self.low}–{self.high}"


# Light to dark (ColorBrewer "Blues"): lightness falls monotonically with the score.
BINS = (
    Bin(0, 20, _("Very low"), "#eff3ff"),
    Bin(20, 40, _("Low"), "#bdd7e7"),
    Bin(40, 60, _("Medium"), "#6baed6"),
    Bin(60, 80, _("High"), "#2171b5"),
    Bin(80, 100, _("Very high"), "#08306b"),
)


def _linear(channel):
    channel /= 255
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour):
    """The relative luminance (WCAG) of ``#rrggbb``."""
    red, green, blue = (_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second):
    """The WCAG contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def bin_of(score):
    """The bin of a 0–100 score (None: no score, no bin)."""
    if score is None:
        return None
    for found in BINS:
        if score < found.high:
            return found
    return BINS[-1]


@dataclass
class Cell:
    score: object = None  # Decimal 0–100 or None
    formula: str = ""
    change: object = None  # Decimal, or None when there is no score the year before
    approved: bool = True
    pillar: object = None  # the Pillar (None: the overall column)

    @property
    def bin(self):
        return bin_of(self.score)

    @property
    def bin_index(self):
        return BINS.index(self.bin) if self.bin else None

    @property
    def change_size(self):
        return abs(self.change) if self.change is not None else None

    @property
    def arrow(self):
        if self.change is None:
            return "—"
        return "▲" if self.change > 0 else "▼" if self.change < 0 else "="


@dataclass
class Row:
    country: Country
    assessment_score: object = None  # the AssessmentScore, None: no assessment
    cells: list = field(default_factory=list)  # one per pillar column
    overall: Cell = field(default_factory=Cell)

    @property
    def approved(self):
        return self.assessment_score is None or self.assessment_score.approved


@dataclass
class Matrix:
    year: int | None
    years: list
    pillars: list  # the columns: Pillar rows of the year's latest framework version
    rows: list
    provisional: bool
    may_see_provisional: bool

    @property
    def empty(self):
        return self.year is None


def may_see_provisional(user):
    """Data roles (their countries) and the regional administrators read assessments not yet
    approved; partners read the approved ones only."""
    return access.people_country_ids(user) != set()


def years_of(user, provisional=False):
    """The years of the assessments the matrix would show ``user``, latest first."""
    rows = access.restrict(Assessment.objects.all(), user)
    if not provisional:
        rows = approved_assessments(rows)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def _columns(scores):
    """The pillars of the latest framework version the year's assessments answered (pillar
    codes are stable across versions)."""
    frameworks = {score.framework_id for score in scores}
    if not frameworks:
        return []
    latest = (
        Pillar.objects.filter(framework_id__in=frameworks)
        .order_by("-framework__version")
        .values_list("framework_id", flat=True)
        .first()
    )
    return list(Pillar.objects.filter(framework_id=latest).order_by("order", "code"))


def build(user, year=None, provisional=False):
    """The matrix ``user`` may read for ``year`` (None: the latest year with approved
    assessments; with ``provisional``, with any assessment the user reads)."""
    provisional = provisional and may_see_provisional(user)
    years = years_of(user, provisional)
    if year is None and years:
        year = years[0]
    allowed = may_see_provisional(user)
    if year is None:
        return Matrix(None, years, [], [], provisional, allowed)
    scores = visible_scores(user, [year - 1, year], provisional=provisional)
    current = [score for (_country, when), score in scores.items() if when == year]
    pillars = _columns(current)
    countries = list(Country.objects.active().order_by("is_regional", "name_es"))
    rows = []
    for country in countries:
        this = scores.get((country.pk, year))
        before = scores.get((country.pk, year - 1))
        row = Row(country, this)
        for pillar in pillars:
            cell = Cell(pillar=pillar)
            if this is not None and pillar.code in this.pillars:
                found = this.pillars[pillar.code]
                cell.score, cell.formula, cell.approved = found.score, found.formula, this.approved
                previous = before.pillars.get(pillar.code) if before else None
                cell.change = change(found.score, previous.score if previous else None)
            row.cells.append(cell)
        if this is not None:
            row.overall = Cell(
                this.score,
                this.formula,
                change(this.score, before.score if before else None),
                this.approved,
            )
        rows.append(row)
    return Matrix(year, years, pillars, rows, provisional, allowed)
