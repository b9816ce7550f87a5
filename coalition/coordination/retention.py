"""Retention: the free text of a referral closed long ago is purged.

A referral closed (completed, declined or cancelled) more than ``REFERRAL_RETENTION_DAYS``
days ago loses its free text: the summary (every field of ``models.FREE_TEXT_FIELDS``),
the note of each of its steps, and its messages, deleted. What the statistics count stays:
the offices and countries, type, urgency, the profile's codes, consent, status, the steps'
statuses, sides and times, and every timestamp. ``purged_at`` says when it happened (the
``updated`` time is left alone: no one edited the referral).

``purge`` writes everything in one transaction, with one audit entry per purged referral
(what was removed, counted, never its text); a referral already purged is never touched
again, so a second run purges and writes nothing. ``coalition purge_closed_referrals``
runs it daily.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from coalition.coordination.models import (
    FREE_TEXT_FIELDS,
    Referral,
    ReferralMessage,
    ReferralStep,
)
from coalition.core import audit
from coalition.core.choices import AuditAction

ACTOR = "system:purge_closed_referrals"


@dataclass
class Purged:
    """What a purge removed (or, in a dry run, would remove)."""

    referrals: list = field(default_factory=list)
    messages: int = 0
    notes: int = 0


def due(now=None, days=None):
    """The referrals whose free text is due for purging at ``now``: closed more than
    ``days`` days before it and not purged yet."""
    now = now or timezone.now()
    days = settings.REFERRAL_RETENTION_DAYS if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    return Referral.objects.filter(closed_at__lt=cutoff, purged_at__isnull=True)


def _counts(model, pks, **exclude):
    rows = (
        model.objects.filter(referral__in=pks)
        .exclude(**exclude)
        .values_list("referral")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def purge(now=None, days=None, *, actor_repr=ACTOR, dry_run=False):
    """Purge the free text of the referrals ``due`` at ``now`` (default: now) after
    ``days`` (default: the setting). Returns what was purged; with ``dry_run``, what would
    be, writing nothing."""
    now = now or timezone.now()
    result = Purged()
    with transaction.atomic():
        referrals = list(due(now, days).select_for_update().order_by("pk"))
        if not referrals:
            return result
        pks = [referral.pk for referral in referrals]
        messages = _counts(ReferralMessage, pks)
        notes = _counts(ReferralStep, pks, note="")
        result.referrals = referrals
        result.messages = sum(messages.values())
        result.notes = sum(notes.values())
        if dry_run:
            return result
        ReferralMessage.objects.filter(referral__in=pks).delete()
        ReferralStep.objects.filter(referral__in=pks).exclude(note="").update(note="")
        Referral.objects.filter(pk__in=pks).update(
            purged_at=now, **dict.fromkeys(FREE_TEXT_FIELDS, "")
        )
        for referral in referrals:
            before = audit.snapshot_of(referral)
            fields = [name for name in FREE_TEXT_FIELDS if getattr(referral, name)]
            for name in FREE_TEXT_FIELDS:
                setattr(referral, name, "")
            referral.purged_at = now
            audit.record(
                None,
                AuditAction.UPDATE,
                referral,
                actor_repr=actor_repr,
                before=before,
                after={
                    **audit.snapshot_of(referral),
                    "purged": {
                        "fields": fields,
                        "step_notes": notes.get(referral.pk, 0),
                        "messages": messages.get(referral.pk, 0),
                    },
                },
            )
    return result
