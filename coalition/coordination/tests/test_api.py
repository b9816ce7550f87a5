"""The referrals API: the same people see the same referrals as on the pages (404 for
everyone else), a referral is sent and moved only through the workflow, messages are
screened, every read is audited without free text, and the schema says all of it."""

import datetime
import json

import pytest
from django.utils import timezone

from coalition.coordination.choices import ReferralKind, Side, Status, Urgency
from coalition.coordination.models import Referral, ReferralMessage
from coalition.coordination.tests import factories
from coalition.core.choices import AuditAction, Role
from coalition.core.models import AuditEntry, Membership, User
from coalition.core.tests.openapi import api_schema, schema_problems

pytestmark = pytest.mark.django_db

LIST = "/api/referrals/"
PHONE = "Llamar a la madre al 5555-1234"


def detail(made, what=""):
    return f"{LIST}{made.pk}/{what}"


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def offices(countries, organizations):
    return factories.offices(countries, organizations)


@pytest.fixture
def world(offices):
    """GT→CR (seen by the Costa Rican personas, gt_editor and the regional administrator)
    and GT→SV (gt_editor and the regional administrator only)."""
    return {
        "to_cr": factories.referral(offices["gt"], offices["cr"], urgency=Urgency.IMMEDIATE),
        "to_sv": factories.referral(offices["gt"], offices["sv"], kind=ReferralKind.LEGAL),
    }


@pytest.fixture
def client_of_other_institution(offices, countries, client_for, personas):
    """A user of another Guatemalan institution (PN-GT): it works with referrals, not these."""
    user = User.objects.create_user(username="pn_gt", password="x-long-password-42")
    Membership.objects.create(
        user=user, country=countries["GT"], role=Role.CONTRIBUTOR, organization=offices["gt_other"]
    )
    client = client_for("anonymous")
    client.force_login(user)
    return client


def references(response):
    return {row["reference"] for row in response.json()["results"]}


# --- who sees what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("regional_admin", {"to_cr", "to_sv"}),
        ("gt_editor", {"to_cr", "to_sv"}),
        ("cr_editor", {"to_cr"}),
        ("cr_contributor", {"to_cr"}),
        ("partner", set()),
    ],
)
def test_each_persona_lists_the_referrals_of_its_offices_and_countries(
    client_for, world, persona, seen
):
    response = client_for(persona).get(LIST)
    assert response.status_code == 200
    assert references(response) == {world[name].reference for name in seen}


@pytest.mark.parametrize("persona", ["auditor", "anonymous"])
def test_who_works_with_no_office_is_refused_the_referrals(client_for, world, persona):
    client = client_for(persona)
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(detail(world["to_cr"])).status_code in (401, 403)


def test_another_guatemalan_institution_gets_404_on_every_route_of_a_referral(
    client_of_other_institution, world
):
    client = client_of_other_institution
    made = world["to_cr"]
    assert client.get(LIST).json()["results"] == []
    assert client.get(detail(made)).status_code == 404
    assert client.get(detail(made, "messages/")).status_code == 404
    assert post_json(client, detail(made, "messages/"), {"text": "Hola"}).status_code == 404
    assert (
        post_json(client, detail(made, "move/"), {"status": "cancelled", "note": "x"}).status_code
        == 404
    )


def test_an_outsider_gets_404_for_a_referral_between_two_other_countries(client_for, world):
    client = client_for("cr_contributor")
    made = world["to_sv"]
    assert client.get(detail(made)).status_code == 404
    assert client.get(detail(made, "messages/")).status_code == 404
    assert post_json(client, detail(made, "move/"), {"status": "acknowledged"}).status_code == 404
    assert post_json(client, detail(made, "messages/"), {"text": "Hola"}).status_code == 404
    assert client_for("partner").get(detail(world["to_cr"])).status_code == 404


def test_a_referral_shows_its_profile_deadlines_and_steps_and_nothing_else(client_for, world):
    made = world["to_cr"]
    body = client_for("cr_contributor").get(detail(made)).json()
    assert body["reference"] == made.reference
    assert body["sender"] == {"id": made.sender_id, "name": made.sender.name}
    assert (body["country"], body["receiving_country"]) == ("GT", "CR")
    assert body["urgency"] == "immediate" and body["status"] == "sent"
    assert body["acknowledgement_overdue"] is False
    assert body["needs"] == ["shelter", "documents"]
    assert [(s["status"], s["side"]) for s in body["steps"]] == [("sent", "sending")]
    # Who sent it is in its first step; no account, e-mail or other record is.
    assert "sent_by" not in body and "email" not in json.dumps(body)


def test_an_overdue_referral_says_so(client_for, offices):
    late = factories.referral(
        offices["gt"],
        offices["cr"],
        urgency=Urgency.IMMEDIATE,
        sent_at=timezone.now() - datetime.timedelta(hours=30),
    )
    body = client_for("cr_contributor").get(detail(late)).json()
    assert body["acknowledgement_overdue"] is True and body["response_overdue"] is True


def test_the_summary_is_null_once_purged(client_for, world):
    made = world["to_cr"]
    Referral.objects.filter(pk=made.pk).update(summary="", purged_at=timezone.now())
    assert client_for("cr_contributor").get(detail(made)).json()["summary"] is None


# --- filters ----------------------------------------------------------------------------


def test_the_list_filters_with_the_inboxs_parameters(client_for, world, offices):
    to_cr, to_sv = world["to_cr"].reference, world["to_sv"].reference
    gt, cr = client_for("gt_editor"), client_for("cr_contributor")
    assert references(gt.get(LIST, {"direction": "sent"})) == {to_cr, to_sv}
    assert references(gt.get(LIST, {"direction": "received"})) == set()
    assert references(cr.get(LIST, {"direction": "received"})) == {to_cr}
    assert references(gt.get(LIST, {"country": "SV"})) == {to_sv}
    assert references(gt.get(LIST, {"urgency": "immediate"})) == {to_cr}
    assert references(gt.get(LIST, {"kind": "legal"})) == {to_sv}
    assert references(gt.get(LIST, {"office": offices["sv"].pk})) == {to_sv}
    assert references(gt.get(LIST, {"q": to_sv[:9].lower()})) == {to_sv}
    assert references(gt.get(LIST, {"status": "acknowledged"})) == set()
    assert references(gt.get(LIST, {"overdue": "1"})) == set()


def test_a_filter_given_nonsense_is_refused_naming_it(client_for, world):
    response = client_for("gt_editor").get(LIST, {"status": "lost", "direction": "up"})
    assert response.status_code == 400
    assert {"status", "direction"} <= set(response.json())


def test_the_list_takes_a_bounded_number_of_queries(
    client_for, offices, django_assert_max_num_queries
):
    for n in range(30):
        made = factories.referral(offices["gt"], offices["cr"])
        if n % 3 == 0:
            factories.moved(made, Status.ACKNOWLEDGED, Status.IN_PROGRESS)
    client = client_for("cr_contributor")
    client.get(LIST)  # the session and the user's standing, once
    # The session, the user's standing, the count, the page, its steps, the audit entry
    # (PostgreSQL locks the audit chain with one query more): never one per referral.
    with django_assert_max_num_queries(18):
        response = client.get(LIST)
    assert response.json()["count"] == 30


# --- reads are audited --------------------------------------------------------------------


def _reads(made):
    return AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="coordination.referral", object_id=str(made.pk)
    )


def test_every_read_is_audited_without_its_free_text(client_for, world):
    made = world["to_cr"]
    client = client_for("cr_editor")
    client.get(detail(made))
    client.get(detail(made, "messages/"))
    assert [e.after["read"] for e in _reads(made).order_by("seq")] == ["api", "api-messages"]
    client.get(LIST)
    listed = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("seq")
    assert listed.after["references"] == [made.reference]
    entries = json.dumps([e.after for e in AuditEntry.objects.all()])
    assert "operativo" not in entries and "coordinamos" not in entries


# --- sending ----------------------------------------------------------------------------


def _sent(offices, **fields):
    return {
        "sender": offices["cr"].pk,
        "receiver": offices["sv"].pk,
        "kind": "repatriation",
        "urgency": "72h",
        "age_group": "12-17",
        "sex": "female",
        "nationality": "SV",
        "languages": ["es"],
        "needs": ["shelter"],
        "exploitation": ["sexual"],
        "consent": True,
        "consent_on": "2026-03-01",
        "summary": "Adolescente detectada en Costa Rica; pide volver con su familia.",
        **fields,
    }


def test_an_office_sends_a_referral_through_the_workflow(client_for, offices):
    response = post_json(client_for("cr_contributor"), LIST, _sent(offices))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"].startswith("CR-SV-")
    assert body["status"] == "sent" and body["steps"][0]["status"] == "sent"
    made = Referral.objects.get(reference=body["reference"])
    assert made.respond_by - made.sent_at == datetime.timedelta(hours=72)
    created = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="coordination.referral", object_id=str(made.pk)
    )
    assert "Adolescente" not in json.dumps(created.after)


def test_a_reference_sent_by_the_client_is_ignored(client_for, offices):
    response = post_json(client_for("cr_contributor"), LIST, _sent(offices, reference="MINE-1"))
    assert response.status_code == 201
    assert response.json()["reference"] != "MINE-1"


def test_sending_for_an_office_one_does_not_work_for_is_refused(client_for, offices):
    response = post_json(
        client_for("cr_contributor"), LIST, _sent(offices, sender=offices["gt"].pk)
    )
    assert response.status_code == 400
    assert "sender" in response.json()
    assert not Referral.objects.exists()


def test_an_office_without_victim_services_cannot_receive(client_for, offices, organizations):
    response = post_json(
        client_for("cr_contributor"), LIST, _sent(offices, receiver=organizations["fiscalia_gt"].pk)
    )
    assert response.status_code == 400
    assert "receiver" in response.json()


def test_a_referral_needs_its_type_and_known_codes(client_for, offices):
    body = _sent(offices, needs=["wings"], nationality="ZZ")
    del body["kind"]
    response = post_json(client_for("cr_contributor"), LIST, body)
    assert response.status_code == 400
    assert {"kind", "needs", "nationality"} <= set(response.json())


def test_a_summary_with_an_identifier_is_refused_without_repeating_it(client_for, offices):
    response = post_json(client_for("cr_contributor"), LIST, _sent(offices, summary=PHONE))
    assert response.status_code == 400
    assert "summary" in response.json()
    assert "5555" not in response.content.decode()
    assert not Referral.objects.exists()


def test_the_regional_admin_sends_for_no_office_but_its_own(client_for, offices):
    response = post_json(client_for("regional_admin"), LIST, _sent(offices))
    assert response.status_code == 400
    assert "sender" in response.json()


def test_a_referral_is_never_changed_nor_deleted_but_through_its_workflow(client_for, world):
    client = client_for("gt_editor")
    url = detail(world["to_cr"])
    assert client.put(url, "{}", content_type="application/json").status_code == 405
    assert client.patch(url, "{}", content_type="application/json").status_code == 405
    assert client.delete(url).status_code == 405


# --- moving -----------------------------------------------------------------------------


def test_the_receiving_office_acknowledges(client_for, world):
    made = world["to_cr"]
    response = post_json(
        client_for("cr_contributor"), detail(made, "move/"), {"status": "acknowledged"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "acknowledged"
    assert [s["status"] for s in response.json()["steps"]] == ["sent", "acknowledged"]


def test_the_sending_side_cannot_make_the_receivers_move(client_for, world):
    made = world["to_cr"]
    response = post_json(client_for("gt_editor"), detail(made, "move/"), {"status": "acknowledged"})
    assert response.status_code == 403
    made.refresh_from_db()
    assert made.status == Status.SENT


def test_the_regional_admin_cannot_move_a_referral(client_for, world):
    made = world["to_cr"]
    response = post_json(
        client_for("regional_admin"), detail(made, "move/"), {"status": "declined"}
    )
    assert response.status_code == 403


def test_a_decline_without_a_reason_is_refused_naming_the_note(client_for, world):
    url = detail(world["to_cr"], "move/")
    response = post_json(client_for("cr_contributor"), url, {"status": "declined"})
    assert response.status_code == 400
    assert "note" in response.json()


def test_a_move_the_status_does_not_allow_is_refused_naming_the_status(client_for, world):
    url = detail(world["to_cr"], "move/")
    response = post_json(client_for("cr_contributor"), url, {"status": "sent"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_a_note_with_an_identifier_is_refused_without_repeating_it(client_for, world):
    url = detail(world["to_cr"], "move/")
    response = post_json(client_for("cr_contributor"), url, {"status": "declined", "note": PHONE})
    assert response.status_code == 400
    assert "note" in response.json() and "5555" not in response.content.decode()


# --- messages ---------------------------------------------------------------------------


def test_each_office_writes_for_its_side_and_both_read_the_thread(client_for, world):
    made = world["to_cr"]
    url = detail(made, "messages/")
    first = post_json(client_for("cr_contributor"), url, {"text": "Recibido, lo vemos."})
    assert first.status_code == 201
    assert first.json()["side"] == "receiving" and first.json()["author"] == "cr_contributor"
    second = post_json(client_for("gt_editor"), url, {"text": "Gracias."})
    assert second.json()["side"] == "sending"
    thread = client_for("regional_admin").get(url).json()
    assert [m["text"] for m in thread] == ["Recibido, lo vemos.", "Gracias."]


def test_a_message_is_audited_without_its_text(client_for, world):
    url = detail(world["to_cr"], "messages/")
    post_json(client_for("cr_contributor"), url, {"text": "Texto reservado del mensaje."})
    entry = AuditEntry.objects.filter(object_type="coordination.referralmessage").get()
    assert entry.action == AuditAction.CREATE
    assert "reservado" not in json.dumps(entry.after)


def test_the_regional_admin_reads_the_messages_but_does_not_write(client_for, world):
    url = detail(world["to_cr"], "messages/")
    client = client_for("regional_admin")
    assert client.get(url).status_code == 200
    assert post_json(client, url, {"text": "Hola"}).status_code == 403
    assert not ReferralMessage.objects.exists()


def test_a_message_holding_a_phone_number_is_refused_without_repeating_it(client_for, world):
    url = detail(world["to_cr"], "messages/")
    response = post_json(client_for("cr_contributor"), url, {"text": PHONE})
    assert response.status_code == 400
    assert "text" in response.json() and "5555" not in response.content.decode()
    assert not ReferralMessage.objects.exists()


def test_a_side_one_does_not_act_for_is_refused(client_for, world):
    url = detail(world["to_cr"], "messages/")
    response = post_json(client_for("cr_contributor"), url, {"text": "Hola", "side": "sending"})
    assert response.status_code == 403


def test_an_editor_of_both_countries_says_which_side_it_writes_for(client_for, offices, personas):
    made = factories.referral(offices["gt"], offices["gt_other"])
    url = detail(made, "messages/")
    client = client_for("gt_editor")
    assert post_json(client, url, {"text": "Enviado."}).json()["side"] == Side.SENDING
    answer = post_json(client, url, {"text": "Recibido.", "side": "receiving"})
    assert answer.json()["side"] == Side.RECEIVING


def test_a_purged_referral_takes_no_more_messages(client_for, world):
    made = world["to_cr"]
    Referral.objects.filter(pk=made.pk).update(purged_at=timezone.now())
    response = post_json(client_for("cr_contributor"), detail(made, "messages/"), {"text": "Hola"})
    assert response.status_code == 400
    assert "text" in response.json()


def test_the_thread_takes_a_bounded_number_of_queries(
    client_for, world, django_assert_max_num_queries
):
    made = world["to_cr"]
    for n in range(20):
        factories.message(made, Side.SENDING if n % 2 else Side.RECEIVING)
    client = client_for("cr_contributor")
    client.get(detail(made, "messages/"))
    with django_assert_max_num_queries(16):
        response = client.get(detail(made, "messages/"))
    assert len(response.json()) == 20


# --- the schema -------------------------------------------------------------------------


def test_the_schema_lists_the_referral_routes_and_no_change_or_deletion(client_for):
    paths = api_schema(client_for("anonymous"))["paths"]
    assert set(paths[LIST]) >= {"get", "post"}
    assert set(paths["/api/referrals/{id}/"]) == {"get"}
    assert set(paths["/api/referrals/{id}/move/"]) == {"post"}
    assert set(paths["/api/referrals/{id}/messages/"]) == {"get", "post"}
    parameters = {p["name"] for p in paths[LIST]["get"]["parameters"]}
    assert {
        "direction",
        "status",
        "country",
        "urgency",
        "kind",
        "office",
        "overdue",
        "q",
    } <= parameters


def test_every_answer_is_one_the_schema_declares(client_for, world, offices):
    made = world["to_cr"]
    cr, admin = client_for("cr_contributor"), client_for("regional_admin")
    checks = [
        (cr.get(LIST), LIST, "GET"),
        (cr.get(detail(made)), "/api/referrals/{id}/", "GET"),
        (post_json(cr, LIST, _sent(offices)), LIST, "POST"),
        (post_json(cr, LIST, _sent(offices, summary=PHONE)), LIST, "POST"),
        (
            post_json(cr, detail(made, "messages/"), {"text": "Hola"}),
            "/api/referrals/{id}/messages/",
            "POST",
        ),
        (admin.get(detail(made, "messages/")), "/api/referrals/{id}/messages/", "GET"),
        (
            post_json(admin, detail(made, "messages/"), {"text": "Hola"}),
            "/api/referrals/{id}/messages/",
            "POST",
        ),
        (
            post_json(cr, detail(made, "move/"), {"status": "acknowledged"}),
            "/api/referrals/{id}/move/",
            "POST",
        ),
        (
            post_json(cr, detail(made, "move/"), {"status": "sent"}),
            "/api/referrals/{id}/move/",
            "POST",
        ),
        (
            post_json(client_for("partner"), detail(made, "move/"), {"status": "sent"}),
            "/api/referrals/{id}/move/",
            "POST",
        ),
    ]
    problems = [
        (path, method, response.status_code, schema_problems(cr, response, path, method))
        for response, path, method in checks
    ]
    assert [p for p in problems if p[3]] == []


def test_a_read_and_a_sending_answer_the_referrals_version(client_for, world, offices):
    client = client_for("cr_contributor")
    read = client.get(detail(world["to_cr"]))
    assert read["ETag"].startswith('"')
    sent = post_json(client, LIST, _sent(offices))
    assert sent["ETag"] == client.get(detail(Referral.objects.get(pk=sent.json()["id"])))["ETag"]
