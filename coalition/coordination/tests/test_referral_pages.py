"""The referral pages as each persona sees them: the send form, a referral's page and its
moves, and the section's home."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.coordination.choices import Status, Urgency
from coalition.coordination.models import Referral
from coalition.coordination.tests import factories
from coalition.core.choices import AuditAction, Role
from coalition.core.models import AuditEntry, Membership, User
from conftest import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

CREATE = reverse("referral-create")
MAX_QUERIES = 20  # measured 17: session, user, memberships, referral, steps, audit
INSIDERS = ("regional_admin", "cr_editor", "gt_editor", "cr_contributor")


@pytest.fixture
def offices(countries, organizations):
    return factories.offices(countries, organizations)


@pytest.fixture
def gt_other_client(offices, countries, client):
    """Signed in as a user of another Guatemalan institution (PN-GT)."""
    user = User.objects.create_user(username="pn_gt", password="x", language="en")
    Membership.objects.create(
        user=user, country=countries["GT"], role=Role.CONTRIBUTOR, organization=offices["gt_other"]
    )
    return sign_in(client, user)


def _errors(response):
    """The field errors shown on a form page."""
    return re.findall(r'class="invalid-feedback d-block">([^<]*)<', response.content.decode())


def _send_data(offices, **changes):
    data = {
        "sender": offices["cr"].pk,
        "receiver": offices["gt"].pk,
        "kind": "repatriation",
        "urgency": Urgency.HOURS_72,
        "age_group": "18-24",
        "sex": "female",
        "nationality": "GT",
        "languages": ["es", "myn"],
        "needs": ["shelter", "family"],
        "exploitation": ["forced_labour"],
        "consent": "yes",
        "consent_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "summary": "Joven detectada en una finca; pide regresar con su familia.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- the send page -----------------------------------------------------------------------


def test_the_send_page_offers_the_offices_the_user_acts_for(offices, client_for):
    page = client_for("gt_editor").get(CREATE).content.decode()
    senders = re.search(r'<select name="sender".*?</select>', page, re.S).group(0)
    assert "OAV-GT" in senders and "PN-GT" in senders and "FAI" not in senders
    page = client_for("cr_contributor").get(CREATE).content.decode()
    senders = re.search(r'<select name="sender".*?</select>', page, re.S).group(0)
    assert "FAI" in senders and "OAV-GT" not in senders


def test_the_send_page_lists_every_receiving_office_grouped_by_country(offices, client_for):
    page = client_for("cr_contributor").get(CREATE).content.decode()
    receivers = re.search(r'<select name="receiver".*?</select>', page, re.S).group(0)
    assert 'optgroup label="Guatemala"' in receivers and 'optgroup label="El Salvador"' in receivers
    assert "OLAV" in receivers and "FAI" not in receivers  # not to itself


def test_the_urgency_shows_the_deadlines_it_implies(offices, client_for):
    page = client_for("cr_contributor").get(CREATE).content.decode()
    assert "acknowledge within 4 hours, answer within 24 hours" in page
    assert "acknowledge within 3 days, answer within 15 days" in page


def test_a_user_who_acts_for_no_office_is_told_why_instead_of_an_empty_form(offices, client_for):
    for name in ("partner", "regional_admin"):
        response = client_for(name).get(CREATE)
        page = response.content.decode()
        assert response.status_code == 200
        assert "You do not act for any victim-assistance office" in page
        assert 'name="receiver"' not in page


def test_the_auditor_may_not_open_the_send_page(offices, client_for):
    assert client_for("auditor").get(CREATE).status_code == 403


def test_a_referral_is_sent_with_its_first_step_and_its_page_opens(offices, client_for):
    response = client_for("cr_contributor").post(CREATE, _send_data(offices))
    made = Referral.objects.get()
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    assert (made.sender, made.receiver, made.status) == (offices["cr"], offices["gt"], "sent")
    assert made.languages == ["es", "myn"] and made.needs == ["shelter", "family"]
    assert made.acknowledge_by == made.sent_at + datetime.timedelta(hours=24)
    assert [step.status for step in made.steps.all()] == [Status.SENT]
    assert made.reference.startswith("CR-GT-")


def test_nobody_sends_for_an_office_they_do_not_act_for(offices, client_for):
    data = _send_data(offices, sender=offices["gt"].pk, receiver=offices["sv"].pk)
    response = client_for("cr_contributor").post(CREATE, data)
    assert response.status_code == 400 and not Referral.objects.exists()
    assert any("valid choice" in error for error in _errors(response))


def test_the_receiving_office_must_be_of_the_chosen_country_and_service(offices, client_for):
    data = _send_data(offices, country="SV", receiver=offices["gt"].pk)
    response = client_for("cr_contributor").post(CREATE, data)
    assert response.status_code == 400 and not Referral.objects.exists()
    assert "Choose a receiving office of the chosen country that offers the service." in (
        _errors(response)
    )


def test_an_identifier_in_the_summary_is_refused_without_echoing_it(offices, client_for):
    summary = "Su madre espera en el 5555-1234 o en madre.joven@example.org"
    response = client_for("cr_contributor").post(CREATE, _send_data(offices, summary=summary))
    assert response.status_code == 400 and not Referral.objects.exists()
    errors = " ".join(_errors(response))
    assert "phone number" in errors and "e-mail" in errors
    assert "5555" not in errors and "example.org" not in errors
    assert not AuditEntry.objects.filter(object_type="coordination.referral").exists()


def test_consent_needs_its_date(offices, client_for):
    response = client_for("cr_contributor").post(CREATE, _send_data(offices, consent_on=""))
    assert response.status_code == 400 and "Give the date the person consented." in (
        _errors(response)
    )
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for("cr_contributor").post(CREATE, _send_data(offices, consent_on=tomorrow))
    assert "The consent date cannot be in the future." in _errors(response)
    assert not Referral.objects.exists()


def test_without_consent_no_date_is_kept_and_the_page_says_so(offices, client_for):
    client = client_for("cr_contributor")
    client.post(CREATE, _send_data(offices, consent="no"))
    made = Referral.objects.get()
    assert made.consent is False and made.consent_on is None
    assert (
        "No consent to share is recorded." in client.get(made.get_absolute_url()).content.decode()
    )


def test_the_offices_partial_narrows_the_receiving_offices(offices, client_for):
    client = client_for("cr_contributor")
    client.defaults["HTTP_HX_REQUEST"] = "true"
    url = reverse("referral-offices")
    page = client.get(url, {"country": "GT", "service": "legal_aid"}).content.decode()
    assert "PN-GT" in page and "OAV-GT" not in page and "OLAV" not in page
    page = client.get(url, {"country": "SV"}).content.decode()
    assert "OLAV" in page and "OAV-GT" not in page
    page = client.get(url, {"country": "SV", "service": "help_line"}).content.decode()
    assert "No office of this country offers this service" in page
    assert client.get(url, {"country": "ZZ"}).status_code == 400


def test_the_offices_partial_asked_outside_the_send_page_leads_to_it(offices, client_for):
    response = client_for("cr_contributor").get(reverse("referral-offices"), {"country": "SV"})
    assert response.status_code == 302 and response["Location"] == reverse("referral-create")


# --- a referral's page -------------------------------------------------------------------


@pytest.fixture
def to_cr(offices, personas):
    return factories.referral(offices["gt"], offices["cr"], by=personas["gt_editor"])


@pytest.mark.parametrize("name", INSIDERS)
def test_the_referral_page_opens_to_its_offices_their_editors_and_the_regional_admin(
    to_cr, client_for, name
):
    page = client_for(name).get(to_cr.get_absolute_url()).content.decode()
    assert to_cr.reference in page
    assert "travels only through official channels, under this reference" in page


@pytest.mark.parametrize("name", ["partner", "auditor"])
def test_the_referral_page_is_404_to_outsiders(to_cr, client_for, name):
    assert client_for(name).get(to_cr.get_absolute_url()).status_code == 404


def test_a_user_of_another_guatemalan_institution_gets_404(offices, gt_other_client):
    made = factories.referral(offices["gt"], offices["sv"])
    assert gt_other_client.get(made.get_absolute_url()).status_code == 404
    move = reverse("referral-move", args=[made.pk])
    assert gt_other_client.post(move, {"status": "cancelled", "note": "x"}).status_code == 404
    assert gt_other_client.get(reverse("referral-detail", args=[987654])).status_code == 404


def test_the_page_shows_the_profile_deadlines_and_timeline(to_cr, client_for):
    page = client_for("cr_contributor").get(to_cr.get_absolute_url()).content.decode()
    assert "Repatriation support" in page and "18 to 24 years" in page
    assert "Safe shelter, Identity or travel documents" in page
    assert "Sexual exploitation" in page and "Guatemala" in page
    timeline = re.search(r'<ol [^>]*id="timeline".*?</ol>', page, re.S).group(0)
    assert "Sent" in timeline and "gt_editor" in timeline and "Sending office" in timeline


def test_an_overdue_referral_carries_the_badge(offices, client_for):
    late = factories.referral(
        offices["gt"],
        offices["cr"],
        urgency=Urgency.IMMEDIATE,
        sent_at=timezone.now() - datetime.timedelta(hours=6),
    )
    page = client_for("cr_contributor").get(late.get_absolute_url()).content.decode()
    assert "Acknowledgement overdue by" in page


def test_every_read_is_audited_without_the_free_text(to_cr, client_for):
    client_for("cr_editor").get(to_cr.get_absolute_url())
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("seq")
    assert entry.object_type == "coordination.referral" and entry.after == {"read": "page"}
    assert "Mujer joven" not in str(entry.before) + str(entry.after)


def test_a_purged_referral_says_when_its_text_went(to_cr, client_for):
    Referral.objects.filter(pk=to_cr.pk).update(
        summary="", purged_at=timezone.make_aware(datetime.datetime(2026, 7, 1, 12))
    )
    page = client_for("cr_contributor").get(to_cr.get_absolute_url()).content.decode()
    assert "The free text was purged on 1 Jul 2026" in page


# --- moves -------------------------------------------------------------------------------


def _move(client, referral, **data):
    return client.post(reverse("referral-move", args=[referral.pk]), data)


def test_each_side_is_offered_its_own_moves(to_cr, client_for):
    receiving = client_for("cr_contributor").get(to_cr.get_absolute_url()).content.decode()
    assert "Acknowledge receipt" in receiving and "Decline the referral" in receiving
    sending = client_for("gt_editor").get(to_cr.get_absolute_url()).content.decode()
    assert "Cancel the referral" in sending and "Acknowledge receipt" not in sending
    reader = client_for("regional_admin").get(to_cr.get_absolute_url()).content.decode()
    assert "only its two offices act on it" in reader


@pytest.mark.parametrize("name", ["cr_contributor", "cr_editor"])
def test_the_receiving_office_and_its_country_editor_acknowledge(to_cr, client_for, name):
    response = _move(client_for(name), to_cr, status="acknowledged")
    to_cr.refresh_from_db()
    assert response.status_code == 302 and to_cr.status == Status.ACKNOWLEDGED
    assert to_cr.steps.last().actor.username == name


def test_a_move_works_through_htmx_too(to_cr, client_for):
    response = client_for("cr_contributor").post(
        reverse("referral-move", args=[to_cr.pk]),
        {"status": "acknowledged"},
        HTTP_HX_REQUEST="true",
    )
    to_cr.refresh_from_db()
    assert response["HX-Redirect"] == to_cr.get_absolute_url()
    assert to_cr.status == Status.ACKNOWLEDGED


@pytest.mark.parametrize("name", ["gt_editor", "regional_admin"])
def test_a_move_of_the_other_side_is_forbidden(to_cr, client_for, name):
    assert _move(client_for(name), to_cr, status="acknowledged").status_code == 403
    to_cr.refresh_from_db()
    assert to_cr.status == Status.SENT


@pytest.mark.parametrize("name", ["partner", "auditor"])
def test_outsiders_cannot_move_a_referral(to_cr, client_for, name):
    assert _move(client_for(name), to_cr, status="cancelled", note="x").status_code == 404


def test_a_decline_without_reason_is_refused_on_the_page(to_cr, client_for):
    response = _move(client_for("cr_contributor"), to_cr, status="declined", note=" ")
    assert response.status_code == 400
    assert "Say why: the other office reads the reason." in response.content.decode()
    to_cr.refresh_from_db()
    assert to_cr.status == Status.SENT


def test_a_reason_with_an_identifier_is_refused_without_echoing_it(to_cr, client_for):
    response = _move(
        client_for("cr_contributor"), to_cr, status="declined", note="Llamar al 5555-1234"
    )
    error = re.search(r'id="move-error">([^<]*)<', response.content.decode()).group(1)
    assert response.status_code == 400 and "Reason:" in error and "5555" not in error


@pytest.mark.parametrize("status", ["", "reopened", "completed"])
def test_a_move_the_referral_does_not_allow_is_refused_not_a_server_error(
    to_cr, client_for, status
):
    response = _move(client_for("cr_contributor"), to_cr, status=status)
    assert response.status_code == 400
    to_cr.refresh_from_db()
    assert to_cr.status == Status.SENT


def test_the_sender_cancels_with_a_reason_shown_in_the_timeline(to_cr, client_for):
    client = client_for("gt_editor")
    _move(client, to_cr, status="cancelled", note="La persona ya regresó por su cuenta.")
    page = client.get(to_cr.get_absolute_url()).content.decode()
    assert "La persona ya regresó por su cuenta." in page and "This referral is closed." in page


# --- the section's home ------------------------------------------------------------------


def test_the_home_counts_what_waits_for_the_office(offices, client_for):
    factories.referral(offices["gt"], offices["cr"])
    factories.referral(
        offices["gt"],
        offices["cr"],
        urgency=Urgency.IMMEDIATE,
        sent_at=timezone.now() - datetime.timedelta(hours=5),
    )
    factories.referral(offices["gt"], offices["sv"])
    page = client_for("cr_contributor").get(reverse("coordination-home")).content.decode()
    awaiting = re.search(r'id="awaiting">\s*<div class="display-6">(\d+)', page).group(1)
    overdue = re.search(r'id="overdue">\s*<div class="display-6[^"]*">(\d+)', page).group(1)
    assert (awaiting, overdue) == ("2", "1")
    page = client_for("gt_editor").get(reverse("coordination-home")).content.decode()
    sent = re.search(r'id="sent-open">\s*<div class="display-6">(\d+)', page).group(1)
    assert sent == "3"
    assert reverse("referral-create") in page


def test_the_navigation_shows_coordination_to_offices_only(offices, client_for):
    home = reverse("coordination-home")
    assert f'href="{home}"' in client_for("cr_contributor").get(reverse("home")).content.decode()
    assert f'href="{home}"' not in client_for("auditor").get(reverse("home")).content.decode()
    assert client_for("auditor").get(home).status_code == 403


def test_the_page_reads_a_long_timeline_in_a_bounded_number_of_queries(
    to_cr, client_for, django_assert_max_num_queries
):
    client = client_for("cr_contributor")
    client.get(to_cr.get_absolute_url())
    factories.moved(to_cr, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.COMPLETED)
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client.get(to_cr.get_absolute_url()).content.decode()
    assert page.count("border-start border-3") == 4
