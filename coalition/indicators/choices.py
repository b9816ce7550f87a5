"""Value lists of the Palermo Protocol compliance indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AnswerType(models.TextChoices):
    """How an indicator is answered."""

    YES_PARTIAL_NO = "ynp", _("Yes, partial or no")
    SCALE = "scale", _("Scale from 0 to 4")
    NUMBER = "number", _("Number")
    PERCENTAGE = "percent", _("Percentage")
    TEXT = "text", _("Text")
    DATE = "date", _("Date")


class YesPartialNo(models.TextChoices):
    YES = "yes", _("Yes")
    PARTIAL = "partial", _("Partially")
    NO = "no", _("No")


class ScoringRule(models.TextChoices):
    """How an answer becomes a score between 0 and 1 (``scoring.score``); the label is
    the formula the pages show next to the score."""

    NONE = "none", _("Not scored")
    YES_PARTIAL_NO = "ynp", _("Yes = 1, partially = 0.5, no = 0")
    SCALE = "scale", _("Level ÷ 4")
    TARGET = "target", _("Value ÷ target, at most 1")
    ABOVE_ZERO = "positive", _("1 when above zero, else 0")
    ANSWERED = "answered", _("1 when answered")


# The rules an answer type may use.
RULES_FOR = {
    AnswerType.YES_PARTIAL_NO: {ScoringRule.NONE, ScoringRule.YES_PARTIAL_NO},
    AnswerType.SCALE: {ScoringRule.NONE, ScoringRule.SCALE, ScoringRule.TARGET},
    AnswerType.NUMBER: {ScoringRule.NONE, ScoringRule.TARGET, ScoringRule.ABOVE_ZERO},
    AnswerType.PERCENTAGE: {ScoringRule.NONE, ScoringRule.TARGET, ScoringRule.ABOVE_ZERO},
    AnswerType.TEXT: {ScoringRule.NONE, ScoringRule.ANSWERED},
    AnswerType.DATE: {ScoringRule.NONE, ScoringRule.ANSWERED},
}


class Source(models.TextChoices):
    """Where a computed indicator's value comes from: one figure of another capability,
    read through its ``metrics.py`` (``indicators.sources``)."""

    PERSONS_CONVICTED = "sentences.persons_convicted", _("Persons convicted (court sentences)")
    JUSTICE_TRAINED = "events.justice_trained", _("Judges and prosecutors trained (events)")
    INSTITUTIONS_VERIFIED = (
        "directory.institutions_verified",
        _("Victim-protection institutions verified in the last 180 days (directory)"),
    )
    ACTIVITIES_COMPLETED = "plans.activities_completed", _("Plan activities completed (plans)")
    AGREEMENTS_IN_FORCE = (
        "knowledge.agreements_in_force",
        _("Cooperation agreements in force (knowledge)"),
    )
    REPATRIATIONS_IN_TIME = (
        "coordination.repatriations_in_time",
        _("Repatriation requests answered in time (coordination)"),
    )


class RuleKind(models.TextChoices):
    """A validation rule between two answers of an assessment (DHIS2's validation rules)."""

    EMPTY_WHEN = "empty_when", _("must be empty when")
    REQUIRED_WHEN = "required_when", _("is required when")
    NOT_ABOVE = "not_above", _("may not be greater than")
