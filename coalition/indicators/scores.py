"""Pillar and overall scores of assessments, in a fixed number of queries.

A pillar's score is the weighted mean of its scored indicators' scores, an unanswered one
counting as 0: 100 × Σ(score × weight) ÷ Σ weight. The overall score is the weighted mean
of the pillar scores by the pillars' weights. Both are 0–100 with one decimal; ``formula``
spells each out with its numbers, for the pages to show next to the score.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Sum
from django.utils.translation import gettext as _

from coalition.core import access
from coalition.core.approvals import approved_years
from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.indicators.choices import ScoringRule
from coalition.indicators.models import APPROVAL_KIND, Answer, Assessment, Indicator, Pillar
from coalition.indicators.scoring import figure

_TENTH = Decimal("0.1")
HUNDRED = Decimal(100)


def _round(value):
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


@dataclass
class PillarScore:
    code: str
    name: str
    order: int
    weight: Decimal
    earned: Decimal = Decimal(0)  # Σ score × weight
    possible: Decimal = Decimal(0)  # Σ weight of its scored indicators
    scored: int = 0  # scored indicators
    answered: int = 0  # of them, answered

    @property
    def score(self):
        """0–100, or None when the pillar has no scored indicator."""
        if not self.possible:
            return None
        return _round(HUNDRED * self.earned / self.possible)

    @property
    def formula(self):
        if self.score is None:
            return _("No scored indicator.")
        return _("100 × Σ(score × weight) ÷ Σ weight = 100 × %(earned)s ÷ %(possible)s") % {
            "earned": figure(self.earned),
            "possible": figure(self.possible),
        }


@dataclass
class AssessmentScore:
    assessment_id: int
    country_id: int
    year: int
    pillars: dict = field(default_factory=dict)  # code -> PillarScore, in order
    framework_id: int | None = None
    approved: bool = True  # False: a provisional score (its year is not approved yet)

    @property
    def score(self):
        weighted = [(p.score, p.weight) for p in self.pillars.values() if p.score is not None]
        total_weight = sum(weight for _score, weight in weighted)
        if not total_weight:
            return None
        return _round(sum(score * weight for score, weight in weighted) / total_weight)

    @property
    def formula(self):
        if self.score is None:
            return _("No scored indicator.")
        terms = " + ".join(
            f"{figure(p.score)} × {figure(p.weight)}"
            for p in self.pillars.values()
            if p.score is not None
        )
        weights = " + ".join(figure(p.weight) for p in self.pillars.values() if p.score is not None)
        return _("Pillars weighted: (%(terms)s) ÷ (%(weights)s)") % {
            "terms": terms,
            "weights": weights,
        }


def scores_of(assessments):
    """{assessment id: AssessmentScore} of ``assessments`` (a queryset or a list), in four
    queries whatever their number."""
    rows = list(
        assessments.values_list("pk", "country_id", "year", "framework_id")
        if hasattr(assessments, "values_list")
        else [(a.pk, a.country_id, a.year, a.framework_id) for a in assessments]
    )
    if not rows:
        return {}
    frameworks = {framework_id for *_rest, framework_id in rows}
    pillars = defaultdict(list)
    for pillar in Pillar.objects.filter(framework_id__in=frameworks).order_by("order", "code"):
        pillars[pillar.framework_id].append(pillar)
    possible = defaultdict(Decimal)
    scored = defaultdict(int)
    indicators = (
        Indicator.objects.filter(framework_id__in=frameworks, weight__gt=0)
        .exclude(scoring_rule=ScoringRule.NONE)
        .values_list("pillar_id", "weight")
    )
    for pillar_id, weight in indicators:
        possible[pillar_id] += weight
        scored[pillar_id] += 1
    result = {}
    for pk, country_id, year, framework_id in rows:
        score = AssessmentScore(pk, country_id, year, framework_id=framework_id)
        for pillar in pillars[framework_id]:
            score.pillars[pillar.code] = PillarScore(
                pillar.code,
                pillar.name,
                pillar.order,
                pillar.weight,
                possible=possible[pillar.pk],
                scored=scored[pillar.pk],
            )
        result[pk] = score
    earned = (
        Answer.objects.filter(
            assessment_id__in=result, score__isnull=False, indicator__weight__gt=0
        )
        .exclude(indicator__scoring_rule=ScoringRule.NONE)
        .values("assessment_id", "indicator__pillar__code")
        .annotate(
            earned=Sum(
                ExpressionWrapper(
                    F("score") * F("indicator__weight"),
                    output_field=DecimalField(max_digits=12, decimal_places=6),
                )
            ),
            answered=Count("pk"),
        )
    )
    for row in earned:
        pillar = result[row["assessment_id"]].pillars.get(row["indicator__pillar__code"])
        if pillar is not None:
            pillar.earned = Decimal(row["earned"] or 0).quantize(Decimal("0.0001"))
            pillar.answered = row["answered"]
    return result


def scores_by_country_year(country_ids=None, years=None, *, approved_only=True):
    """{(country id, year): AssessmentScore} of the assessments of ``country_ids`` (None:
    all) and ``years`` (None: all); approved ones only unless told otherwise."""
    rows = Assessment.objects.all()
    if country_ids is not None:
        rows = rows.filter(country_id__in=country_ids)
    if years is not None:
        rows = rows.filter(year__in=years)
    if approved_only:
        approved = approved_years(APPROVAL_KIND, country_ids)
        if not approved:
            return {}
        rows = [
            row
            for row in rows.only("pk", "country_id", "year", "framework_id")
            if (row.country_id, row.year) in approved
        ]
    return {(s.country_id, s.year): s for s in scores_of(rows).values()}


def approved_assessments(assessments):
    """Those of ``assessments`` (a queryset) whose year is approved."""
    approved = Approval.objects.filter(
        kind=APPROVAL_KIND,
        state=ApprovalState.APPROVED,
        country_id=OuterRef("country_id"),
        year=OuterRef("year"),
    )
    return assessments.filter(Exists(approved))


def visible_scores(user, years=None, country_ids=None, *, provisional=False):
    """{(country id, year): AssessmentScore} of the assessments ``user`` may read
    (``core.access``) of ``years`` and ``country_ids`` (None: all): approved ones only,
    or, with ``provisional``, also those not yet approved that the user's roles read (their
    ``approved`` is then False). Six queries at most, whatever their number."""
    rows = access.restrict(Assessment.objects.all(), user)
    if country_ids is not None:
        rows = rows.filter(country_id__in=country_ids)
    if years is not None:
        rows = rows.filter(year__in=years)
    if not provisional:
        return {(s.country_id, s.year): s for s in scores_of(approved_assessments(rows)).values()}
    found = {(s.country_id, s.year): s for s in scores_of(rows).values()}
    if found:
        approved = approved_years(APPROVAL_KIND, {country for country, _year in found})
        for key, score in found.items():
            score.approved = key in approved
    return found


def change(current, previous):
    """The change of a score since the year before (None when either is missing)."""
    if current is None or previous is None:
        return None
    return current - previous
