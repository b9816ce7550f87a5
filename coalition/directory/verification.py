"""Keeping the directory current: which records are stale, and the signed one-click links
that let a country's editors confirm them from an e-mail.

Every record (an institution, a contact) says when it was last confirmed correct; one not
confirmed for ``STALE_AFTER_DAYS`` is stale. Each month ``send_verification_requests``
e-mails every country's editors their stale records, each with a link made by
``make_token``. The link is the credential, like a password-reset link: it is signed,
expires after ``DIRECTORY_VERIFY_LINK_DAYS`` (30 by default), names the record, the editor
it was sent to and the record's verification date when it was sent, so a link that was
already used (the date has changed since) is recognised as such and changes nothing.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from coalition.core import access
from coalition.core.models import STALE_AFTER_DAYS, Organization, User
from coalition.directory.models import Contact

SALT = "directory.verify"
# "Recently verified" on the freshness dashboard.
RECENT_DAYS = 30
# The record types a link or the dashboard's button may name, by their name in URLs.
KINDS = {"institution": Organization, "contact": Contact}


def kind_of(record):
    return "contact" if isinstance(record, Contact) else "institution"


def link_days():
    return settings.DIRECTORY_VERIFY_LINK_DAYS


# --- stale records -----------------------------------------------------------------------


def stale_cutoff(today=None):
    """Records last verified before this date are stale (as ``Verified.is_stale`` says)."""
    return (today or timezone.localdate()) - datetime.timedelta(days=STALE_AFTER_DAYS)


def stale_q(today=None):
    return Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff(today))


def oldest_first(queryset):
    """Never verified first, then the longest unverified."""
    return queryset.order_by(F("last_verified").asc(nulls_first=True), "name", "pk")


def stale_records(country, today=None):
    """``(institutions, contacts)``: the querysets of the stale records of ``country``,
    oldest first."""
    institutions = Organization.objects.filter(stale_q(today), country=country)
    contacts = Contact.objects.filter(stale_q(today), country=country).select_related(
        "organization"
    )
    return oldest_first(institutions), oldest_first(contacts)


# --- signed links ------------------------------------------------------------------------


class TokenError(Exception):
    """A verification link that cannot be used. ``record`` is set when it is known."""

    def __init__(self, record=None):
        super().__init__(type(self).__name__)
        self.record = record


class Tampered(TokenError):
    """The link was changed or cut (its signature does not match)."""


class Expired(TokenError):
    """The link is older than DIRECTORY_VERIFY_LINK_DAYS."""


class AlreadyUsed(TokenError):
    """The record was confirmed since the link was sent (by this link or otherwise)."""


class Gone(TokenError):
    """The record was deleted, or the editor the link was sent to may no longer confirm
    it (deactivated, or no longer an editor of its country)."""


def _signer():
    return signing.TimestampSigner(salt=SALT)


def _date_text(value):
    return value.isoformat() if value else ""


def make_token(record, user):
    """The signed token of the link that lets ``user`` confirm ``record``."""
    payload = ".".join(
        [kind_of(record)[0], str(record.pk), str(user.pk), _date_text(record.last_verified)]
    )
    return _signer().sign(payload)


def link(record, user):
    """The absolute URL of ``record``'s verification link for ``user``."""
    path = reverse("directory-verify", args=[make_token(record, user)])
    return settings.SITE_URL.rstrip("/") + path


def may_confirm(user, record):
    """Those a link may be sent to: the editors of the record's country (regional
    administrators for every country)."""
    return user.is_active and access.can_manage_country(user, record.country)


def read_token(token, *, lock=False):
    """``(record, user)`` of a valid, unused link; otherwise raise a ``TokenError``.

    ``lock`` selects the record for update (inside the transaction that confirms it).
    """
    try:
        payload = _signer().unsign(token, max_age=datetime.timedelta(days=link_days()))
    except signing.SignatureExpired:
        raise Expired() from None
    except signing.BadSignature:
        raise Tampered() from None
    try:
        letter, pk, user_pk, sent_date = payload.split(".")
        model = {"c": Contact, "i": Organization}[letter]
        pk, user_pk = int(pk), int(user_pk)
    except (ValueError, KeyError):
        # Validly signed but not ours (another payload under the same salt): refuse.
        raise Tampered() from None
    records = model.objects.select_related("country")
    if model is Contact:
        records = records.select_related("organization")
    if lock:
        records = records.select_for_update()
    record = records.filter(pk=pk).first()
    if record is None:
        raise Gone()
    user = User.objects.filter(pk=user_pk, is_active=True).first()
    if user is None or not may_confirm(user, record):
        raise Gone(record)
    if _date_text(record.last_verified) != sent_date:
        raise AlreadyUsed(record)
    return record, user
