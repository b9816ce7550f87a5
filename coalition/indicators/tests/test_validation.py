import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coalition.indicators import validation
from coalition.indicators.tests import factories

# The messages and formulas are read in English (Spanish is the default).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def made():
    return factories.framework()


@pytest.mark.parametrize(
    ("code", "raw", "expected"),
    [
        ("PR-01", " Yes ", "yes"),
        ("PP-01", "3", Decimal(3)),
        ("PP-02", "99.5", Decimal("99.5")),
        ("PR-03", 12, Decimal(12)),
        ("PV-01", "2023-02-01", datetime.date(2023, 2, 1)),
        ("PR-02", "  Art. 194  ", "Art. 194"),
        ("PR-01", "", None),
    ],
)
def test_a_value_is_read_as_its_answer_type(made, code, raw, expected):
    assert validation.parse(factories.indicator(made, code), raw) == expected


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("PR-01", "maybe", "PR-01: answer yes, partially or no."),
        ("PP-01", "5", "PP-01: enter a value from 0 to 4."),
        ("PP-01", "2.5", "PP-01: choose a level from 0 to 4."),
        ("PP-02", "101", "PP-02: enter a value from 0 to 100."),
        ("PR-03", "-1", "PR-03: enter a value of at least 0."),
        ("PR-03", "NaN", "PR-03: enter a number."),
        ("PR-03", "1.234", "PR-03: use at most two decimals."),
        ("PV-01", "31/12/2023", "PV-01: enter a date as YYYY-MM-DD."),
    ],
)
@pytest.mark.usefixtures("in_english")
def test_a_value_that_cannot_be_the_answer_is_refused_naming_the_indicator(
    made, code, raw, message
):
    with pytest.raises(ValidationError) as refused:
        validation.parse(factories.indicator(made, code), raw)
    assert refused.value.messages == [message]


def test_submission_needs_every_required_answer_but_not_computed_ones(countries):
    record = factories.assessment(countries["GT"], answers={"PR-01": "yes"})
    codes = [problem.indicator.code for problem in validation.problems(record)]
    assert codes == ["PR-03", "PP-01", "PP-02"]


def test_an_article_given_when_trafficking_is_not_criminalized_breaks_the_rule(countries):
    answers = {**factories.FULL, "PR-01": "no", "PR-02": "Art. 194"}
    record = factories.assessment(countries["GT"], answers=answers)
    assert [str(p) for p in validation.problems(record)] == [
        "PR-02: If trafficking is not criminalized, the article reference must be empty."
    ]


def test_the_completion_bar_counts_answered_indicators(countries):
    record = factories.assessment(countries["GT"], answers={"PR-01": "yes", "PR-02": ""})
    assert validation.completion(record) == (1, 7)
