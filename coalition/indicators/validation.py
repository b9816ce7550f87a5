"""What an answer may be, and what an assessment must be to be submitted.

``parse`` reads one value as its indicator's answer type asks (the questionnaire's form,
the API and the copy of last year's answers all use it) and refuses it with a message that
names the indicator. ``problems`` lists what stops an assessment from being submitted: the
required indicators left unanswered, and the framework's consistency rules it breaks
(``ValidationRule``): DHIS2's validation rules, run on the whole questionnaire.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coalition.indicators.choices import AnswerType, RuleKind, YesPartialNo
from coalition.indicators.scoring import FIELD_OF, SCALE_TOP, figure
from coalition.lib import limits

# Numbers an answer may hold (``Answer.number``: 14 digits, 2 decimals).
LARGEST = Decimal("999999999999.99")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an assessment: the indicator it concerns and what is wrong."""

    indicator: object
    message: str

    def __str__(self):
        return f"{self.indicator.code}: {self.message}"


def _refuse(indicator, message):
    raise ValidationError(
        _("%(code)s: %(message)s") % {"code": indicator.code, "message": message}, code="invalid"
    )


def parse(indicator, raw):
    """``raw`` (text from a form, JSON from the API, a stored value) as ``indicator``'s
    answer: a choice, a ``Decimal``, a text or a ``date``; None when empty. Raises
    ``ValidationError`` naming the indicator when the value cannot be its answer."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = indicator.answer_type
    if kind == AnswerType.YES_PARTIAL_NO:
        value = str(raw).strip().lower()
        if value not in YesPartialNo.values:
            _refuse(indicator, _("answer yes, partially or no."))
        return value
    if kind == AnswerType.TEXT:
        value = str(raw).strip()
        if len(value) > limits.NOTE:
            _refuse(indicator, _("at most %(limit)d characters, please.") % {"limit": limits.NOTE})
        return value
    if kind == AnswerType.DATE:
        return _date(indicator, raw)
    return _number(indicator, raw)


def _date(indicator, raw):
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    try:
        value = datetime.date.fromisoformat(str(raw).strip())
    except ValueError:
        _refuse(indicator, _("enter a date as YYYY-MM-DD."))
    if not datetime.date(1900, 1, 1) <= value <= datetime.date(2100, 12, 31):
        _refuse(indicator, _("enter a date between 1900 and 2100."))
    return value


def _number(indicator, raw):
    kind = indicator.answer_type
    if isinstance(raw, bool):
        _refuse(indicator, _("enter a number."))
    try:
        value = Decimal(str(raw).strip().replace(" ", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        _refuse(indicator, _("enter a number."))
    if value.as_tuple().exponent < -2:
        _refuse(indicator, _("use at most two decimals."))
    low, high = Decimal(0), LARGEST
    if kind == AnswerType.SCALE:
        if value != value.to_integral():
            _refuse(indicator, _("choose a level from 0 to 4."))
        high = SCALE_TOP
    elif kind == AnswerType.PERCENTAGE:
        high = Decimal(100)
    if indicator.minimum is not None:
        low = max(low, indicator.minimum)
    if indicator.maximum is not None:
        high = min(high, indicator.maximum)
    if value < low and high == LARGEST:
        _refuse(indicator, _("enter a value of at least %(low)s.") % {"low": figure(low)})
    if not low <= value <= high:
        bounds = {"low": figure(low), "high": figure(high)}
        _refuse(indicator, _("enter a value from %(low)s to %(high)s.") % bounds)
    return value


def values_of(assessment, answers=None):
    """{indicator id: value} of an assessment's answered indicators (``answers``: its
    answers, already read, to spare a query)."""
    if answers is None:
        answers = assessment.answers.select_related("indicator")
    found = {}
    for answer in answers:
        value = getattr(answer, FIELD_OF[answer.indicator.answer_type])
        if value not in ("", None):
            found[answer.indicator_id] = value
    return found


def rule_problems(rules, values):
    """The consistency rules that ``values`` ({indicator id: value}) break."""
    found = []
    for rule in rules:
        target, when = values.get(rule.indicator_id), values.get(rule.when_id)
        if rule.kind == RuleKind.NOT_ABOVE:
            broken = target is not None and when is not None and target > when
        else:
            triggered = when is not None and str(when) in {str(v) for v in rule.values}
            if rule.kind == RuleKind.EMPTY_WHEN:
                broken = triggered and target is not None
            else:  # REQUIRED_WHEN
                broken = triggered and target is None
        if broken:
            found.append(Problem(rule.indicator, rule.message))
    return found


def problems(assessment, answers=None):
    """What stops ``assessment`` from being submitted, in questionnaire order: required
    indicators unanswered (computed ones excepted: their source may have no figure yet),
    then broken rules."""
    values = values_of(assessment, answers)
    framework = assessment.framework
    indicators = framework.indicators.select_related("pillar", "instrument")
    found = [
        Problem(indicator, _("an answer is required."))
        for indicator in indicators
        if indicator.required and not indicator.source and indicator.pk not in values
    ]
    rules = framework.rules.select_related("indicator", "when")
    return found + rule_problems(rules, values)


def completion(assessment, answers=None):
    """(answered, total) indicators of ``assessment``: its completion bar."""
    answered = len(values_of(assessment, answers))
    return answered, assessment.framework.indicators.count()
