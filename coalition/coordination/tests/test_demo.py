"""The referrals' demo data: fictitious referrals between the demo offices of several
countries, in every state an office meets, loaded once however often ``load_demo`` runs,
every text passing the identifier screen, each demo user seeing what the guide says."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from coalition.coordination import deadlines, retention
from coalition.coordination.choices import (
    CLOSED_STATUSES,
    ReferralKind,
    Side,
    Status,
    Urgency,
)
from coalition.coordination.demo import DEMO_MARK, load_demo_referrals
from coalition.coordination.models import Referral, ReferralMessage, ReferralStep
from coalition.core.choices import Service
from coalition.core.models import AuditEntry, User
from coalition.lib.screening import refuse_identifiers
from conftest import sign_in

ACTOR = "system:load_demo"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """``load_demo`` once for the module, in a transaction undone afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def now():
    return timezone.now()


def demo_user(username):
    return User.objects.get(username=username)


def visible(username):
    return Referral.objects.visible_to(demo_user(username))


def test_it_loads_between_30_and_60_referrals_once(demo, db):
    counts = (
        Referral.objects.count(),
        ReferralStep.objects.count(),
        ReferralMessage.objects.count(),
    )
    match = re.search(r"Demo referrals: (\d+) rows created", demo)

    assert 30 <= counts[0] <= 60
    assert int(match.group(1)) == sum(counts)
    assert load_demo_referrals(ACTOR) == 0
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo referrals: 0 rows created." in out.getvalue()
    assert (
        Referral.objects.count(),
        ReferralStep.objects.count(),
        ReferralMessage.objects.count(),
    ) == counts


def test_it_spans_countries_types_urgencies_and_sent_times_in_the_past(demo, db, now):
    referrals = Referral.objects.select_related("country", "receiving_country")
    countries = {r.country.iso2 for r in referrals} | {r.receiving_country.iso2 for r in referrals}

    assert len(countries) >= 5
    assert {r.kind for r in referrals} == set(ReferralKind.values)
    assert {r.urgency for r in referrals} == set(Urgency.values)
    assert all(r.sent_at < now for r in referrals)
    assert not ReferralStep.objects.filter(at__gt=now).exists()
    assert not ReferralMessage.objects.filter(sent_at__gt=now).exists()


def test_it_shows_every_state_an_office_meets(demo, db, now):
    referrals = Referral.objects.all()
    closed = referrals.filter(status__in=CLOSED_STATUSES)
    completed = [r for r in referrals.filter(status=Status.COMPLETED)]
    long_ago = now - timezone.timedelta(days=200)

    assert referrals.acknowledgement_overdue(now).count() >= 3
    assert referrals.filter(
        status=Status.SENT,
        urgency=Urgency.IMMEDIATE,
        country__iso2="GT",
        receiving_country__iso2="SV",
        acknowledge_by__lt=now,
    ).exists()
    assert referrals.response_overdue(now).exclude(status=Status.SENT).count() >= 3
    assert referrals.open().exclude(pk__in=referrals.overdue(now)).count() >= 5
    assert referrals.filter(status=Status.IN_PROGRESS).count() >= 5
    assert {r.answered_in_time for r in completed} == {True, False}
    assert referrals.filter(status=Status.DECLINED).count() >= 3
    assert referrals.filter(status=Status.CANCELLED).count() >= 2
    assert closed.filter(closed_at__lt=long_ago, purged_at__isnull=True).count() >= 5
    for status in (Status.DECLINED, Status.CANCELLED):
        assert all(ReferralStep.objects.filter(status=status).values_list("note", flat=True)), (
            status
        )


def test_messages_come_from_both_sides_with_their_authors(demo, db):
    messages = ReferralMessage.objects.all()

    assert messages.count() >= 20
    assert set(messages.values_list("side", flat=True)) == {Side.SENDING, Side.RECEIVING}
    assert messages.filter(read_at__isnull=True).exists()
    assert messages.filter(author__username="oficina-gt").exists()
    assert messages.filter(author__username="oficina-sv").exists()
    assert ReferralMessage.objects.filter(referral__status=Status.IN_PROGRESS).count() >= 5


def test_every_text_passes_the_identifier_screen_and_says_it_is_fictitious(demo, db):
    texts = [
        *Referral.objects.values_list("summary", flat=True),
        *ReferralStep.objects.exclude(note="").values_list("note", flat=True),
        *ReferralMessage.objects.values_list("text", flat=True),
    ]

    assert len(texts) > 60
    for text in texts:
        refuse_identifiers(text)  # raises ValidationError on a phone, e-mail, document, date
        assert not re.search(r"\d", text), text
    assert all(s.startswith(DEMO_MARK) for s in Referral.objects.values_list("summary", flat=True))


def test_the_audit_log_holds_every_demo_write_without_its_text(demo, db):
    entries = AuditEntry.objects.filter(object_type__startswith="coordination.")

    assert entries.filter(object_type="coordination.referral", action="create").count() == (
        Referral.objects.count()
    )
    assert entries.filter(object_type="coordination.referralmessage").count() == (
        ReferralMessage.objects.count()
    )
    summaries = list(Referral.objects.values_list("summary", flat=True))
    for entry in entries:
        assert not any(s in str(entry.after) for s in summaries)


def test_the_demo_offices_offer_victim_services(demo, db):
    offices = {r.sender for r in Referral.objects.select_related("sender")} | {
        r.receiver for r in Referral.objects.select_related("receiver")
    }

    assert all(office.services for office in offices)
    foundations = [office for office in offices if office.acronym == "FMA"]
    assert foundations and all(
        Service.VICTIM_ASSISTANCE_OFFICE in office.services for office in foundations
    )


def test_the_demo_users_see_what_the_guide_says(demo, db, now):
    office_gt = visible("oficina-gt")
    office_sv = visible("oficina-sv")

    assert office_gt.count() >= 10
    assert all("GT" in (r.country.iso2, r.receiving_country.iso2) for r in office_gt)
    assert office_gt.acknowledgement_overdue(now).filter(receiver__acronym="FMA").exists()
    assert (
        office_sv.acknowledgement_overdue(now)
        .filter(urgency=Urgency.IMMEDIATE, country__iso2="GT")
        .exists()
    )
    assert visible("institucion-gt").count() == 0
    assert visible("editor-gt").count() > office_gt.count()
    assert visible("st-regional").count() == Referral.objects.count()


def test_the_purge_and_the_alerts_have_work_in_the_demo(demo, db, now):
    due = retention.due(now)
    alerts = deadlines.due_alerts(now)

    assert due.count() >= 5
    assert set(due.values_list("status", flat=True)) >= {Status.COMPLETED, Status.CANCELLED}
    assert {kind for _referral, kind in alerts} == {deadlines.ACKNOWLEDGEMENT, deadlines.RESPONSE}
    people = deadlines.recipients(alerts)
    immediate = next(
        r
        for r, kind in alerts
        if r.urgency == Urgency.IMMEDIATE and kind == deadlines.ACKNOWLEDGEMENT
    )
    assert "oficina-sv" in {
        user.username for user, _why in people[(immediate.pk, deadlines.ACKNOWLEDGEMENT)]
    }


def test_the_guatemalan_office_opens_its_referral_and_the_other_institution_gets_404(demo, db):
    mine = visible("oficina-gt").get(
        urgency=Urgency.IMMEDIATE, status=Status.SENT, receiving_country__iso2="SV"
    )
    office = sign_in(Client(), demo_user("oficina-gt"))
    other = sign_in(Client(), demo_user("institucion-gt"))

    page = office.get(mine.get_absolute_url())
    assert page.status_code == 200
    assert mine.reference in page.content.decode()
    assert other.get(mine.get_absolute_url()).status_code == 404
