"""The directory's key contacts. Institutions are core's organizations, extended with their
services, populations, coverage, phones and verification date (core.models.Organization).

A contact is a person (name, position) or an institutional line (a help line, an office)
of an institution. Only lines may be public; a person's own details never are. Contacts
are personal data: only the data roles of their country (and everyone's regional level)
read them (``personal_data``). Every record says when it was last confirmed correct; one
older than 180 days is stale.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coalition.core.models import CountryScoped, TimeStamped, Verified
from coalition.directory.choices import ContactKind, Language
from coalition.lib import limits
from coalition.lib.phones import display
from coalition.lib.text import fold


def institution_text(organization):
    """What an institution is found by: its names, services in both languages, the places
    it covers and its country."""
    services = []
    for language in ("es", "en"):
        with translation.override(language):
            services += [str(label) for label in organization.service_labels()]
    country = organization.country
    parts = [
        organization.name,
        organization.acronym,
        *services,
        *organization.coverage,
        country.name_es,
        country.name_en,
    ]
    return fold(" ".join(p for p in parts if p))


class Contact(CountryScoped, Verified, TimeStamped):
    personal_data = True
    # A contributor edits only the contacts of its own institution (see access.restrict).
    owner_organization_field = "organization"
    # A public line's page is open to every reader, with its public fields only.
    has_public_page = True

    kind = models.CharField(
        _("kind"), max_length=10, choices=ContactKind.choices, default=ContactKind.PERSON
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("institution"),
    )
    axes = models.JSONField(_("axes of action"), default=list, blank=True)
    phones = models.JSONField(_("phones"), default=list, blank=True)
    emails = models.JSONField(_("e-mails"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    international = models.BooleanField(
        _("international key contact"),
        default=False,
        help_text=_("Printed on the cards of key international contacts."),
    )
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Only an institutional line (a help line, an office) may be public."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=limits.NOTE)
    # Name, position, institution, services and places folded, for search.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ContactKind.PERSON, public=True),
                name="directory_person_never_public",
            ),
        ]
        indexes = [
            models.Index(fields=["country", "last_verified"]),
            models.Index(fields=["public"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = self.text_for_search()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contact-detail", args=[self.pk])

    def text_for_search(self):
        """Name, position, the institution's names, services (in Spanish and English) and
        places, folded: what the directory's search box matches."""
        return fold(f"{self.name} {self.position} {institution_text(self.organization)}")

    @property
    def phones_display(self):
        return [display(p) for p in self.phones]

    def language_labels(self):
        labels = dict(Language.choices)
        return [labels.get(code, code) for code in self.languages]

    def axis_labels(self):
        from coalition.core.choices import Axis

        labels = dict(Axis.choices)
        return [labels.get(code, code) for code in self.axes]
