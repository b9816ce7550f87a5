"""What a country's profile shows, for its page, its PDF and its workbooks: the years the
reader may see, the chosen year's overall and pillar scores (``indicators.scores``) with
their change since the year before, each pillar's indicators this year and last, the
trend across years, and the indicators still unmet.

Which years: ``core.access`` decides (the assessments are ``shared_once_approved``):
every reader sees the approved years; the country's data roles and the regional
administrators also see the years still being written, marked provisional.
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coalition.core import access
from coalition.core.approvals import approved_years
from coalition.core.models import Country
from coalition.indicators.choices import AnswerType, YesPartialNo
from coalition.indicators import sources
from coalition.indicators.models import APPROVAL_KIND, Answer, Assessment, Indicator
from coalition.indicators.scores import change, scores_of
from coalition.indicators.scoring import figure, formula, percent, value_of


def country_or_404(code):
    """The country of a profile's URL: its ISO code (any case) or ``regional``."""
    code = (code or "").strip()
    if code.lower() == "regional":
        found = Country.objects.filter(is_regional=True).first()
    else:
        found = Country.objects.filter(iso2=code.upper(), is_regional=False).first()
    if found is None:
        raise Http404
    return found


def shown_value(indicator, answer):
    """An answer's value as the pages write it ("Partially", "2,5", "1 May 2023")."""
    value = value_of(indicator, answer)
    if value is None:
        return ""
    if indicator.answer_type == AnswerType.YES_PARTIAL_NO:
        return str(YesPartialNo(value).label) if value in YesPartialNo.values else value
    if indicator.answer_type == AnswerType.DATE:
        return date_format(value, "DATE_FORMAT")
    if indicator.answer_type == AnswerType.PERCENTAGE:
        return f"{figure(value)} %"
    if indicator.answer_type in (AnswerType.NUMBER, AnswerType.SCALE):
        return figure(value)
    return value


@dataclass
class Row:
    """One indicator of the chosen year: its answer, its score (0–100) and last year's."""

    indicator: Indicator
    answer: Answer | None
    value: str
    score: int | None  # 0–100, None: unscored or unanswered
    previous: int | None = None

    @property
    def formula(self):
        return formula(self.indicator)

    @property
    def unmet(self):
        """Scored below 1, or unanswered (a scored or a required one)."""
        if self.answer is None or not self.value:
            return self.indicator.scored or self.indicator.required
        return self.indicator.scored and self.score is not None and self.score < 100


@dataclass
class PillarBlock:
    code: str
    name: str
    score: object  # PillarScore of the chosen year
    previous: object = None  # PillarScore of the year before, if shown
    rows: list = field(default_factory=list)

    @property
    def change(self):
        return change(self.score.score, self.previous.score if self.previous else None)

    @property
    def chart(self):
        """The chart's data: exactly the scored rows of the table under it."""
        scored = [row for row in self.rows if row.indicator.scored]
        sets = [{"label": _("This year"), "data": [row.score for row in scored]}]
        if self.previous is not None:
            sets.append({"label": _("Year before"), "data": [row.previous for row in scored]})
        return {"labels": [row.indicator.code for row in scored], "datasets": sets}


@dataclass
class Year:
    year: int
    assessment: Assessment
    approved: bool
    score: object  # AssessmentScore


@dataclass
class Profile:
    country: Country
    years: list  # [Year], newest first: what the reader may see
    current: Year | None = None
    previous: Year | None = None
    pillars: list = field(default_factory=list)  # [PillarBlock]
    computed: list = field(default_factory=list)  # [(Row, sources.Computed)]

    @property
    def empty(self):
        return not self.years

    @property
    def change(self):
        if self.current is None or self.previous is None:
            return None
        return change(self.current.score.score, self.previous.score.score)

    @property
    def unmet(self):
        return [row for block in self.pillars for row in block.rows if row.unmet]

    @property
    def trend(self):
        """[Year], oldest first, with the pillars' codes and names of the newest."""
        return list(reversed(self.years))

    @property
    def pillar_heads(self):
        """[(code, name)] of every pillar across the shown years, in order."""
        seen = {}
        for year in self.years:
            for code, pillar in year.score.pillars.items():
                seen.setdefault(code, (pillar.order, pillar.name))
        return [(code, name) for code, (_order, name) in sorted(seen.items(), key=_by_order)]

    @property
    def trend_table(self):
        """[(Year, overall, [pillar score or None])] oldest first, as the trend chart draws."""
        codes = [code for code, _name in self.pillar_heads]
        return [
            (
                year,
                year.score.score,
                [getattr(year.score.pillars.get(code), "score", None) for code in codes],
            )
            for year in self.trend
        ]

    @property
    def trend_chart(self):
        table = self.trend_table
        sets = [{"label": _("Overall"), "data": [_number(overall) for _y, overall, _p in table]}]
        for index, (_code, name) in enumerate(self.pillar_heads):
            sets.append({"label": name, "data": [_number(p[index]) for _y, _o, p in table]})
        return {"labels": [str(year.year) for year, _o, _p in table], "datasets": sets}


def _by_order(item):
    return item[1][0], item[0]


def _number(value):
    return None if value is None else float(value)


def visible_years(country, user):
    """[Year] of ``country`` that ``user`` may read, newest first, with their scores."""
    assessments = list(
        access.restrict(Assessment.objects.filter(country=country), user)
        .select_related("framework")
        .order_by("-year")
    )
    approved = approved_years(APPROVAL_KIND, [country.pk])
    scores = scores_of(assessments)
    return [Year(a.year, a, (country.pk, a.year) in approved, scores[a.pk]) for a in assessments]


def chosen_year(years, wanted):
    """The Year asked for (None: the latest approved, else the latest shown); Http404 for
    a year the reader may not see."""
    if wanted is None:
        return next((y for y in years if y.approved), years[0] if years else None)
    found = next((y for y in years if y.year == wanted), None)
    if found is None:
        raise Http404
    return found


def _rows(assessment):
    indicators = list(
        Indicator.objects.filter(framework_id=assessment.framework_id)
        .select_related("pillar", "instrument")
        .order_by("pillar__order", "order", "code")
    )
    answers = {a.indicator_id: a for a in Answer.objects.filter(assessment=assessment)}
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        if answer is not None:
            answer.indicator = indicator
        yield indicator, answer


def build(country, user, wanted=None, *, with_computed=False):
    """The profile of ``country`` as ``user`` may read it, for year ``wanted`` (None: the
    latest approved year)."""
    years = visible_years(country, user)
    profile = Profile(country, years)
    current = chosen_year(years, wanted)
    if current is None:
        return profile
    profile.current = current
    profile.previous = next((y for y in years if y.year == current.year - 1), None)
    before = {}
    if profile.previous is not None:
        for indicator, answer in _rows(profile.previous.assessment):
            before[indicator.code] = percent(answer.score) if answer is not None else None
    blocks = {}
    for indicator, answer in _rows(current.assessment):
        pillar = indicator.pillar
        if pillar.code not in blocks:
            blocks[pillar.code] = PillarBlock(
                pillar.code,
                pillar.name,
                current.score.pillars[pillar.code],
                profile.previous.score.pillars.get(pillar.code) if profile.previous else None,
            )
        score = percent(answer.score) if answer is not None else None
        blocks[pillar.code].rows.append(
            Row(
                indicator, answer, shown_value(indicator, answer), score, before.get(indicator.code)
            )
        )
    profile.pillars = list(blocks.values())
    if with_computed:
        live = sources.values_for(current.assessment, user)
        profile.computed = [
            (row, live[row.indicator.pk])
            for block in profile.pillars
            for row in block.rows
            if row.indicator.pk in live
        ]
    return profile
