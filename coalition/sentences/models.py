"""Final court sentences for trafficking in persons and related offences, their statistics,
and the agreements under which partners receive them.

A sentence is a record of one final (non-appealable) judgment. It names nobody: the system
gives it a pseudonymous reference, keeps only a keyed hash of the court file number (to find
duplicates), and counts defendants and victims by outcome, sex, age group and citizenship.
Its one free-text field, a legal summary, is screened for identifiers.

``Figure`` holds statistics at GLOTIP's grain, from two kinds of ``Source``: the national
records (kept current from the sentences on every write and import: ``aggregates.refresh``)
and each imported GLOTIP release.
"""

import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.core.files import private_storage
from coalition.core.models import CountryScoped, TimeStamped
from coalition.lib import limits
from coalition.lib.screening import refuse_identifiers
from coalition.sentences.choices import (
    AgeGroup,
    AgreementState,
    CourtLevel,
    Dimension,
    Exploitation,
    FigureAge,
    FigureSex,
    Indicator,
    OffenceCategory,
    Outcome,
    Sex,
    SourceKind,
)

# The approval kind (``core.Approval.kind``) of a country's sentences for one year.
APPROVAL_KIND = "sentences"

# Letters and digits that cannot be mistaken for one another when read aloud or copied.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def court_file_hash(country_iso2, number):
    """The keyed hash (HMAC-SHA256, key ``SENTENCE_HASH_KEY``) of a court file number.

    The number is normalized (case, spaces, dashes, dots and slashes ignored) so that
    "C-123/2021" and "c 123 2021" are the same file; the country is part of the message, so
    the same number in two countries are two files. The number itself is never stored.
    """
    normalized = "".join(ch for ch in str(number).upper() if ch.isalnum())
    message = f"{country_iso2.upper()}:{normalized}".encode()
    return hmac.new(settings.SENTENCE_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def new_reference(country_iso2, year):
    """A pseudonymous case reference: country, year and six random characters."""
    tail = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))
    return f"{country_iso2.upper()}-{year}-{tail}"


class Offence(CountryScoped, TimeStamped):
    """An offence of one country's law (its legal article), under a related-offence
    category: the list each country extends."""

    category = models.CharField(_("category"), max_length=30, choices=OffenceCategory.choices)
    name = models.CharField(_("offence, as the law names it"), max_length=200)
    legal_article = models.CharField(
        _("legal article"),
        max_length=100,
        help_text=_("For example: Art. 202 Ter, Código Penal."),
    )

    class Meta:
        ordering = ["country__iso2", "category", "legal_article"]
        verbose_name = _("offence")
        verbose_name_plural = _("offences")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "legal_article"], name="offence_unique_article_per_country"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.legal_article})"

    def get_absolute_url(self):
        return reverse("offence-list") + f"?country={self.country_id}"


class Sentence(CountryScoped, TimeStamped):
    """One final court sentence: counts of defendants and victims, never a person."""

    # Record-level data: seen and changed only by its country's editors and the regional
    # administrators (``core.access``), every read audited.
    sentence_records = True

    reference = models.CharField(_("case reference"), max_length=20, unique=True, editable=False)
    court_file_hash = models.CharField(_("court file (keyed hash)"), max_length=64, editable=False)
    court_level = models.CharField(_("court level"), max_length=20, choices=CourtLevel.choices)
    area = models.ForeignKey(
        "mapping.AdminArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first-level area"),
    )
    final_date = models.DateField(_("date the judgment became final"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False, db_index=True)
    offences = models.ManyToManyField(
        Offence, related_name="sentences", verbose_name=_("offences"), blank=True
    )
    exploitation_forms = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    prison_years = models.DecimalField(
        _("longest prison term (years)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    fine_amount = models.DecimalField(
        _("fines imposed (US dollars)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reparation_ordered = models.BooleanField(_("reparation ordered"), default=False)
    reparation_amount = models.DecimalField(
        _("reparation amount (US dollars)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    summary = models.TextField(
        _("legal summary"),
        blank=True,
        max_length=limits.NOTE,
        # The pages and the import (a form per row) run it through full_clean, the API
        # because a ModelSerializer copies a model field's validators.
        validators=[refuse_identifiers],
        help_text=_(
            "The offences, the legal reasoning and the penalties. Never a name, an address, a "
            "document number, a phone number or a date of birth."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-final_date", "reference"]
        verbose_name = _("final sentence")
        verbose_name_plural = _("final sentences")
        indexes = [models.Index(fields=["country", "year"], name="sentence_country_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "court_file_hash"], name="sentence_unique_court_file"
            ),
            models.CheckConstraint(
                condition=Q(prison_years__isnull=True) | Q(prison_years__gte=0),
                name="sentence_prison_years_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0),
                name="sentence_fine_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(reparation_amount__isnull=True)
                | (Q(reparation_ordered=True) & Q(reparation_amount__gte=0)),
                name="sentence_reparation_amount_when_ordered",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("sentence-detail", args=[self.pk])

    def set_court_file(self, number):
        """Keep the keyed hash of ``number``, never the number."""
        self.court_file_hash = court_file_hash(self.country.iso2, number)

    def save(self, *args, **kwargs):
        if self.final_date:
            self.year = self.final_date.year
        if not self.reference:
            self.reference = new_reference(self.country.iso2, self.year)
        super().save(*args, **kwargs)

    def exploitation_labels(self):
        names = dict(Exploitation.choices)
        return [names.get(code, code) for code in self.exploitation_forms]

    @property
    def exploitation_key(self):
        return exploitation_key(self.exploitation_forms)

    def snapshot(self):
        """The sentence, its offences and its counts, for the audit log (never the court
        file number, which is not kept)."""
        from coalition.core import audit

        cells = ("outcome", "sex", "age_group", "citizenship", "count")
        victim_cells = ("exploitation", "sex", "age_group", "citizenship", "count")
        return {
            **audit.snapshot(self),
            "defendants": [list(row) for row in self.defendants.values_list(*cells)],
            "victims": [list(row) for row in self.victims.values_list(*victim_cells)],
        }


def exploitation_key(forms):
    """The form of exploitation the statistics count a sentence's defendants under: its one
    form, "mixed" for several, None when none is recorded."""
    forms = forms or []
    if len(forms) == 1:
        return forms[0]
    return Exploitation.MIXED if forms else None


class Counted(models.Model):
    """Abstract base of a count of people of one sentence, by sex, age group and citizenship
    (ISO 3166-1 alpha-2; ``XX`` when unknown)."""

    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    citizenship = models.CharField(_("citizenship"), max_length=2)
    count = models.PositiveIntegerField(_("number of persons"))

    class Meta:
        abstract = True


class DefendantCount(Counted):
    """How many defendants of one sentence were convicted or acquitted, by sex, age group
    and citizenship."""

    sentence = models.ForeignKey(
        Sentence, on_delete=models.CASCADE, related_name="defendants", verbose_name=_("sentence")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)

    class Meta:
        ordering = ["sentence", "outcome", "sex", "age_group", "citizenship"]
        verbose_name = _("defendants counted")
        verbose_name_plural = _("defendants counted")
        constraints = [
            models.UniqueConstraint(
                fields=["sentence", "outcome", "sex", "age_group", "citizenship"],
                name="defendantcount_unique_cell",
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="defendantcount_positive"),
        ]

    def __str__(self):
        return f"{self.sentence}: {self.count} {self.get_outcome_display()}"

    def get_absolute_url(self):
        return self.sentence.get_absolute_url()


class VictimCount(Counted):
    """How many victims a sentence recognizes, by sex, age group, citizenship and form of
    exploitation. A count, never a person."""

    sentence = models.ForeignKey(
        Sentence, on_delete=models.CASCADE, related_name="victims", verbose_name=_("sentence")
    )
    exploitation = models.CharField(
        _("form of exploitation"), max_length=30, choices=Exploitation.choices
    )

    class Meta:
        ordering = ["sentence", "exploitation", "sex", "age_group", "citizenship"]
        verbose_name = _("victims counted")
        verbose_name_plural = _("victims counted")
        constraints = [
            models.UniqueConstraint(
                fields=["sentence", "exploitation", "sex", "age_group", "citizenship"],
                name="victimcount_unique_cell",
            ),
            models.CheckConstraint(condition=Q(count__gt=0), name="victimcount_positive"),
        ]

    def __str__(self):
        return f"{self.sentence}: {self.count}"

    def get_absolute_url(self):
        return self.sentence.get_absolute_url()


# --- statistics -----------------------------------------------------------------------------


class Source(TimeStamped):
    """Where figures come from: the national records (one row, kept current from the
    sentences), or one imported GLOTIP release."""

    kind = models.CharField(_("kind"), max_length=10, choices=SourceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    released = models.DateField(_("release date"), null=True, blank=True)
    file_name = models.CharField(_("imported file"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        ordering = ["kind", "-released", "name"]
        verbose_name = _("statistics source")
        verbose_name_plural = _("statistics sources")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind=SourceKind.NATIONAL),
                name="source_one_national_records",
            ),
            models.UniqueConstraint(fields=["name"], name="source_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("sentence-statistics")

    @classmethod
    def national(cls):
        source, _created = cls.objects.get_or_create(
            kind=SourceKind.NATIONAL, defaults={"name": "National records"}
        )
        return source


class Figure(models.Model):
    """One statistic at GLOTIP's grain: (country, year, indicator, dimension, category, sex,
    age) = value, from one source. A censored value (GLOTIP's ``<5``) keeps its bound in
    ``value`` with ``censored`` set: the true count is below it."""

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="figures", verbose_name=_("source")
    )
    country = models.ForeignKey(
        "core.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=20, choices=Indicator.choices)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    # A canonical code: "total", a form of exploitation, an ISO 3166 alpha-2 code ("XX"
    # unknown); ``category_label`` keeps the source's own words (repaired when damaged).
    category = models.CharField(_("category"), max_length=100)
    category_label = models.CharField(_("category, as published"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=FigureSex.choices)
    age = models.CharField(_("age"), max_length=10, choices=FigureAge.choices)
    value = models.PositiveIntegerField(_("value"))
    censored = models.BooleanField(
        _("censored"), default=False, help_text=_("Published as below this value (<5).")
    )

    class Meta:
        ordering = ["country__iso2", "year", "indicator", "dimension", "category", "sex", "age"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        indexes = [
            models.Index(fields=["source", "country", "year"], name="figure_source_country_year"),
            models.Index(fields=["indicator", "year"], name="figure_indicator_year"),
        ]

    def __str__(self):
        shown = f"<{self.value}" if self.censored else str(self.value)
        return f"{self.country_id} {self.year} {self.indicator} {self.category}: {shown}"

    def get_absolute_url(self):
        return reverse("sentence-statistics")


# --- sharing --------------------------------------------------------------------------------


class SharingAgreement(TimeStamped):
    """An agreement under which a partner organization receives the disclosure-controlled
    statistics of some countries, valid once each of those countries approved it."""

    # core.access: seen by the regional administrators, the partner organization's users and
    # the editors of the countries it covers; changed by the regional administrators only.
    sharing_agreement = True

    partner = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="sharing_agreements",
        verbose_name=_("partner organization"),
    )
    countries = models.ManyToManyField(
        "core.Country",
        through="AgreementCountry",
        related_name="+",
        verbose_name=_("countries covered"),
    )
    purpose = models.TextField(_("purpose"), max_length=limits.NOTE)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    age_recipient = models.CharField(
        _("partner's age public key"),
        max_length=100,
        blank=True,
        help_text=_("When given (age1…), packages are encrypted to it."),
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
        ordering = ["-valid_from", "partner__name"]
        verbose_name = _("sharing agreement")
        verbose_name_plural = _("sharing agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="sharingagreement_valid_period",
            ),
        ]

    def __str__(self):
        return f"{self.partner} ({self.valid_from:%Y-%m-%d} – {self.valid_to:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("sharing-agreement-detail", args=[self.pk])

    @property
    def reference(self):
        """How packages and pages name it: "SA-12"."""
        return f"SA-{self.pk}"

    def state(self, today=None):
        """One of ``AgreementState``: expired once past ``valid_to``, pending while a
        covered country has not approved it (or none is covered), upcoming before
        ``valid_from``, else valid. Reads ``coverage`` (prefetch it for lists)."""
        today = today or timezone.localdate()
        if today > self.valid_to:
            return AgreementState.EXPIRED
        coverage = list(self.coverage.all())
        if not coverage or any(row.approved_at is None for row in coverage):
            return AgreementState.PENDING
        if today < self.valid_from:
            return AgreementState.UPCOMING
        return AgreementState.VALID

    def is_valid(self, today=None):
        return self.state(today) == AgreementState.VALID


class AgreementCountry(models.Model):
    """One country covered by an agreement, and its editor's approval."""

    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.CASCADE, related_name="coverage"
    )
    country = models.ForeignKey("core.Country", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        ordering = ["agreement", "country__iso2"]
        verbose_name = _("country covered")
        verbose_name_plural = _("countries covered")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "country"], name="agreementcountry_unique_country"
            ),
        ]

    def __str__(self):
        return f"{self.agreement}: {self.country}"

    def get_absolute_url(self):
        return self.agreement.get_absolute_url()


def package_path(instance, filename):
    return f"shares/{instance.agreement_id}/{uuid.uuid4().hex}"


class SharePackage(models.Model):
    """One generated share package: signed, encrypted when the partner has a key, and
    available for download until it expires."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(
        SharingAgreement,
        on_delete=models.CASCADE,
        related_name="packages",
        verbose_name=_("agreement"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("generated by"),
    )
    created = models.DateTimeField(_("generated"), default=timezone.now)
    expires = models.DateTimeField(_("expires"))
    file = models.FileField(_("file"), storage=private_storage, upload_to=package_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    encrypted = models.BooleanField(_("encrypted"), default=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("share package")
        verbose_name_plural = _("share packages")

    def __str__(self):
        return f"{self.agreement} · {self.created:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return self.agreement.get_absolute_url()
