"""Compliance indicators of the Palermo Protocol (and other instruments), and each
country's yearly assessment against them.

A **framework** is a versioned questionnaire: pillars (prosecution, protection, prevention,
coordination, cooperation), each with its indicators. An indicator asks one question about
one article of an **instrument**, is answered in one way (yes/partially/no, a 0–4 scale, a
number, a percentage, a text, a date), scores its answer by one rule with one weight, and
may be *computed*: its value then comes from another capability's figures
(``indicators.sources``). Once an assessment that is not open uses a framework version, the
version is frozen: a change makes the next version (``indicators.loader``), and the
assessments keep the version they answered.

An **assessment** is one country's (or the regional level's) answers for one year. It is
approved through ``core.approvals`` (kind ``indicators``): submitted by the country's
editor, returned with a comment per indicator (``ReviewComment``) or approved (locked).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.core.models import ApprovalStep, Attachment, CountryScoped, TimeStamped
from coalition.indicators.choices import AnswerType, RuleKind, ScoringRule, Source
from coalition.lib import limits
from coalition.lib.text import localized

# The approval kind (``core.Approval.kind``) of a country's assessment for one year.
APPROVAL_KIND = "indicators"


class Bilingual:
    """``name``, ``question``... in the active language (Spanish is the text of record)."""

    def text(self, field):
        return localized(self, field)


class Instrument(Bilingual, models.Model):
    """An international instrument that indicators cite: the Trafficking in Persons
    Protocol (2000), the Convention against Transnational Organized Crime, ILO P29..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    short_name_es = models.CharField(_("short name (Spanish)"), max_length=60)
    short_name_en = models.CharField(_("short name (English)"), max_length=60, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    adopted = models.PositiveSmallIntegerField(_("year adopted"), null=True, blank=True)
    url = models.URLField(_("official text"), blank=True)

    class Meta:
        ordering = ["adopted", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self):
        return self.text("short_name")

    @property
    def name(self):
        return self.text("name")


class Framework(Bilingual, TimeStamped):
    """One version of an indicator framework. ``code`` names the framework across its
    versions ("palermo"); the highest ``version`` is the one new assessments answer."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    changes = models.TextField(
        _("what changed"), blank=True, help_text=_("What this version changes from the last.")
    )
    # The SHA-256 of the framework file this version was loaded from: loading the same
    # file again changes nothing.
    content_sha256 = models.CharField(_("SHA-256 of its file"), max_length=64, blank=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_unique_version"),
        ]

    def __str__(self):
        return f"{self.text('name')} · v{self.version}"

    def get_absolute_url(self):
        return reverse("framework-detail", args=[self.pk])

    @property
    def name(self):
        return self.text("name")

    @classmethod
    def latest(cls, code):
        return cls.objects.filter(code=code).order_by("-version").first()

    @property
    def frozen(self):
        """Is this version used by an assessment that is not open (so a change must make
        a new version)?"""
        from coalition.core.approvals import frozen_years

        used = self.assessments.values_list("country_id", "year")
        return bool(frozen_years(APPROVAL_KIND, used))


class Pillar(Bilingual, models.Model):
    """A pillar of a framework: prosecution; protection and assistance; prevention;
    national coordination; international cooperation. ``code`` stays the same across
    versions, so that scores compare from year to year."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="pillars", verbose_name=_("framework")
    )
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="pillar_unique_code"),
        ]

    def __str__(self):
        return self.text("name")

    @property
    def name(self):
        return self.text("name")


class Indicator(Bilingual, models.Model):
    """One question of a framework, citing one article (and paragraph) of an instrument."""

    framework = models.ForeignKey(
        Framework,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("framework"),
    )
    pillar = models.ForeignKey(
        Pillar, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("pillar")
    )
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    question_es = models.TextField(_("question (Spanish)"))
    question_en = models.TextField(_("question (English)"), blank=True)
    guidance_es = models.TextField(_("guidance (Spanish)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("instrument"),
    )
    article = models.CharField(_("article"), max_length=20)
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    answer_type = models.CharField(_("answer type"), max_length=10, choices=AnswerType.choices)
    scoring_rule = models.CharField(
        _("scoring rule"), max_length=10, choices=ScoringRule.choices, default=ScoringRule.NONE
    )
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The value that scores 1, for the rule “value ÷ target”."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    minimum = models.DecimalField(
        _("smallest value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("largest value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    required = models.BooleanField(_("answer required"), default=True)
    verification_es = models.TextField(_("verification sources (Spanish)"), blank=True)
    verification_en = models.TextField(_("verification sources (English)"), blank=True)
    source = models.CharField(
        _("computed from"),
        max_length=60,
        choices=Source.choices,
        blank=True,
        help_text=_("Empty when a person answers it; else the figure it is computed from."),
    )

    class Meta:
        ordering = ["framework", "pillar__order", "order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="indicator_unique_code"),
        ]

    def __str__(self):
        return f"{self.code}. {self.text('question')}"

    def get_absolute_url(self):
        return reverse("indicator-detail", args=[self.pk])

    @property
    def question(self):
        return self.text("question")

    @property
    def guidance(self):
        return self.text("guidance")

    @property
    def verification(self):
        return self.text("verification")

    @property
    def computed(self):
        return bool(self.source)

    @property
    def scored(self):
        return self.scoring_rule != ScoringRule.NONE and self.weight > 0

    @property
    def reference(self):
        """ "Art. 5.1" in the active language, with the instrument's short name."""
        from django.utils.translation import gettext

        cited = self.article + (f".{self.paragraph}" if self.paragraph else "")
        return gettext("%(instrument)s, art. %(article)s") % {
            "instrument": self.instrument,
            "article": cited,
        }


class ValidationRule(Bilingual, models.Model):
    """A consistency rule between two answers (DHIS2's validation rules): ``indicator``
    *must be empty when* / *is required when* ``when`` is answered one of ``values``;
    ``indicator`` *may not be greater than* ``when``. A broken rule is shown with
    ``message`` and stops the assessment from being submitted."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="rules", verbose_name=_("framework")
    )
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=20, choices=RuleKind.choices)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    when = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("when indicator"),
    )
    values = models.JSONField(
        _("when answered"), default=list, blank=True, help_text=_("Answers that trigger it.")
    )
    message_es = models.CharField(_("message (Spanish)"), max_length=300)
    message_en = models.CharField(_("message (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["framework", "code"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="rule_unique_code"),
        ]

    def __str__(self):
        return f"{self.code}: {self.text('message')}"

    @property
    def message(self):
        return self.text("message")


class Assessment(CountryScoped, TimeStamped):
    """A country's (or the regional level's) answers to one framework version for one
    year. Its state is its ``core.Approval`` (kind ``indicators``).

    Who reads it: its country's data roles and the regional administrators; once
    approved, every member and partner (``shared_once_approved``). Who changes it: its
    country's editors and the regional administrators (``editors_only``), while it is
    open or returned."""

    # core.access: readable by every reader once its year is approved; edited by editors.
    shared_once_approved = (APPROVAL_KIND, "year")
    editors_only = True

    framework = models.ForeignKey(
        Framework,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("framework"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answers copied from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["country__iso2", "-year"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="assessment_unique_year"),
        ]

    def __str__(self):
        return _("%(country)s, %(year)s") % {"country": self.country, "year": self.year}

    def get_absolute_url(self):
        return reverse("assessment-detail", args=[self.pk])

    def approval(self):
        from coalition.core.approvals import approval_for

        return approval_for(APPROVAL_KIND, self.country, self.year)

    @property
    def state(self):
        return self.approval().state


class Answer(TimeStamped):
    """One indicator's answer in one assessment: the value in the field its answer type
    uses, a comment, a link to its evidence (files: ``AnswerEvidence``), and its score
    (``scoring.score``, kept on every save). A computed indicator's value is copied from
    its source (``computed_at`` says when)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="answers", verbose_name=_("assessment")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="answers", verbose_name=_("indicator")
    )
    choice = models.CharField(_("answer"), max_length=10, blank=True)
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=limits.NOTE)
    date = models.DateField(_("date"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=limits.NOTE)
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=4, null=True, blank=True, editable=False
    )
    computed_at = models.DateTimeField(_("computed on"), null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["assessment", "indicator__pillar__order", "indicator__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="answer_unique"),
        ]

    def __str__(self):
        return f"{self.assessment} · {self.indicator.code}"

    def get_absolute_url(self):
        return self.assessment.get_absolute_url() + f"#indicator-{self.indicator_id}"

    @property
    def value(self):
        """The answer in the field of its indicator's answer type (None: unanswered)."""
        from coalition.indicators.scoring import value_of

        return value_of(self.indicator, self)

    @property
    def answered(self):
        return self.value is not None

    def save(self, *args, **kwargs):
        from coalition.indicators.scoring import score

        self.score = score(self.indicator, self.value)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "score"}
        super().save(*args, **kwargs)


class AnswerEvidence(Attachment):
    """A file that supports an answer (a law, a report, minutes...). Its ``country`` is
    its assessment's."""

    shared_once_approved = (APPROVAL_KIND, "answer__assessment__year")
    editors_only = True
    upload_folder = "indicators"
    download_url = "answer-evidence-download"

    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="files", verbose_name=_("answer")
    )

    class Meta(Attachment.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class ReviewComment(models.Model):
    """What a regional administrator asked to correct in one indicator when returning an
    assessment: kept with the return (``step``), shown to the editors next to the
    indicator until the assessment is submitted again."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="review_comments",
        verbose_name=_("assessment"),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    step = models.ForeignKey(
        ApprovalStep, on_delete=models.CASCADE, related_name="+", verbose_name=_("return")
    )
    text = models.TextField(_("comment"), max_length=limits.NOTE)

    class Meta:
        ordering = ["assessment", "-step__time", "indicator__pillar__order", "indicator__order"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        constraints = [
            models.UniqueConstraint(fields=["step", "indicator"], name="review_comment_unique"),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.text}"

    def get_absolute_url(self):
        return self.assessment.get_absolute_url() + f"#indicator-{self.indicator_id}"
