"""A referral's whole life in a real browser: an office of Guatemala sends a
repatriation-support request to an office of El Salvador; the Salvadoran office acknowledges
it and replies; a message holding a phone number is refused without being stored or echoed;
a user of another Guatemalan institution gets "not found"; the overdue alert of an
unacknowledged immediate referral is e-mailed once however often the command runs; once the
retention period has passed, the purge leaves only the statistical fields. Each person signs
in in a browser of their own. Screenshots in test-artifacts/."""

import datetime
import io
import os

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from coalition.coordination.choices import AlertKind, ReferralKind, Side, Status, Urgency
from coalition.coordination.models import Referral, ReferralAlert, ReferralMessage
from coalition.coordination.tests import factories
from coalition.core.choices import Role, Service
from coalition.core.models import Membership, User
from coalition.core.tests.browser import shot, sign_in
from conftest import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

SUMMARY = (
    "Mujer joven salvadoreña acogida tras un operativo; pide volver con su familia. "
    "Se necesita recibirla en frontera y alojamiento seguro."
)
REPLY = "Recibido. Coordinamos la recepción en frontera y el alojamiento."
PHONE = "Pueden llamar a la tía al 7700 1234 para coordinar."


def office_user(username, country, office):
    user = User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", language="es"
    )
    Membership.objects.create(
        user=user, country=country, role=Role.CONTRIBUTOR, organization=office
    )
    return user


def browser_for(page, live_server, user):
    """A page in a browser context of its own, signed in as ``user``."""
    context = page.context.browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="es-CR"
    )
    own = context.new_page()
    own.problems = []
    own.on("console", lambda msg: msg.type == "error" and own.problems.append(msg.text))
    sign_in(own, user)
    return own


def alerts_about(referral):
    return [m for m in mail.outbox if referral.reference in m.subject]


def test_a_repatriation_request_goes_from_guatemala_to_el_salvador_and_back(
    page, live_server, personas, countries, organizations
):
    offices = factories.offices(countries, organizations)
    guatemala = office_user("oficina_gt", countries["GT"], offices["gt"])
    el_salvador = office_user("oficina_sv", countries["SV"], offices["sv"])
    other = office_user("institucion_gt", countries["GT"], offices["gt_other"])

    # The Guatemalan office sends the request, picking the receiving office by country
    # and service (the office list narrows as they are chosen).
    sender = browser_for(page, live_server, guatemala)
    sender.goto("/coordination/referrals/new/")
    with sender.expect_response(lambda r: "/coordination/referrals/offices/" in r.url):
        sender.select_option("#id_country", "SV")
    with sender.expect_response(lambda r: "/coordination/referrals/offices/" in r.url):
        sender.select_option("#id_service", Service.REPATRIATION)
    offered = sender.locator("#id_receiver option").all_inner_texts()
    assert any("OLAV" in label for label in offered)
    assert not any("OAV-GT" in label for label in offered)
    sender.select_option("#id_receiver", str(offices["sv"].pk))
    sender.select_option("#id_kind", ReferralKind.REPATRIATION)
    sender.check(f"input[name=urgency][value={Urgency.IMMEDIATE}]")
    sender.select_option("#id_age_group", "18-24")
    sender.select_option("#id_sex", "female")
    sender.select_option("#id_nationality", "SV")
    sender.check("input[name=languages][value=es]")
    sender.check("input[name=needs][value=shelter]")
    sender.check("input[name=needs][value=family]")
    sender.check("input[name=exploitation][value=sexual]")
    sender.check("input[name=consent][value=yes]")
    sender.fill("#id_consent_on", timezone.localdate().isoformat())
    sender.fill("#id_summary", SUMMARY)
    shot(sender, "coordination-flow-1-send")
    sender.click("#referral-form button[type=submit]")
    sender.wait_for_selector("#reference")

    referral = Referral.objects.get()
    assert sender.url.endswith(f"/coordination/referrals/{referral.pk}/")
    assert referral.reference.startswith("GT-SV-")
    assert sender.inner_text("#reference") == referral.reference
    assert (referral.sender, referral.receiver, referral.sent_by) == (
        offices["gt"],
        offices["sv"],
        guatemala,
    )
    assert (referral.kind, referral.urgency, referral.status) == (
        ReferralKind.REPATRIATION,
        Urgency.IMMEDIATE,
        Status.SENT,
    )
    assert referral.needs == ["shelter", "family"] and referral.consent
    shot(sender, "coordination-flow-2-sent")

    # The Salvadoran office acknowledges it and replies.
    receiver = browser_for(page, live_server, el_salvador)
    receiver.goto(referral.get_absolute_url())
    assert SUMMARY in receiver.inner_text("#summary")
    receiver.click(f"#moves form:has(input[name=status][value={Status.ACKNOWLEDGED}]) button")
    receiver.wait_for_selector("#timeline li:nth-child(2)")
    referral.refresh_from_db()
    assert referral.status == Status.ACKNOWLEDGED and referral.acknowledged_at is not None
    assert "oficina_sv" in receiver.inner_text("#timeline")

    # The reply is written on the referral's page, in its thread (sent without reloading).
    receiver.fill("#message-form textarea[name=text]", REPLY)
    receiver.click("#message-form button[type=submit]")
    receiver.wait_for_selector(f"#thread-messages li:has-text('{REPLY[:20]}')")

    # A message holding a phone number is refused, says why, and does not repeat it.
    receiver.fill("#message-form textarea[name=text]", PHONE)
    receiver.click("#message-form button[type=submit]")
    receiver.wait_for_selector("#message-form .invalid-feedback")
    refusal = receiver.inner_text("#message-form .invalid-feedback")
    assert "7700" not in refusal and "1234" not in refusal
    assert "teléfono" in refusal
    assert list(ReferralMessage.objects.values_list("side", "text")) == [(Side.RECEIVING, REPLY)]
    shot(receiver, "coordination-flow-3-refused")

    # The Guatemalan office reads the acknowledgement and the reply on its side.
    sender.goto(referral.get_absolute_url())
    assert REPLY in sender.inner_text("#thread-messages")
    assert "oficina_sv" in sender.inner_text("#timeline")
    assert ReferralMessage.objects.get().read_at is not None

    # Another Guatemalan institution does not know the referral exists.
    outsider = browser_for(page, live_server, other)
    for path in (referral.get_absolute_url(), f"/coordination/referrals/{referral.pk}/messages/"):
        response = outsider.goto(path)
        assert response.status == 404, path
        assert referral.reference not in outsider.content()
    shot(outsider, "coordination-flow-4-outsider")

    # An immediate referral left unacknowledged past its 4 hours is e-mailed once.
    late = factories.referral(
        offices["gt"],
        offices["sv"],
        urgency=Urgency.IMMEDIATE,
        sent_at=timezone.now() - datetime.timedelta(hours=5),
        by=guatemala,
    )
    mail.outbox.clear()
    call_command("send_referral_alerts", stdout=io.StringIO())
    first = alerts_about(late)
    assert [m.to for m in first] == [[el_salvador.email]]
    call_command("send_referral_alerts", stdout=io.StringIO())
    assert alerts_about(late) == first
    assert list(ReferralAlert.objects.values_list("referral", "kind")) == [
        (late.pk, AlertKind.ACKNOWLEDGEMENT)
    ]
    assert not alerts_about(referral)
    receiver.goto("/home/")
    assert "1 remisión recibida espera su acuse de recibo" in receiver.inner_text("main")
    shot(receiver, "coordination-flow-5-home-overdue")

    # The Salvadoran office completes the repatriation; once the retention period has
    # passed, the purge leaves only the statistical fields.
    receiver.goto(referral.get_absolute_url())
    receiver.click(f"#moves form:has(input[name=status][value={Status.COMPLETED}]) button")
    receiver.wait_for_selector("#no-moves")
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED
    later = timezone.localdate() + datetime.timedelta(days=200)
    call_command("purge_closed_referrals", "--today", later.isoformat(), stdout=io.StringIO())

    referral.refresh_from_db()
    assert referral.summary == "" and referral.purged_at is not None
    assert not ReferralMessage.objects.filter(referral=referral).exists()
    assert not referral.steps.exclude(note="").exists()
    assert (referral.kind, referral.urgency, referral.status, referral.age_group) == (
        ReferralKind.REPATRIATION,
        Urgency.IMMEDIATE,
        Status.COMPLETED,
        "18-24",
    )
    assert referral.needs == ["shelter", "family"] and referral.exploitation == ["sexual"]
    assert referral.steps.count() == 3 and referral.answered_in_time
    late.refresh_from_db()
    assert late.summary and late.purged_at is None  # still open: never purged
    receiver.goto(referral.get_absolute_url())
    assert SUMMARY not in receiver.content()
    # The page says the free text was purged, and when; the thread says so too.
    assert f"{later.day} " in receiver.inner_text("#summary")
    assert str(later.year) in receiver.inner_text("#summary")
    assert receiver.locator("#thread-purged").is_visible()
    shot(receiver, "coordination-flow-6-purged")

    # (The outsider's console holds the two 404s it was meant to get.)
    assert sender.problems == [] and receiver.problems == []
