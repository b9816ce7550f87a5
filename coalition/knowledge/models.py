"""Knowledge and cooperation (objectives III, IV and VII of the 2012 plan): what each
country and the region learn and agree on, and how they tell the public.

- A **SWOT** (FODA) belongs to a country, or to the regional level, for one exercise
  (year). Its items sit in one of four quadrants and one axis of action. The regional SWOT
  is consolidated from country items: a regional item keeps the country items it was made
  from (``sources``), so where each came from is never lost.
- A **good practice** is reviewed before it is published; only published ones reach the
  public site, and then without the contact person.
- A **cooperation agreement** (convenio) has parties, a status and dates; those signed
  count live on the plan activities they are linked to ("Convenios o acuerdos firmados").
- A **campaign** is national or regional (its country is then the regional level), runs
  on channels, reports its reach, and verifies objective IV activities. Its approved
  materials may be published on the public site.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.core.choices import Axis
from coalition.core.models import Attachment, CountryScoped, Publishable, TimeStamped
from coalition.knowledge.choices import (
    EXPIRING_STATUSES,
    AgreementKind,
    AgreementStatus,
    Audience,
    Channel,
    Language,
    MaterialKind,
    PracticeStatus,
    Quadrant,
    Replicability,
)
from coalition.lib import limits
from coalition.lib.text import fold


def labels(choices, codes):
    """The labels of ``codes`` in a TextChoices class, in the order given."""
    names = dict(choices.choices)
    return [names.get(code, code) for code in codes]


# Named by migration 0001 only: the files now follow core.models.Attachment.
def file_path(instance, filename):
    return f"knowledge/{instance.country_id}/{uuid.uuid4().hex}"


def _created_by():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )


# --- SWOT (FODA) -------------------------------------------------------------------------


class Swot(CountryScoped, TimeStamped):
    """One country's (or the regional level's) SWOT for one exercise (year)."""

    year = models.PositiveSmallIntegerField(_("exercise (year)"))
    summary = models.TextField(_("summary"), blank=True, max_length=limits.SUMMARY)
    created_by = _created_by()

    class Meta:
        ordering = ["-year", "country__name_es"]
        verbose_name = _("SWOT")
        verbose_name_plural = _("SWOTs")
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="knowledge_swot_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="knowledge_swot_year_range"
            ),
        ]

    def __str__(self):
        return f"{_('SWOT')} {self.country} {self.year}"

    def get_absolute_url(self):
        return reverse("swot-detail", args=[self.pk])

    def snapshot(self):
        """The SWOT and its items, for the audit log."""
        from coalition.core import audit

        return {
            **audit.snapshot(self),
            "items": [
                {**audit.snapshot(item), "sources": sorted(s.pk for s in item.sources.all())}
                for item in self.items.prefetch_related("sources")
            ],
        }


class SwotItem(models.Model):
    """One strength, weakness, opportunity or threat, on one axis of action."""

    swot = models.ForeignKey(
        Swot, on_delete=models.CASCADE, related_name="items", verbose_name=_("SWOT")
    )
    quadrant = models.CharField(_("quadrant"), max_length=12, choices=Quadrant.choices)
    axis = models.CharField(_("axis of action"), max_length=20, choices=Axis.choices)
    text = models.TextField(_("item"), max_length=limits.SUMMARY)
    evidence = models.TextField(_("evidence"), blank=True, max_length=limits.SUMMARY)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # A regional item consolidated from country items: the items it was made from.
    sources = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="consolidated_into",
        verbose_name=_("consolidated from"),
    )

    class Meta:
        ordering = ["swot", "quadrant", "position", "pk"]
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        indexes = [models.Index(fields=["quadrant", "axis"], name="knowledge_item_cell")]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return self.swot.get_absolute_url()


# --- good practices ----------------------------------------------------------------------

PRACTICE_PUBLIC_FIELDS = (
    "title", "country", "axis", "institution", "year", "description", "results",
    "success_factors", "replicability", "replicability_notes",
)  # fmt: skip


class Practice(Publishable, CountryScoped, TimeStamped):
    """A good practice: what was done, what it achieved, why it worked, whether it travels."""

    # A contributor edits only the practices of its own institution (see access.restrict).
    owner_organization_field = "institution"
    # What the public page shows: never the contact person nor the documents.
    public_fields = PRACTICE_PUBLIC_FIELDS

    title = models.CharField(_("title"), max_length=200)
    axis = models.CharField(_("axis of action"), max_length=20, choices=Axis.choices)
    institution = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=limits.NARRATIVE)
    results = models.TextField(_("results"), blank=True, max_length=limits.DESCRIPTION)
    success_factors = models.TextField(
        _("what made it work"), blank=True, max_length=limits.DESCRIPTION
    )
    replicability = models.CharField(
        _("replicability"), max_length=10, choices=Replicability.choices, blank=True
    )
    replicability_notes = models.TextField(
        _("how it can be replicated"), blank=True, max_length=limits.SUMMARY
    )
    contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
        help_text=_("From the directory. Never shown on the public site."),
    )
    status = models.CharField(
        _("review status"),
        max_length=10,
        choices=PracticeStatus.choices,
        default=PracticeStatus.DRAFT,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = _created_by()
    # Title, description, results and institution folded, so that "panama" finds "Panamá".
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        indexes = [models.Index(fields=["status", "axis"], name="knowledge_practice_status")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = self.folded_text()
        super().save(*args, **kwargs)

    def folded_text(self):
        """What a search looks in: title, institution and what the practice says, folded."""
        institution = self.institution.name if self.institution_id else ""
        return fold(
            f"{self.title} {institution} {self.description} {self.results} {self.success_factors}"
        )

    def get_absolute_url(self):
        return reverse("practice-detail", args=[self.pk])

    @property
    def is_published(self):
        return self.status == PracticeStatus.PUBLISHED


class PracticeDocument(Attachment):
    """A file of a good practice: a report, a protocol, a photo of the activity."""

    upload_folder = "knowledge"
    download_url = "practice-document"

    practice = models.ForeignKey(
        Practice, on_delete=models.CASCADE, related_name="documents", verbose_name=_("practice")
    )

    class Meta(Attachment.Meta):
        verbose_name = _("practice document")
        verbose_name_plural = _("practice documents")


# --- cooperation agreements ---------------------------------------------------------------


def lapsed_agreements(prefix=""):
    """A Q of the agreements recorded as signed or in force whose expiry date has passed
    (``prefix`` to reach them through a relation, e.g. "agreement__")."""
    return Q(
        **{
            f"{prefix}status__in": EXPIRING_STATUSES,
            f"{prefix}expires_on__lt": timezone.localdate(),
        }
    )


def shown_status():
    """``Agreement.shown_status`` as a database expression, to filter and count by it."""
    return models.Case(
        models.When(lapsed_agreements(), then=models.Value(AgreementStatus.EXPIRED.value)),
        default=models.F("status"),
        output_field=models.CharField(),
    )


class Agreement(CountryScoped, TimeStamped):
    """A cooperation agreement (convenio) with police, prosecutors, migration or the
    judiciary, kept by the country (or the regional level) that follows it up."""

    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("type"), max_length=12, choices=AgreementKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.IDEA
    )
    summary = models.TextField(_("purpose"), blank=True, max_length=limits.SUMMARY)
    party_countries = models.ManyToManyField(
        "core.Country", blank=True, related_name="+", verbose_name=_("party countries")
    )
    party_organizations = models.ManyToManyField(
        "core.Organization", blank=True, related_name="+", verbose_name=_("party organizations")
    )
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    obligations = models.TextField(_("obligations"), blank=True, max_length=limits.NARRATIVE)
    focal_points = models.ManyToManyField(
        "directory.Contact", blank=True, related_name="+", verbose_name=_("focal points")
    )
    focal_points_notes = models.TextField(
        _("other focal points"),
        blank=True,
        max_length=limits.NOTE,
        help_text=_("Offices or positions not in the directory; no personal data."),
    )
    activities = models.ManyToManyField(
        "plans.Activity", blank=True, related_name="agreements", verbose_name=_("plan activities")
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Shown on the public site: its title, type, parties, dates and purpose, and its "
            "documents, which anyone may download there."
        ),
    )
    # The day the expiry alert went out, so that it is sent once (send_agreement_alerts).
    alert_sent_on = models.DateField(_("expiry alert sent"), null=True, blank=True, editable=False)
    created_by = _created_by()
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(signed_on__lte=models.F("effective_on")),
                name="knowledge_agreement_effective_after_signed",
            ),
            models.CheckConstraint(
                condition=Q(effective_on__isnull=True)
                | Q(expires_on__isnull=True)
                | Q(effective_on__lt=models.F("expires_on")),
                name="knowledge_agreement_expires_after_effective",
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="knowledge_agreement_due")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.summary} {self.obligations}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreement-detail", args=[self.pk])

    @property
    def lapsed(self):
        """Whether its expiry date has passed while it is recorded as signed or in force."""
        return (
            self.status in EXPIRING_STATUSES
            and self.expires_on is not None
            and self.expires_on < timezone.localdate()
        )

    @property
    def shown_status(self):
        """The status every page and export shows: expired once the expiry date has passed,
        so that no page says "in force" beside "expired"."""
        return AgreementStatus.EXPIRED if self.lapsed else self.status

    def get_shown_status_display(self):
        return str(AgreementStatus(self.shown_status).label)

    def snapshot(self):
        """The agreement's fields and links, for the audit log."""
        from coalition.core import audit

        return {
            **audit.snapshot(self),
            "party_countries": sorted(self.party_countries.values_list("pk", flat=True)),
            "party_organizations": sorted(self.party_organizations.values_list("pk", flat=True)),
            "focal_points": sorted(self.focal_points.values_list("pk", flat=True)),
            "activities": sorted(self.activities.values_list("pk", flat=True)),
        }


class AgreementDocument(Attachment):
    """A file of an agreement: the signed text, an addendum, minutes of its follow-up."""

    upload_folder = "knowledge"
    download_url = "agreement-document"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )

    class Meta(Attachment.Meta):
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")


# --- campaigns ---------------------------------------------------------------------------


CAMPAIGN_PUBLIC_FIELDS = (
    "title", "country", "message", "channels", "starts", "ends", "audiences", "languages",
    "organizations", "broadcasts", "brochures_printed", "cards_printed", "web_visits",
    "social_reach",
)  # fmt: skip
MATERIAL_PUBLIC_FIELDS = (
    "campaign", "title", "kind", "language", "description", "original_name", "content_type",
    "size",
)  # fmt: skip


class Campaign(Publishable, CountryScoped, TimeStamped):
    """An awareness campaign, national or regional (objective IV). Its public fields are
    published with its first published material and again when an editor publishes its
    changes; the public pages show that version."""

    public_fields = CAMPAIGN_PUBLIC_FIELDS
    public_list_choices = {"channels": Channel, "audiences": Audience, "languages": Language}

    title = models.CharField(_("title"), max_length=200)
    message = models.TextField(_("key message"), blank=True, max_length=limits.NOTE)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"), null=True, blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    organizations = models.ManyToManyField(
        "core.Organization", blank=True, related_name="+", verbose_name=_("partners")
    )
    activities = models.ManyToManyField(
        "plans.Activity", blank=True, related_name="campaigns", verbose_name=_("plan activities")
    )
    broadcasts = models.PositiveIntegerField(_("radio and TV broadcasts"), null=True, blank=True)
    brochures_printed = models.PositiveIntegerField(_("brochures printed"), null=True, blank=True)
    cards_printed = models.PositiveIntegerField(_("cards printed"), null=True, blank=True)
    web_visits = models.PositiveIntegerField(_("web visits"), null=True, blank=True)
    social_reach = models.PositiveIntegerField(_("social media reach"), null=True, blank=True)
    created_by = _created_by()
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-starts", "title"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__isnull=True) | Q(starts__lte=models.F("ends")),
                name="knowledge_campaign_range",
            ),
        ]
        indexes = [models.Index(fields=["starts"], name="knowledge_campaign_starts")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.message}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("campaign-detail", args=[self.pk])

    def channel_labels(self):
        return labels(Channel, self.channels)

    def audience_labels(self):
        return labels(Audience, self.audiences)

    def language_labels(self):
        return labels(Language, self.languages)

    def snapshot(self):
        """The campaign's fields and links, for the audit log."""
        from coalition.core import audit

        return {
            **audit.snapshot(self),
            "organizations": sorted(self.organizations.values_list("pk", flat=True)),
            "activities": sorted(self.activities.values_list("pk", flat=True)),
        }


class CampaignMaterial(Publishable, Attachment):
    """A material of a campaign: an audio spot, a brochure, a card, an image. Approved
    materials may be published; published ones anyone can download from the public site."""

    public_fields = MATERIAL_PUBLIC_FIELDS
    upload_folder = "knowledge"
    download_url = "campaign-material"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="materials", verbose_name=_("campaign")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ES
    )
    approved = models.BooleanField(_("approved"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    published = models.BooleanField(
        _("published on the public site"),
        default=False,
        help_text=_("Only an approved material can be published."),
    )

    class Meta(Attachment.Meta):
        ordering = ["campaign", "title", "pk"]
        verbose_name = _("campaign material")
        verbose_name_plural = _("campaign materials")
        constraints = [
            models.CheckConstraint(
                condition=Q(published=False) | Q(approved=True),
                name="knowledge_material_published_approved",
            ),
        ]

    def __str__(self):
        return self.title
