"""Meetings and trainings: events, the professionals who attend them, attendance per day,
materials, and the private calendar feeds.

An event belongs to one country (or to the regional level) and goes through the access
layer like every country-scoped record. A participant is a professional (never a victim)
and belongs to the country they work in; their contact details are personal data that
only the data roles of that country read (``personal_data``). Attendance is one row per
participant and day of the event, so multi-day events keep who came on which day.
"""

import datetime
import hashlib
import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coalition.core.models import Attachment, CountryScoped, TimeStamped
from coalition.events.choices import EventKind, EventStatus, Profession, Sex
from coalition.lib import limits
from coalition.lib.phones import display
from coalition.lib.text import fold

# A longer event is a programme of events: record each part on its own.
MAX_EVENT_DAYS = 31
# Events are dated within these years (a mistyped year such as 0202 is caught).
FIRST_YEAR, LAST_YEAR = 1990, 2100


def date_errors(starts, ends, event=None):
    """What is wrong with an event's days, as ``{field: message}``: the form and the API
    both apply it. An event that has attendance cannot lose the days it was recorded on."""
    from django.utils.translation import gettext

    for name, day in (("starts", starts), ("ends", ends)):
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            return {
                name: gettext("Enter a date between %(first)s and %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            }
    if ends < starts:
        return {"ends": gettext("The event cannot end before it starts.")}
    if (ends - starts).days >= MAX_EVENT_DAYS:
        return {
            "ends": gettext(
                "An event lasts at most %(days)s days; record longer programs in parts."
            )
            % {"days": MAX_EVENT_DAYS}
        }
    if event is not None and event.pk and event.attendance.exclude(day__range=(starts, ends)):
        return {
            "ends": gettext(
                "Some attendance is recorded on days outside these dates. Remove it before "
                "changing the dates."
            )
        }
    return {}


def identity_key(text):
    """A name reduced to what identifies it: folded, without punctuation.

    "  José  Pérez-Ruiz " and "jose perez ruiz" give the same key.
    """
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


class Event(CountryScoped, TimeStamped):
    """A meeting, workshop or training: what the plan's "Listas de asistencia" and "Número
    de talleres" verify."""

    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=limits.DESCRIPTION)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"))
    host_country = models.ForeignKey(
        "core.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host country"),
        help_text=_("For a regional event: the country where it takes place."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    organizers = models.ManyToManyField(
        "core.Organization", blank=True, related_name="+", verbose_name=_("organizers")
    )
    supporters = models.ManyToManyField(
        "core.Organization",
        blank=True,
        related_name="+",
        verbose_name=_("funding and support"),
    )
    activities = models.ManyToManyField(
        "plans.Activity", blank=True, related_name="events", verbose_name=_("plan activities")
    )
    audiences = models.JSONField(_("target audiences"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    outcomes = models.TextField(_("outcomes and minutes"), blank=True, max_length=limits.NARRATIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Title, city and venue folded, so that "panama" finds "Panamá".
    search_text = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["-starts", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(starts__lte=models.F("ends")), name="events_range"),
        ]
        indexes = [models.Index(fields=["starts"]), models.Index(fields=["status", "kind"])]

    def __str__(self):
        return f"{self.title} ({self.starts:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.city} {self.venue}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("event-detail", args=[self.pk])

    @property
    def days(self):
        """Each date of the event, first to last."""
        count = (self.ends - self.starts).days + 1
        return [self.starts + datetime.timedelta(days=n) for n in range(max(count, 1))]

    @property
    def is_multi_day(self):
        return self.ends > self.starts

    @property
    def place_country(self):
        return self.host_country or self.country

    @property
    def place(self):
        """ "Hotel Las Américas, San José, Costa Rica" (what is known of it)."""
        country = self.place_country
        parts = [self.venue, self.city, "" if country.is_regional else country.name]
        return ", ".join(p for p in parts if p)

    def snapshot(self):
        """The event's fields and links, for the audit log."""
        from coalition.core import audit

        return {
            **audit.snapshot(self),
            "organizers": sorted(self.organizers.values_list("pk", flat=True)),
            "supporters": sorted(self.supporters.values_list("pk", flat=True)),
            "activities": sorted(self.activities.values_list("pk", flat=True)),
        }

    def audience_labels(self):
        labels = dict(Profession.choices)
        return [labels.get(code, code) for code in self.audiences]


# Named by migration 0001 only: the files now follow core.models.Attachment.
def material_path(instance, filename):
    return f"events/{instance.country_id}/{uuid.uuid4().hex}"


class Material(Attachment):
    """A file of an event: agenda, presentation, minutes, photo of the signed list..."""

    upload_folder = "events"
    download_url = "material-download"

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("event")
    )

    class Meta(Attachment.Meta):
        verbose_name = _("material")
        verbose_name_plural = _("materials")


class Participant(CountryScoped, TimeStamped):
    """A professional who attended an event, once however many events they attend.

    The same person is recognised by the same name and institution (both compared folded,
    without punctuation) or by the same e-mail address.
    """

    # Contact details are personal data: only the data roles of the participant's country
    # read these rows (see access.restrict); everyone else sees counts.
    personal_data = True

    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("institution in the directory"),
    )
    organization_name = models.CharField(_("institution"), max_length=200)
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    name_key = models.CharField(max_length=150, editable=False)
    organization_key = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "organization_key"], name="events_participant_identity"
            ),
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="events_participant_email"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.name_key = identity_key(self.name)
        self.organization_key = identity_key(self.organization_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("participant-detail", args=[self.pk])

    @property
    def phone_display(self):
        """The phone as the directory shows phones ("+506 8888 1111")."""
        return display(self.phone) if self.phone else ""


class Attendance(models.Model):
    """One participant present at one event on one day."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("event")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("participant"),
    )
    day = models.DateField(_("day"))
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["event", "day"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant", "day"], name="events_attendance_once"
            ),
        ]

    def __str__(self):
        return f"{self.participant} @ {self.event} ({self.day:%Y-%m-%d})"


class FeedToken(TimeStamped):
    """A private calendar address: whoever holds the URL reads the events of one country
    (or of the regional level) that its owner may see. Only the key's hash is stored; the
    owner revokes it at any time, and it stops working when the owner loses access."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("owner"),
    )
    country = models.ForeignKey(
        "core.Country", on_delete=models.CASCADE, related_name="+", verbose_name=_("calendar of")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user} · {self.country}"

    @staticmethod
    def hash(key):
        return hashlib.sha256(key.encode()).hexdigest()
