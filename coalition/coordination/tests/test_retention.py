"""Retention: the free text of referrals closed long ago is purged, keeping what the
statistics count; audited, idempotent, and run by ``coalition purge_closed_referrals``."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from coalition.coordination import retention
from coalition.coordination.choices import Side, Status
from coalition.coordination.models import FREE_TEXT_FIELDS, Referral, ReferralMessage
from coalition.coordination.tests import factories
from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=400)
# The fields a purge must leave exactly as they were (every concrete field but the free
# text and the purge's own mark).
KEPT = [
    f.attname
    for f in Referral._meta.concrete_fields
    if f.name not in (*FREE_TEXT_FIELDS, "purged_at")
]


@pytest.fixture
def offices(countries, organizations):
    return factories.offices(countries, organizations)


@pytest.fixture
def closed(offices):
    """A referral completed 390 days ago, with notes on its steps and two messages."""
    made = factories.referral(offices["gt"], offices["sv"], sent_at=LONG_AGO)
    factories.moved(
        made,
        Status.ACKNOWLEDGED,
        Status.IN_PROGRESS,
        Status.COMPLETED,
        at=LONG_AGO + datetime.timedelta(days=10),
        note="Nota del paso.",
    )
    factories.message(made, Side.SENDING, "Primer mensaje.")
    factories.message(made, Side.RECEIVING, "Respuesta.")
    return made


def values(referral):
    return {name: getattr(referral, name) for name in KEPT}


def audit_count():
    return AuditEntry.objects.count()


def test_the_purge_blanks_the_free_text_and_keeps_every_statistical_field(closed):
    before = values(Referral.objects.get(pk=closed.pk))
    steps_before = list(closed.steps.values_list("status", "side", "actor", "at"))
    purged = retention.purge(days=180)
    closed.refresh_from_db()
    assert [r.pk for r in purged.referrals] == [closed.pk]
    assert purged.messages == 2 and purged.notes == 3
    assert closed.summary == ""
    assert closed.purged_at is not None
    assert values(closed) == before
    assert list(closed.steps.values_list("status", "side", "actor", "at")) == steps_before
    assert set(closed.steps.values_list("note", flat=True)) == {""}
    assert not ReferralMessage.objects.filter(referral=closed).exists()


def test_open_and_recently_closed_referrals_are_untouched(offices, closed):
    still_open = factories.referral(offices["gt"], offices["cr"], sent_at=LONG_AGO)
    recent = factories.moved(
        factories.referral(offices["gt"], offices["sv"]), Status.DECLINED, note="Sin cupo."
    )
    factories.message(still_open, Side.SENDING, "Sigue abierto.")
    retention.purge(days=180)
    for kept in (still_open, recent):
        kept.refresh_from_db()
        assert kept.summary and kept.purged_at is None
    assert recent.steps.get(status=Status.DECLINED).note == "Sin cupo."
    assert ReferralMessage.objects.filter(referral=still_open).count() == 1


def test_the_days_decide_what_is_old_enough(closed):
    assert retention.purge(days=500).referrals == []
    closed.refresh_from_db()
    assert closed.purged_at is None


def test_each_purged_referral_gets_one_audit_entry_without_the_text(closed):
    count = audit_count()
    retention.purge(days=180)
    assert audit_count() == count + 1
    entry = AuditEntry.objects.latest("seq")
    assert entry.action == AuditAction.UPDATE and entry.object_id == str(closed.pk)
    assert entry.actor_repr == retention.ACTOR
    assert entry.after["purged"] == {"fields": ["summary"], "step_notes": 3, "messages": 2}
    assert "Mujer joven" not in str(entry.before) + str(entry.after)
    assert "Primer mensaje" not in str(entry.after)


def test_a_second_run_purges_and_writes_nothing(closed):
    retention.purge(days=180)
    count = audit_count()
    again = retention.purge(days=180)
    assert again.referrals == [] and again.messages == 0
    assert audit_count() == count


def test_a_dry_run_writes_nothing(closed):
    count = audit_count()
    found = retention.purge(days=180, dry_run=True)
    assert [r.pk for r in found.referrals] == [closed.pk] and found.messages == 2
    closed.refresh_from_db()
    assert closed.summary and closed.purged_at is None
    assert ReferralMessage.objects.filter(referral=closed).count() == 2
    assert audit_count() == count


def test_the_command_purges_and_prints_the_counts(closed):
    out = StringIO()
    call_command("purge_closed_referrals", "--days", "180", stdout=out)
    assert "1 referral closed more than 180 days ago: 2 messages, 3 step notes" in out.getvalue()
    closed.refresh_from_db()
    assert closed.purged_at is not None


def test_the_commands_dry_run_names_the_referrals_and_changes_nothing(closed):
    out = StringIO()
    call_command("purge_closed_referrals", "--dry-run", stdout=out)
    assert closed.reference in out.getvalue() and "Dry run" in out.getvalue()
    closed.refresh_from_db()
    assert closed.purged_at is None


def test_the_command_purges_as_of_the_given_day(closed):
    closed_on = closed.closed_at.date()
    call_command(
        "purge_closed_referrals",
        "--today",
        str(closed_on + datetime.timedelta(days=100)),
        stdout=StringIO(),
    )
    closed.refresh_from_db()
    assert closed.purged_at is None
    call_command(
        "purge_closed_referrals",
        "--today",
        str(closed_on + datetime.timedelta(days=182)),
        stdout=StringIO(),
    )
    closed.refresh_from_db()
    assert closed.purged_at is not None


@pytest.mark.parametrize(
    ("option", "value"), [("--days", "abc"), ("--days", "-3"), ("--days", "0"), ("--today", "ayer")]
)
def test_bad_input_is_refused_naming_the_option(closed, option, value):
    with pytest.raises(CommandError, match=option):
        call_command("purge_closed_referrals", option, value, stdout=StringIO())
    closed.refresh_from_db()
    assert closed.purged_at is None
