"""The deadlines of referrals: who is concerned when one is overdue, the home page's items,
the e-mailed alerts (each once) and the badge."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coalition.coordination import deadlines
from coalition.coordination.choices import Status, Urgency
from coalition.coordination.models import ReferralAlert
from coalition.coordination.tests import factories
from coalition.core.choices import AuditAction, Role
from coalition.core.models import AuditEntry, Membership, User
from coalition.core.tests.attention import items, opens, query_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

HOURS = datetime.timedelta(hours=1)
SUMMARY = "Mujer joven detectada en un operativo; pide volver con su familia."


@pytest.fixture
def offices(countries, organizations):
    return factories.offices(countries, organizations)


@pytest.fixture
def oav_gt(offices, countries, personas):
    """One of the people of the Guatemalan office that sends the referrals."""
    user = User.objects.create_user(
        username="oav_gt", email="oav_gt@example.org", password="x-long-enough-42", language="en"
    )
    Membership.objects.create(
        user=user, country=countries["GT"], role=Role.CONTRIBUTOR, organization=offices["gt"]
    )
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def unacknowledged(offices, hours=5, urgency=Urgency.IMMEDIATE):
    """An urgent referral from Guatemala to Costa Rica's FAI, sent ``hours`` ago and still
    waiting for its acknowledgement (due 4 hours after it was sent)."""
    return factories.referral(
        offices["gt"], offices["cr"], urgency=urgency, sent_at=timezone.now() - hours * HOURS
    )


def unanswered(offices):
    """An urgent referral acknowledged in time but not answered 30 hours later (due 24)."""
    made = unacknowledged(offices, hours=30)
    return factories.moved(made, Status.ACKNOWLEDGED, at=made.sent_at + HOURS)


def concerned(users, made=None):
    """{username: [(kind, informed)]} of the users of ``users`` with something overdue."""
    found = {}
    for user in users:
        overdue = deadlines.overdue_for(user)
        if overdue:
            found[user.username] = [(o.kind, o.informed) for o in overdue]
            assert made is None or {o.referral for o in overdue} == {made}
    return found


# --- who is concerned -------------------------------------------------------------------


def test_an_overdue_acknowledgement_concerns_the_receiving_office_and_its_country_editor(
    offices, personas, oav_gt
):
    made = unacknowledged(offices)
    assert concerned([*personas.values(), oav_gt], made) == {
        "cr_contributor": [("acknowledgement", False)],
        "cr_editor": [("acknowledgement", False)],
    }


def test_an_overdue_response_also_informs_the_sending_office(offices, personas, oav_gt):
    made = unanswered(offices)
    assert concerned([*personas.values(), oav_gt], made) == {
        "cr_contributor": [("response", False)],
        "cr_editor": [("response", False)],
        "oav_gt": [("response", True)],
    }


def test_a_referral_within_its_deadlines_or_closed_concerns_nobody(offices, personas, oav_gt):
    unacknowledged(offices, hours=1)
    factories.moved(unacknowledged(offices, hours=30), Status.DECLINED)
    assert concerned([*personas.values(), oav_gt]) == {}


def test_a_user_s_overdue_referrals_take_the_same_queries_however_many(
    offices, personas, django_assert_num_queries
):
    user = User.objects.get(pk=personas["cr_editor"].pk)
    unacknowledged(offices)
    deadlines.overdue_for(user)  # its memberships, read once per user
    with django_assert_num_queries(1):
        assert len(deadlines.overdue_for(user)) == 1
    for _ in range(4):
        unanswered(offices)
    with django_assert_num_queries(1):
        overdue = deadlines.overdue_for(user)
    assert [o.kind for o in overdue] == ["acknowledgement"] + ["response"] * 4
    assert overdue[0].referral.receiver.short_name == "FAI"


def test_the_home_page_counts_them_in_one_query_however_many(
    offices, personas, django_assert_num_queries
):
    user = User.objects.get(pk=personas["cr_editor"].pk)
    deadlines.overdue_for(user)  # its memberships, read once per user
    for _ in range(3):
        unacknowledged(offices)
        unanswered(offices)
    with django_assert_num_queries(1):
        counts = deadlines.home_counts(user)
    cr = offices["cr"].country_id
    assert (counts["acknowledgement"][cr], counts["response"][cr]) == (3, 3)
    nobody = User.objects.get(pk=personas["auditor"].pk)
    deadlines.overdue_for(nobody)
    with django_assert_num_queries(0):
        assert not any(deadlines.home_counts(nobody).values())


# --- the home page ----------------------------------------------------------------------


def test_the_receiving_office_and_its_editor_see_the_overdue_acknowledgement_at_home(
    offices, client_for
):
    unacknowledged(offices)
    unacknowledged(offices, hours=8)
    for persona in ("cr_contributor", "cr_editor"):
        client = client_for(persona)
        (item,) = items(client)[-1:]
        assert item.level == "danger"
        assert item.message == (
            "2 referrals received wait for your acknowledgement past their deadline in Costa Rica."
        )
        assert item.link.startswith(reverse("referral-list"))
        assert query_of(item.link) == {
            "direction": ["received"],
            "overdue": ["1"],
            "country": ["CR"],
        }
        assert opens(client, item.link)


def test_the_items_read_in_the_user_s_language(offices, personas, client_for):
    User.objects.filter(username="cr_contributor").update(language="es")
    unacknowledged(offices)
    (item,) = [i for i in items(client_for("cr_contributor")) if "remisi" in i.message]
    assert item.message == (
        "1 remisión recibida espera su acuse de recibo con el plazo vencido en Costa Rica."
    )


@pytest.mark.parametrize("persona", ["gt_editor", "regional_admin", "partner", "auditor"])
def test_the_others_and_the_sender_see_nothing_of_an_overdue_acknowledgement(
    offices, client_for, persona, oav_gt
):
    unacknowledged(offices)
    assert not any("referral" in i.message for i in items(client_for(persona)))
    assert not any("referral" in i.message for i in items(signed_in(oav_gt)))


def test_an_overdue_response_warns_the_receiver_and_informs_the_sender(offices, client_for, oav_gt):
    unanswered(offices)
    (warning,) = [i for i in items(client_for("cr_contributor")) if "referral" in i.message]
    assert warning.level == "warning"
    assert warning.message == "1 referral received is overdue for a response in Costa Rica."
    sender = signed_in(oav_gt)
    (info,) = [i for i in items(sender) if "referral" in i.message]
    assert info.level == "info"
    assert info.message == (
        "1 referral sent from Guatemala waits for a response past its deadline."
    )
    assert query_of(info.link) == {"direction": ["sent"], "overdue": ["1"], "country": ["GT"]}
    assert opens(sender, info.link)


def test_the_items_follow_the_scope_switcher_s_country(offices, countries, personas, client_for):
    editor = personas["cr_editor"]
    Membership.objects.create(user=editor, country=countries["SV"], role=Role.COUNTRY_EDITOR)
    unacknowledged(offices)
    factories.referral(
        offices["gt"], offices["sv"], urgency=Urgency.IMMEDIATE, sent_at=timezone.now() - 5 * HOURS
    )
    client = client_for("cr_editor")
    (both,) = [i for i in items(client) if "referral" in i.message]
    assert both.message.startswith("2 referrals") and both.message.endswith("2 countries.")
    assert "country" not in query_of(both.link)
    client.post(reverse("switch-scope"), {"scope": "SV"})
    (one,) = [i for i in items(client) if "referral" in i.message]
    assert one.message.startswith("1 referral") and one.message.endswith("El Salvador.")
    assert query_of(one.link)["country"] == ["SV"]


# --- the alerts -------------------------------------------------------------------------


def alert(*args):
    call_command("send_referral_alerts", *args, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_alert_of_an_unacknowledged_urgent_referral_is_sent_once(offices, personas):
    made = unacknowledged(offices)
    alert()
    alert()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cr_contributor@example.org",
        "cr_editor@example.org",
    ]
    (row,) = ReferralAlert.objects.all()
    assert (row.referral, row.kind, row.recipients) == (made, "acknowledgement", 2)
    (entry,) = AuditEntry.objects.filter(actor_repr="system:send_referral_alerts")
    assert entry.action == AuditAction.EXPORT
    assert SUMMARY not in str(entry.after)
    subject = mail.outbox[0].subject
    assert subject == f"[Coalition] Referral {made.reference}: acknowledgement overdue"


def test_an_acknowledged_referral_gets_no_acknowledgement_alert(offices, personas):
    made = unacknowledged(offices)
    factories.moved(made, Status.ACKNOWLEDGED)
    alert()
    assert mail.outbox == []
    assert not ReferralAlert.objects.exists()


def test_the_response_alert_also_reaches_the_sending_office(offices, personas, oav_gt):
    made = unanswered(offices)
    alert()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {
        "cr_contributor@example.org",
        "cr_editor@example.org",
        "oav_gt@example.org",
    }
    assert "the sending office, for your information" in by_address["oav_gt@example.org"].body
    assert "the receiving office" in by_address["cr_contributor@example.org"].body
    assert ReferralAlert.objects.get().kind == "response"
    assert made.reference in by_address["oav_gt@example.org"].subject


def test_the_e_mail_names_the_referral_but_never_its_free_text(offices, personas):
    made = unacknowledged(offices)
    factories.message(made, "sending", "Texto del mensaje entre oficinas.")
    alert()
    email = mail.outbox[0]
    html = email.alternatives[0][0]
    for text in (email.subject, email.body, html):
        assert SUMMARY not in text
        assert "Texto del mensaje" not in text
    for expected in (made.reference, "OAV-GT", "FAI", "Repatriation support", "Immediate"):
        assert expected in email.body and expected in html
    url = reverse("referral-detail", args=[made.pk])
    assert f"{url}" in email.body and 'href="http://' in html


def test_each_recipient_reads_the_alert_in_their_language(offices, personas):
    User.objects.filter(username="cr_editor").update(language="es")
    made = unacknowledged(offices)
    alert()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["cr_contributor@example.org"].endswith("acknowledgement overdue")
    spanish = subjects["cr_editor@example.org"]
    assert made.reference in spanish and "acknowledgement" not in spanish
    assert spanish.startswith("[Coalición] Remisión")


def test_users_without_an_e_mail_or_inactive_are_left_out(offices, personas):
    User.objects.filter(username="cr_editor").update(email="")
    User.objects.filter(username="cr_contributor").update(is_active=False)
    unacknowledged(offices)
    alert()
    assert mail.outbox == []
    # Nobody was reached: the alert is tried again on the next run.
    assert not ReferralAlert.objects.exists()


def test_a_dry_run_sends_nothing_and_records_nothing(offices, personas, capsys):
    unacknowledged(offices)
    call_command("send_referral_alerts", "--dry-run")
    assert mail.outbox == []
    assert not ReferralAlert.objects.exists()
    assert "Would alert cr_editor <cr_editor@example.org>" in capsys.readouterr().out


def test_now_sets_the_moment_of_the_check(offices, personas):
    made = unacknowledged(offices, hours=1)
    alert("--now", (made.sent_at + 3 * HOURS).isoformat())
    assert mail.outbox == []
    alert("--now", (made.sent_at + 5 * HOURS).isoformat())
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    ("args", "option"), [(["--now", "tomorrow"], "--now"), (["--today", "4/12/2026"], "--today")]
)
def test_a_bad_moment_is_refused_naming_the_option(args, option):
    with pytest.raises(CommandError, match=option):
        alert(*args)


# --- the badge --------------------------------------------------------------------------


def badge(made, **context):
    html = render_to_string("coordination/includes/deadline.html", {"referral": made, **context})
    return " ".join(html.split())


def test_the_badge_words_each_deadline(offices):
    waiting = unacknowledged(offices, hours=1)
    assert "Acknowledge by" in badge(waiting)
    assert "Acknowledgement overdue by 1 hour" in badge(unacknowledged(offices, hours=5))
    working = factories.moved(unacknowledged(offices, hours=1), Status.ACKNOWLEDGED)
    assert "Respond by" in badge(working)
    late = unanswered(offices)
    assert "Overdue by 6 hours" in badge(late)
    assert "deadline-overdue" in badge(late) and "deadline-overdue" not in badge(working)


def test_the_badge_reads_the_clock_of_the_page_when_it_has_one(offices):
    made = unacknowledged(offices, hours=1)
    assert "Acknowledgement overdue by 2 hours" in badge(made, now=made.sent_at + 6 * HOURS)


def test_the_badge_of_a_closed_referral_says_whether_it_was_answered_in_time(offices):
    made = unacknowledged(offices, hours=30)
    in_time = factories.moved(made, Status.ACKNOWLEDGED, Status.COMPLETED, at=made.sent_at + HOURS)
    assert "Answered in time" in badge(in_time)
    assert "Answered late" in badge(factories.moved(unanswered(offices), Status.COMPLETED))
    cancelled = factories.moved(unacknowledged(offices), Status.CANCELLED)
    assert badge(cancelled) == ""
