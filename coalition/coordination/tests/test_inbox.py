"""The inbox of referrals: what each person finds in it, its filters, sorting and pages,
and its export (statistical fields only, audited)."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.coordination.choices import ReferralKind, Side, Status, Urgency
from coalition.coordination.models import Referral
from coalition.coordination.tests import factories
from coalition.core.choices import AuditAction, Role
from coalition.core.models import AuditEntry, Membership, User
from conftest import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

LIST = reverse("referral-list")
EXPORT = reverse("referral-export")
SECRET = "Mujer joven detectada en un operativo; pide volver con su familia."


@pytest.fixture
def offices(countries, organizations):
    return factories.offices(countries, organizations)


def office_user(client, office, name):
    """A client signed in as a contributor of ``office``."""
    user = User.objects.create_user(username=name, email=f"{name}@example.org", language="en")
    Membership.objects.create(
        user=user, country=office.country, role=Role.CONTRIBUTOR, organization=office
    )
    return sign_in(client, user)


def references(response):
    return [r.reference for r in response.context["referrals"]]


@pytest.fixture
def world(offices):
    """GT sends two to CR and one to SV; CR sends one to GT."""
    now = timezone.now()
    return {
        "gt_cr_urgent": factories.referral(
            offices["gt"],
            offices["cr"],
            urgency=Urgency.IMMEDIATE,
            kind=ReferralKind.REPATRIATION,
            sent_at=now - datetime.timedelta(hours=6),
        ),
        "gt_cr_done": factories.moved(
            factories.referral(
                offices["gt"],
                offices["cr"],
                kind=ReferralKind.DOCUMENTS,
                sent_at=now - datetime.timedelta(days=2),
            ),
            Status.ACKNOWLEDGED,
            Status.COMPLETED,
        ),
        "gt_sv": factories.referral(
            offices["gt"], offices["sv"], sent_at=now - datetime.timedelta(days=1)
        ),
        "cr_gt": factories.referral(
            offices["cr"],
            offices["gt"],
            urgency=Urgency.HOURS_72,
            kind=ReferralKind.FAMILY_TRACING,
            sent_at=now - datetime.timedelta(days=3),
        ),
    }


def test_an_office_sees_what_it_sent_and_received_newest_first(client_for, world):
    response = client_for("cr_contributor").get(LIST)
    assert response.status_code == 200
    expected = [world[k].reference for k in ("gt_cr_urgent", "gt_cr_done", "cr_gt")]
    assert references(response) == expected
    assert response.context["counts"] == {"all": 3, "received": 2, "sent": 1, "overdue": 2}


def test_received_shows_only_what_comes_to_the_users_office(client_for, world):
    response = client_for("cr_contributor").get(LIST, {"direction": "received"})
    assert set(references(response)) == {
        world["gt_cr_urgent"].reference,
        world["gt_cr_done"].reference,
    }


def test_sent_shows_only_what_the_users_office_sent(client_for, world):
    response = client_for("cr_contributor").get(LIST, {"direction": "sent"})
    assert references(response) == [world["cr_gt"].reference]


def test_a_country_editor_receives_for_its_countrys_offices(client_for, world):
    response = client_for("gt_editor").get(LIST, {"direction": "received"})
    assert references(response) == [world["cr_gt"].reference]
    response = client_for("gt_editor").get(LIST, {"direction": "sent"})
    assert len(references(response)) == 3


def test_an_unknown_direction_is_a_bad_request_naming_the_field(client_for, world):
    response = client_for("cr_contributor").get(LIST, {"direction": "sideways"})
    assert response.status_code == 400
    assert "direction" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "completed"}, ["gt_cr_done"]),
        ({"status": "open"}, ["gt_cr_urgent", "gt_sv", "cr_gt"]),
        ({"status": "closed"}, ["gt_cr_done"]),
        ({"country": "SV"}, ["gt_sv"]),
        ({"country": "CR"}, ["gt_cr_urgent", "gt_cr_done", "cr_gt"]),
        ({"urgency": "immediate"}, ["gt_cr_urgent"]),
        ({"kind": "family_tracing"}, ["cr_gt"]),
        ({"overdue": "1"}, ["gt_cr_urgent", "cr_gt"]),
    ],
)
def test_each_filter_narrows_the_list(client_for, world, query, expected):
    response = client_for("gt_editor").get(LIST, query)
    assert response.status_code == 200
    assert references(response) == [world[key].reference for key in expected]


def test_the_office_filter_keeps_the_referrals_at_either_end(client_for, world, offices):
    response = client_for("gt_editor").get(LIST, {"office": offices["sv"].pk})
    assert references(response) == [world["gt_sv"].reference]


def test_the_office_filter_refuses_an_office_without_any_visible_referral(
    client_for, world, offices
):
    response = client_for("cr_contributor").get(LIST, {"office": offices["sv"].pk})
    assert response.status_code == 400
    assert references(response) == []


def test_the_reference_search_takes_the_whole_reference_or_its_start(client_for, world):
    reference = world["gt_sv"].reference
    client = client_for("gt_editor")
    assert references(client.get(LIST, {"q": reference.lower()})) == [reference]
    assert references(client.get(LIST, {"q": reference[:-2]})) == [reference]
    assert references(client.get(LIST, {"q": "GT-SV"})) == [reference]
    assert references(client.get(LIST, {"q": reference[3:]})) == []


def test_sorting_by_urgency_puts_the_immediate_ones_first(client_for, world):
    response = client_for("gt_editor").get(LIST, {"ordering": "urgency"})
    assert references(response)[0] == world["gt_cr_urgent"].reference
    assert references(response)[1] == world["cr_gt"].reference


def test_sorting_by_deadline_puts_the_nearest_first_and_the_closed_last(client_for, world):
    response = client_for("gt_editor").get(LIST, {"ordering": "deadline"})
    assert references(response)[:2] == [world["cr_gt"].reference, world["gt_cr_urgent"].reference]
    assert references(response)[-1] == world["gt_cr_done"].reference
    response = client_for("gt_editor").get(LIST, {"ordering": "-deadline"})
    assert references(response)[-1] == world["gt_cr_done"].reference


def test_sorting_by_status_follows_the_workflow(client_for, world):
    response = client_for("gt_editor").get(LIST, {"ordering": "-status"})
    assert references(response)[0] == world["gt_cr_done"].reference
    response = client_for("gt_editor").get(LIST, {"ordering": "sent"})
    assert references(response)[0] == world["cr_gt"].reference


def test_the_list_is_paged(client_for, offices):
    for _n in range(27):
        factories.referral(offices["gt"], offices["sv"])
    client = client_for("gt_editor")
    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})
    assert len(references(first)) == 25
    assert len(references(second)) == 2
    assert not set(references(first)) & set(references(second))
    assert "page=2" in first.content.decode()


def test_people_outside_any_office_are_forbidden_and_a_partner_sees_nothing(client_for, world):
    assert client_for("auditor").get(LIST).status_code == 403
    assert client_for("auditor").get(EXPORT).status_code == 403
    assert client_for("anonymous").get(LIST).status_code == 302
    response = client_for("partner").get(LIST)
    assert response.status_code == 200
    assert references(response) == []


def test_another_guatemalan_institution_sees_an_empty_inbox(client, world, offices):
    client = office_user(client, offices["gt_other"], "pn_gt")
    response = client.get(LIST)
    assert response.status_code == 200
    assert references(response) == []
    assert "No referral concerns you yet" in response.content.decode()
    export = client.get(EXPORT)
    assert export.content.decode("utf-8-sig").strip().count("\n") == 0


def test_an_empty_filter_says_how_to_widen_it(client_for, world):
    response = client_for("cr_contributor").get(LIST, {"urgency": "routine", "kind": "legal"})
    assert "No referral matches these filters" in response.content.decode()
    assert "clear every filter" in response.content.decode()


def test_the_list_never_shows_free_text_and_marks_the_overdue(client_for, world):
    body = client_for("cr_contributor").get(LIST).content.decode()
    assert SECRET not in body
    # the deadline badge: this list's or the deadlines' own (both say "... overdue by ...")
    assert "deadline-overdue" in body
    assert "overdue by" in body.lower()
    assert world["gt_cr_urgent"].reference in body


def test_unread_messages_of_the_other_office_are_counted(client_for, world):
    factories.message(world["gt_cr_urgent"], Side.SENDING)
    factories.message(world["gt_cr_urgent"], Side.SENDING)
    factories.message(world["gt_cr_urgent"], Side.RECEIVING)
    response = client_for("cr_contributor").get(LIST)
    rows = {r.reference: r.unread for r in response.context["referrals"]}
    assert rows[world["gt_cr_urgent"].reference] == 2


def test_each_page_read_is_one_audit_entry_with_the_references_shown(client_for, world):
    client = client_for("cr_contributor")
    before = AuditEntry.objects.count()
    client.get(LIST, {"status": "completed"})
    assert AuditEntry.objects.count() == before + 1, list(AuditEntry.objects.order_by("-seq")[:2])
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == AuditAction.VIEW
    assert entry.object_type == "coordination.referral"
    assert entry.after["list"] == {"status": "completed"}
    assert entry.after["references"] == [world["gt_cr_done"].reference]


def test_the_scope_switcher_narrows_the_list_to_its_country(client, offices, countries):
    user = User.objects.create_user(username="two_countries", email="t@example.org")
    for code in ("GT", "SV"):
        Membership.objects.create(user=user, country=countries[code], role=Role.COUNTRY_EDITOR)
    to_sv = factories.referral(offices["gt"], offices["sv"])
    gt_only = factories.referral(offices["gt"], offices["cr"])
    client = sign_in(client, user)
    session = client.session
    session["coalition_scope"] = "SV"
    session.save()
    assert references(client.get(LIST)) == [to_sv.reference]
    assert set(references(client.get(LIST, {"country": ""}))) == {
        to_sv.reference,
        gt_only.reference,
    }


def test_the_list_runs_a_bounded_number_of_queries(
    client_for, offices, django_assert_max_num_queries
):
    for n in range(30):
        made = factories.referral(offices["gt"], offices["cr"] if n % 2 else offices["sv"])
        factories.message(made, Side.SENDING)
    client = client_for("gt_editor")
    client.get(LIST)
    with django_assert_max_num_queries(22):
        response = client.get(LIST, {"status": "sent", "ordering": "deadline"})
    assert len(references(response)) == 25


# --- export ----------------------------------------------------------------------------------


def test_the_export_holds_the_statistical_fields_and_no_free_text(client_for, world):
    response = client_for("cr_contributor").get(EXPORT, {"format": "csv", "lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["Reference"] for row in rows} == {
        world[k].reference for k in ("gt_cr_urgent", "gt_cr_done", "cr_gt")
    }
    assert SECRET not in text
    assert "summary" not in text.lower()
    row = next(r for r in rows if r["Reference"] == world["gt_cr_done"].reference)
    assert row["Status"] == "Completed"
    assert row["Type"] == "Travel or identity documents"
    assert row["Answered in time"] == "Yes"
    assert row["Needs"].startswith("Safe shelter; ")
    assert row["Consent to share"] == "Yes"


def test_the_export_follows_the_filters_and_is_audited(client_for, world):
    client = client_for("gt_editor")
    before = AuditEntry.objects.count()
    response = client.get(EXPORT, {"format": "xlsx", "country": "SV"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        world["gt_sv"].reference
    ]
    assert AuditEntry.objects.count() == before + 1
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == AuditAction.EXPORT
    assert entry.after["references"] == [world["gt_sv"].reference]
    assert SECRET not in str(entry.after)


def test_the_export_refuses_an_unknown_format_or_filter(client_for, world):
    client = client_for("gt_editor")
    assert client.get(EXPORT, {"format": "pdf"}).status_code == 400
    response = client.get(EXPORT, {"status": "lost"})
    assert response.status_code == 400
    assert "status" in response.content.decode()


def test_the_export_runs_a_bounded_number_of_queries(
    client_for, offices, django_assert_max_num_queries
):
    for n in range(30):
        factories.referral(offices["gt"], offices["cr"] if n % 2 else offices["sv"])
    client = client_for("gt_editor")
    with django_assert_max_num_queries(16):
        response = client.get(EXPORT)
    assert response.content.decode("utf-8-sig").strip().count("\n") == 30
    assert Referral.objects.count() == 30


def test_the_inbox_itself_answers_an_export_as_every_list_does(
    client_for, world, django_assert_max_num_queries
):
    from coalition.core.tests.exports import check_list_export

    check_list_export(
        client_for,
        LIST,
        bounded=django_assert_max_num_queries,
        max_queries=20,
        exporter="gt_editor",
        refused="auditor",  # referrals are the offices' own
        filters={"country": "SV"},
        headers=("Reference", "Referencia"),
        shown=[world["gt_sv"].reference],
        hidden=[world["gt_cr_urgent"].reference, world["cr_gt"].reference, SECRET],
        bad_filter={"status": "lost"},
    )
