"""One answer's value and score, and the formula that says how it was scored.

An answer scores between 0 and 1 by its indicator's rule (``ScoringRule``); an unanswered
or unscored indicator has no score (None). Pillar and country scores are in ``scores``.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from coalition.indicators.choices import AnswerType, ScoringRule, YesPartialNo

ONE = Decimal(1)
ZERO = Decimal(0)
_PLACES = Decimal("0.0001")

# The field of ``Answer`` each answer type is kept in.
FIELD_OF = {
    AnswerType.YES_PARTIAL_NO: "choice",
    AnswerType.SCALE: "number",
    AnswerType.NUMBER: "number",
    AnswerType.PERCENTAGE: "number",
    AnswerType.TEXT: "text",
    AnswerType.DATE: "date",
}
SCALE_TOP = Decimal(4)
_YES_PARTIAL_NO = {
    YesPartialNo.YES: ONE,
    YesPartialNo.PARTIAL: Decimal("0.5"),
    YesPartialNo.NO: ZERO,
}


def value_of(indicator, answer):
    """The value an answer holds for ``indicator`` (None when it is unanswered)."""
    if answer is None:
        return None
    value = getattr(answer, FIELD_OF[indicator.answer_type])
    return None if value in ("", None) else value


def score(indicator, value):
    """The score (0 to 1, four decimals) of ``value`` by ``indicator``'s rule; None when
    the indicator is not scored or the value is missing."""
    rule = indicator.scoring_rule
    if rule == ScoringRule.NONE or value in ("", None):
        return None
    if rule == ScoringRule.YES_PARTIAL_NO:
        result = _YES_PARTIAL_NO.get(value)
    elif rule == ScoringRule.SCALE:
        result = Decimal(value) / SCALE_TOP
    elif rule == ScoringRule.TARGET:
        target = indicator.target
        if not target or target <= 0:
            return None
        result = Decimal(value) / target
    elif rule == ScoringRule.ABOVE_ZERO:
        result = ONE if Decimal(value) > 0 else ZERO
    else:  # ANSWERED
        result = ONE
    if result is None:
        return None
    return min(max(result, ZERO), ONE).quantize(_PLACES, rounding=ROUND_HALF_UP)


def formula(indicator):
    """How ``indicator`` scores, in words, with its weight: shown next to its score."""
    rule = ScoringRule(indicator.scoring_rule)
    if rule == ScoringRule.NONE:
        return _("Not scored: it informs the assessment.")
    if rule == ScoringRule.TARGET:
        how = _("Value ÷ %(target)s, at most 1") % {"target": figure(indicator.target)}
    else:
        how = str(rule.label)
    return _("%(rule)s; weight %(weight)s") % {
        "rule": how,
        "weight": figure(indicator.weight),
    }


def figure(value):
    """A figure as the active language writes it, without trailing zeros (1, 2,5)."""
    value = Decimal(value)
    if value == value.to_integral():
        return number_format(int(value))
    return number_format(value.normalize(), decimal_pos=None)


def percent(value):
    """A score between 0 and 1 as a whole percentage (None stays None)."""
    if value is None:
        return None
    return int((Decimal(value) * 100).quantize(ONE, rounding=ROUND_HALF_UP))
