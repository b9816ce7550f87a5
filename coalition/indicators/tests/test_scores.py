from decimal import Decimal

import pytest
from django.utils import translation

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.indicators import scores, scoring
from coalition.indicators.models import APPROVAL_KIND
from coalition.indicators.tests import factories

pytestmark = pytest.mark.django_db


def approve(record):
    Approval.objects.create(
        kind=APPROVAL_KIND, country=record.country, year=record.year, state=ApprovalState.APPROVED
    )


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("PR-01", "yes", Decimal(1)),
        ("PR-01", "partial", Decimal("0.5")),
        ("PR-01", "no", Decimal(0)),
        ("PP-01", Decimal(3), Decimal("0.75")),
        ("PR-03", Decimal(5), Decimal("0.25")),
        ("PR-03", Decimal(50), Decimal(1)),
        ("PV-02", Decimal(0), Decimal(0)),
        ("PV-01", "2023-01-01", Decimal(1)),
        ("PR-02", "Art. 194", None),
        ("PR-01", "", None),
    ],
)
def test_an_answer_scores_by_its_indicators_rule(code, value, expected):
    made = factories.framework()
    assert scoring.score(factories.indicator(made, code), value) == expected


def test_an_answer_keeps_its_score_when_saved(countries):
    record = factories.assessment(countries["GT"], answers={"PP-01": Decimal(2)})
    assert record.answers.get().score == Decimal("0.5")


def test_the_formula_names_the_target_and_the_weight_in_the_readers_language(personas):
    target = factories.indicator(factories.framework(), "PR-03")
    with translation.override("en"):
        assert scoring.formula(target) == "Value ÷ 20, at most 1; weight 1"
    with translation.override("es"):
        assert scoring.formula(target) == "Valor ÷ 20, como máximo 1; peso 1"


def test_pillar_scores_count_an_unanswered_indicator_as_zero(countries):
    record = factories.assessment(countries["GT"], answers={"PR-01": "partial"})
    found = scores.scores_of([record])[record.pk]
    # PR-01 weighs 2 and scores 0.5; PR-03 weighs 1, unanswered; PR-02 is not scored.
    assert found.pillars["prosecution"].score == Decimal("33.3")
    assert found.pillars["prosecution"].answered == 1
    assert found.pillars["prosecution"].scored == 2
    assert "100 × 1 ÷ 3" in found.pillars["prosecution"].formula
    assert found.pillars["protection"].score == Decimal(0)


def test_a_full_assessment_scores_100_everywhere(countries):
    record = factories.assessment(countries["GT"], answers=factories.FULL)
    found = scores.scores_of(type(record).objects.all())[record.pk]
    assert [p.score for p in found.pillars.values()] == [100, 100, 100]
    assert found.score == 100


def test_only_approved_years_are_scored_for_comparison(countries):
    approved = factories.assessment(countries["GT"], 2022, answers=factories.FULL)
    factories.assessment(countries["CR"], 2022, answers=factories.FULL)
    approve(approved)
    found = scores.scores_by_country_year(years=[2022])
    assert list(found) == [(countries["GT"].pk, 2022)]
    assert len(scores.scores_by_country_year(years=[2022], approved_only=False)) == 2


def test_a_version_is_frozen_once_an_assessment_using_it_is_submitted(countries):
    record = factories.assessment(countries["GT"], 2023)
    assert not record.framework.frozen
    Approval.objects.create(
        kind=APPROVAL_KIND, country=record.country, year=2023, state=ApprovalState.SUBMITTED
    )
    assert record.framework.frozen
