"""Referrals between victim-assistance offices: one office asks an office of another
country (or its own) for help with a person it assists (repatriation support, family
tracing, documents, protection...).

A referral never carries the person's identity. The system gives it a **pseudonymous
reference** (``GT-SV-26-K7Q4MX``); the identity travels only through official channels
outside the system, under that reference. What it holds of the person is a minimal
profile for counting and for planning the help: age group, sex, nationality, languages,
needs and forms of exploitation. Every free text (the summary, a step's note, a message)
goes through the identifier screen (``lib.screening``) and is purged once the referral has
been closed for ``REFERRAL_RETENTION_DAYS`` (``coordination.retention``), leaving only
the statistical fields.

Who sees a referral: the people of its sending and receiving organizations, the country
editors of their two countries and the regional administrators (``between_offices`` in
``core.access``); everyone else gets 404. The receiving side acknowledges, works on,
completes or declines it; the sending side may cancel it (``coordination.workflow``).
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.coordination.choices import (
    ACKNOWLEDGE_WITHIN,
    ANSWERED_STATUSES,
    CLOSED_STATUSES,
    OPEN_STATUSES,
    RESPOND_WITHIN,
    AgeGroup,
    AlertKind,
    ReferralKind,
    Side,
    Status,
    Urgency,
)
from coalition.core.choices import Sex
from coalition.core.models import CountryScoped, ScopedQuerySet, TimeStamped
from coalition.lib import limits
from coalition.lib.screening import refuse_identifiers

# Letters and digits that cannot be read one for another (no 0/O, 1/I/L, U).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
REFERENCE_LENGTH = 6

# The fields a purge keeps: what the statistics count. Every other text goes.
FREE_TEXT_FIELDS = ("summary",)


def new_reference(sender_country, receiver_country, when=None):
    """A fresh pseudonymous reference: the two countries, the year and six random
    characters (``GT-SV-26-K7Q4MX``). It says nothing of the person, and nothing of how many
    referrals came before it."""
    when = when or timezone.now()
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    pair = "-".join(
        country.scope_code[:2].upper() for country in (sender_country, receiver_country)
    )
    return f"{pair}-{when:%y}-{code}"


def overdue_q(now):
    """A ``Q`` over referrals: acknowledgement or response overdue at ``now``."""
    return models.Q(status=Status.SENT, acknowledge_by__lt=now) | models.Q(
        status__in=OPEN_STATUSES, respond_by__lt=now
    )


class ReferralQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self):
        return self.filter(status__in=CLOSED_STATUSES)

    def acknowledgement_overdue(self, now=None):
        """Sent and not acknowledged (nor declined) past their acknowledgement deadline."""
        return self.filter(status=Status.SENT, acknowledge_by__lt=now or timezone.now())

    def response_overdue(self, now=None):
        """Still open past their response deadline."""
        return self.open().filter(respond_by__lt=now or timezone.now())

    def overdue(self, now=None):
        return self.filter(overdue_q(now or timezone.now()))


class Referral(CountryScoped, TimeStamped):
    """One request of help from a sending office to a receiving office. ``country`` is the
    sending office's country; ``receiving_country`` the receiving office's (both set from
    the offices on save)."""

    # core.access: seen by the two offices, their countries' editors and the regional
    # administrators. The value is the path from this model to the referral ("" itself).
    between_offices = ""

    reference = models.CharField(_("reference"), max_length=24, unique=True, editable=False)
    sender = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("sending office"),
    )
    receiver = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("receiving office"),
    )
    receiving_country = models.ForeignKey(
        "core.Country",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("receiving country"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("sent by"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=ReferralKind.choices)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, editable=False)
    acknowledge_by = models.DateTimeField(_("acknowledge by"), editable=False)
    respond_by = models.DateTimeField(_("respond by"), editable=False)

    # The minimal profile: never a name, birth date, document number, address or photo.
    age_group = models.CharField(
        _("age group"), max_length=10, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, help_text=_("ISO 3166 country code.")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    needs = models.JSONField(_("needs"), default=list, blank=True)
    exploitation = models.JSONField(_("forms of exploitation"), default=list, blank=True)
    consent = models.BooleanField(
        _("consent to share"),
        default=False,
        help_text=_("The person agreed that this information be shared with the other office."),
    )
    consent_on = models.DateField(_("consent date"), null=True, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        max_length=limits.SUMMARY,
        validators=[refuse_identifiers],
        help_text=_(
            "What happened and what is asked, without anything that identifies the person: "
            "no name, phone number, e-mail, document number, birth date or address."
        ),
    )

    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.SENT, editable=False
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, editable=False)
    purged_at = models.DateTimeField(_("free text purged"), null=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["sender", "status", "sent_at"]),
            models.Index(fields=["receiver", "status", "sent_at"]),
            models.Index(fields=["country", "sent_at"]),
            models.Index(fields=["receiving_country", "sent_at"]),
            models.Index(fields=["status", "acknowledge_by"]),
            models.Index(fields=["status", "respond_by"]),
            models.Index(fields=["status", "closed_at"]),
        ]

    def __str__(self):
        return self.reference

    def save(self, *args, **kwargs):
        self.country_id = self.sender.country_id
        self.receiving_country_id = self.receiver.country_id
        if not self.reference:
            self.reference = self._unique_reference()
        self.acknowledge_by = self.sent_at + ACKNOWLEDGE_WITHIN[self.urgency]
        self.respond_by = self.sent_at + RESPOND_WITHIN[self.urgency]
        super().save(*args, **kwargs)

    def _unique_reference(self):
        while True:
            reference = new_reference(self.sender.country, self.receiver.country, self.sent_at)
            if not Referral.objects.filter(reference=reference).exists():
                return reference

    def get_absolute_url(self):
        return reverse("referral-detail", args=[self.pk])

    def snapshot(self):
        """What the audit log keeps: every field but the free text (the log cannot be
        purged, so a text that may say too much never enters it; its length does)."""
        from coalition.core import audit

        data = audit.snapshot(self)
        for name in FREE_TEXT_FIELDS:
            data[name] = f"[{len(getattr(self, name) or '')} characters]"
        return data

    # --- state --------------------------------------------------------------------------

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_answered(self):
        return self.status in ANSWERED_STATUSES

    def acknowledgement_overdue(self, now=None):
        return self.status == Status.SENT and self.acknowledge_by < (now or timezone.now())

    def response_overdue(self, now=None):
        return self.is_open and self.respond_by < (now or timezone.now())

    @property
    def answered_in_time(self):
        """Completed or declined by the response deadline; None while not answered."""
        if not self.is_answered or self.closed_at is None:
            return None
        return self.closed_at <= self.respond_by


class ReferralStep(models.Model):
    """One move of a referral (sent, acknowledged, ... declined with its reason): when, by
    whom, for which side."""

    between_offices = "referral__"

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="steps", verbose_name=_("referral")
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=limits.NOTE,
        validators=[refuse_identifiers],
        help_text=_(
            "Why, for a decline or a cancellation. Never anything that identifies the person."
        ),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")

    def __str__(self):
        return f"{self.referral} · {self.get_status_display()}"


class ReferralMessage(models.Model):
    """A message between the two offices on a referral: text only (no files), screened for
    identifiers, purged with the referral's other free text."""

    between_offices = "referral__"

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="messages", verbose_name=_("referral")
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    text = models.TextField(
        _("message"), max_length=limits.SUMMARY, validators=[refuse_identifiers]
    )
    read_at = models.DateTimeField(_("read by the other office"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["referral", "sent_at"])]

    def __str__(self):
        return f"{self.referral} · {self.sent_at:%Y-%m-%d %H:%M}"

    def snapshot(self):
        """The audit log keeps the message's length, never its text (see Referral)."""
        return {
            "referral": self.referral_id,
            "side": self.side,
            "author": self.author_id,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "text": f"[{len(self.text or '')} characters]",
        }


class ReferralAlert(models.Model):
    """An overdue alert sent for a referral: each (referral, kind) is e-mailed once
    (``coalition send_referral_alerts``)."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("referral")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("referral alert")
        verbose_name_plural = _("referral alerts")
        constraints = [
            models.UniqueConstraint(fields=["referral", "kind"], name="coordination_alert_once")
        ]

    def __str__(self):
        return f"{self.referral} · {self.get_kind_display()}"
