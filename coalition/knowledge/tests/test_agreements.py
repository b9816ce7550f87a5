"""Cooperation agreements as each persona sees them: the list with its filters, badges
and export, the form and its dates, the agreement's page with its parties, focal points
(for the data roles only) and documents."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.core.models import AuditEntry, Organization
from coalition.core.tests.versions import versioned
from coalition.directory.models import Contact
from coalition.knowledge.choices import AgreementKind, AgreementStatus
from coalition.knowledge.models import Agreement, AgreementDocument
from coalition.knowledge.tests.conftest import PDF
from coalition.plans.models import ItemKind
from coalition.plans.tests.conftest import add_items, build_plan

TODAY = timezone.localdate()


pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def plan(countries):
    """The test plan; its activity I.2 is verified by "Convenios o acuerdos firmados"."""
    data = build_plan(countries)
    add_items(data["activities"]["I.2"], ItemKind.VERIFICATION, "Convenios o acuerdos firmados")
    return data


def text(response):
    return response.content.decode()


def agreement_data(country, **changes):
    data = {
        "title": "Convenio de intercambio de datos judiciales",
        "kind": AgreementKind.JUDICIAL,
        "status": AgreementStatus.NEGOTIATION,
        "country": country.pk,
        "summary": "Compartir sentencias en firme para las estadísticas.",
        "signed_on": "",
        "effective_on": "",
        "expires_on": "",
        "obligations": "",
        "focal_points_notes": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def list_page(client, **params):
    return client.get(reverse("agreement-list"), params)


# --- list --------------------------------------------------------------------------------


def test_the_list_shows_the_agreements_in_the_users_scope(client_for, knowledge):
    page = text(list_page(client_for("cr_editor")))
    assert "Convenio de cooperación policial Costa Rica–Nicaragua" in page
    assert "Protocolo regional de repatriación" in page  # the regional level
    assert "Acuerdo con el Organismo Judicial" not in page  # Guatemala's
    partner = text(list_page(client_for("partner")))
    assert "Protocolo regional de repatriación" in partner
    assert "Costa Rica–Nicaragua" not in partner


def test_the_auditor_and_the_anonymous_visitor_get_no_list(client_for, knowledge):
    assert list_page(client_for("auditor")).status_code == 403
    assert list_page(client_for("anonymous")).status_code == 302


def test_the_list_badges_those_expiring_within_90_days_and_those_past_expiry(
    client_for, knowledge, countries
):
    Agreement.objects.create(
        country=countries["CR"], title="Memorando vencido con Migración",
        kind=AgreementKind.MIGRATION, status=AgreementStatus.IN_FORCE,
        signed_on=TODAY - datetime.timedelta(days=800),
        expires_on=TODAY - datetime.timedelta(days=3),
    )  # fmt: skip
    Agreement.objects.create(
        country=countries["CR"], title="Convenio de largo plazo", kind=AgreementKind.OTHER,
        status=AgreementStatus.IN_FORCE, signed_on=TODAY,
        expires_on=TODAY + datetime.timedelta(days=400),
    )  # fmt: skip
    page = text(list_page(client_for("cr_editor")))
    assert "expires in 60 days" in page
    assert page.count("expires in") == 1  # not the one 400 days away
    # Past its expiry date, it shows as expired, once, and nowhere as in force.
    [lapsed] = [row for row in page.split("<tr>") if "Memorando vencido" in row]
    assert ">Expired</span>" in lapsed
    assert "In force" not in lapsed and "expired</span>" not in lapsed


def test_the_list_filters_by_status_type_party_search_expiry_and_activity(
    client_for, knowledge, plan
):
    client = client_for("regional_admin")
    activity = plan["activities"]["I.2"]
    knowledge["agreements"]["regional_migration"].activities.add(activity)
    cases = [
        ({"status": ["signed", "in_force"]}, {"cr_police", "regional_migration"}),
        ({"status": "negotiation"}, {"gt_judicial"}),
        ({"kind": "judicial"}, {"gt_judicial"}),
        ({"party": "NI"}, {"cr_police"}),
        ({"country": "GT"}, {"gt_judicial"}),
        ({"q": "policia"}, {"cr_police"}),  # folded: "policial"
        ({"expires_before": (TODAY + datetime.timedelta(days=90)).isoformat()}, {"cr_police"}),
        ({"activity": activity.pk}, {"regional_migration"}),
    ]
    for params, expected in cases:
        page = text(list_page(client, **params))
        shown = {key for key, a in knowledge["agreements"].items() if a.title in page}
        assert shown == expected, params


def test_a_bad_filter_is_refused_with_a_message_naming_it(client_for, knowledge):
    response = list_page(client_for("cr_editor"), status="nonsense")
    assert response.status_code == 400
    assert "status" in text(response) and "Select a valid choice" in text(response)


def test_the_list_says_when_nothing_matches(client_for, knowledge):
    page = text(list_page(client_for("cr_editor"), q="inexistente"))
    assert "No agreement matches these filters." in page


def test_the_list_takes_a_bounded_number_of_queries(
    client_for, knowledge, countries, organizations, django_assert_max_num_queries
):
    for n in range(30):
        agreement = Agreement.objects.create(
            country=countries["CR"], title=f"Convenio {n:02}", kind=AgreementKind.POLICE,
            status=AgreementStatus.IN_FORCE, signed_on=TODAY,
            expires_on=TODAY + datetime.timedelta(days=n + 1),
        )  # fmt: skip
        agreement.party_countries.set([countries["CR"], countries["PA"]])
        agreement.party_organizations.set([organizations["st_cr"]])
    client = client_for("cr_editor")
    # Session, user and memberships; the page, its parties; the filters' countries.
    with django_assert_max_num_queries(16):
        response = list_page(client)
    assert response.status_code == 200 and "Convenio 24" in text(response)


# --- export ------------------------------------------------------------------------------


def test_the_export_has_the_lists_columns_and_filters_and_is_audited(client_for, knowledge):
    response = client_for("regional_admin").get(
        reverse("agreement-export"), {"status": ["signed", "in_force"]}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="agreements-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Title", "Country", "Type", "Status", "Parties", "Signed", "In force from", "Expires",
        "Purpose", "Public", "Link",
    )  # fmt: skip
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {
        "Convenio de cooperación policial Costa Rica–Nicaragua",
        "Protocolo regional de repatriación",
    }
    police = by_title["Convenio de cooperación policial Costa Rica–Nicaragua"]
    assert police[1:5] == ("Costa Rica", "Police cooperation", "In force", "Costa Rica, Nicaragua")
    assert police[7].date() == TODAY + datetime.timedelta(days=60)
    entry = AuditEntry.objects.get(action="export", object_type="knowledge.agreement")
    assert entry.after["count"] == 2 and entry.after["status"] == "signed, in_force"


def test_the_export_holds_only_what_the_user_sees(client_for, knowledge):
    response = client_for("cr_editor").get(reverse("agreement-export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Acuerdo con el Organismo Judicial sobre sentencias" not in titles
    assert len(titles) == 2


def test_those_who_may_not_export_get_403(client_for, knowledge):
    for persona in ("partner", "cr_contributor"):
        assert client_for(persona).get(reverse("agreement-export")).status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()


def test_an_export_with_a_bad_filter_is_refused_and_not_recorded(client_for, knowledge):
    response = client_for("regional_admin").get(reverse("agreement-export"), {"kind": "x"})
    assert response.status_code == 400 and "kind" in text(response)
    assert not AuditEntry.objects.filter(action="export").exists()


# --- form --------------------------------------------------------------------------------


def test_an_editor_records_an_agreement_and_it_is_audited(
    client_for, knowledge, countries, organizations, plan
):
    activity = plan["activities"]["I.2"]
    response = client_for("cr_editor").post(
        reverse("agreement-create"),
        agreement_data(
            countries["CR"],
            status=AgreementStatus.SIGNED,
            signed_on="2025-04-01",
            effective_on="2025-05-01",
            expires_on="2027-05-01",
            party_countries=[countries["CR"].pk, countries["PA"].pk],
            party_organizations=[organizations["st_cr"].pk],
            activities=[activity.pk],
        ),
    )
    agreement = Agreement.objects.get(title="Convenio de intercambio de datos judiciales")
    assert response.status_code == 302 and response["Location"] == agreement.get_absolute_url()
    assert agreement.created_by.username == "cr_editor"
    assert list(agreement.activities.all()) == [activity]
    entry = AuditEntry.objects.get(action="create", object_type="knowledge.agreement")
    assert entry.after["party_countries"] == sorted([countries["CR"].pk, countries["PA"].pk])
    assert entry.after["activities"] == [activity.pk]


def test_the_form_offers_the_activities_verified_by_agreements_first(client_for, plan):
    page = text(client_for("cr_editor").get(reverse("agreement-create")))
    suggested = page.index('label="Verified by signed agreements"')
    others = page.index('label="Other activities"')
    tool = page.index("I.2 Build a tool")
    assert suggested < tool < others
    assert page.index("I.1 Hold meetings") > others


def test_the_activity_in_the_address_is_chosen_already(client_for, plan):
    activity = plan["activities"]["I.2"]
    response = client_for("cr_editor").get(reverse("agreement-create"), {"activity": activity.pk})
    assert f'<option value="{activity.pk}" selected>' in text(response)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"signed_on": "2025-05-01", "effective_on": "2025-04-01"},
            "effective_on",
            "It cannot enter into force",
        ),
        (
            {"signed_on": "2025-01-01", "effective_on": "2025-05-01", "expires_on": "2025-05-01"},
            "expires_on",
            "must come after the date it enters into force",
        ),
        (
            {"signed_on": "2025-05-01", "expires_on": "2025-04-01"},
            "expires_on",
            "must come after the date it was signed",
        ),
        ({"status": AgreementStatus.IN_FORCE}, "signed_on", "needs the date it was signed"),
        ({"status": AgreementStatus.SIGNED}, "signed_on", "needs the date it was signed"),
        ({"signed_on": "01/05/2025x"}, "signed_on", "Enter a valid date"),
    ],
)
def test_contradicting_dates_are_refused_and_nothing_is_written(
    client_for, countries, changes, field, message
):
    response = client_for("cr_editor").post(
        reverse("agreement-create"), agreement_data(countries["CR"], **changes)
    )
    assert response.status_code == 400
    assert message in text(response)
    assert field in response.context["form"].errors
    assert not Agreement.objects.exists()
    assert not AuditEntry.objects.filter(object_type="knowledge.agreement").exists()


def test_an_editor_cannot_record_an_agreement_of_another_country(client_for, countries):
    response = client_for("cr_editor").post(
        reverse("agreement-create"), agreement_data(countries["GT"])
    )
    assert response.status_code == 400 and "Select a valid choice" in text(response)
    assert not Agreement.objects.exists()


def test_read_only_roles_cannot_create(client_for):
    for persona in ("partner", "auditor"):
        assert client_for(persona).get(reverse("agreement-create")).status_code == 403


def test_changing_the_expiry_date_makes_the_alert_due_again(client_for, knowledge, countries):
    agreement = knowledge["agreements"]["cr_police"]
    Agreement.objects.filter(pk=agreement.pk).update(alert_sent_on=TODAY)
    url = reverse("agreement-update", args=[agreement.pk])
    same = agreement_data(
        countries["CR"],
        title=agreement.title,
        kind=agreement.kind,
        status=agreement.status,
        signed_on=agreement.signed_on.isoformat(),
        effective_on=agreement.effective_on.isoformat(),
        expires_on=agreement.expires_on.isoformat(),
        party_countries=[countries["CR"].pk, countries["NI"].pk],
    )
    client = client_for("cr_editor")
    assert client.post(url, versioned(agreement, same, obligations="Otra cosa")).status_code == 302
    agreement.refresh_from_db()
    assert agreement.alert_sent_on == TODAY  # the expiry date did not change
    later = (agreement.expires_on + datetime.timedelta(days=365)).isoformat()
    assert client.post(url, versioned(agreement, same, expires_on=later)).status_code == 302
    agreement.refresh_from_db()
    assert agreement.alert_sent_on is None
    entry = AuditEntry.objects.filter(action="update").latest("seq")
    assert entry.before["expires_on"] != entry.after["expires_on"]


def test_an_outsider_gets_404_and_a_partner_403_on_the_form(client_for, knowledge):
    police = reverse("agreement-update", args=[knowledge["agreements"]["cr_police"].pk])
    regional = reverse("agreement-update", args=[knowledge["agreements"]["regional_migration"].pk])
    assert client_for("gt_editor").get(police).status_code == 404
    assert client_for("partner").get(regional).status_code == 403
    assert client_for("cr_editor").get(regional).status_code == 403


def test_saving_keeps_the_links_the_editor_cannot_see(
    client_for, knowledge, countries, organizations
):
    agreement = knowledge["agreements"]["cr_police"]
    gt_contact = Contact.objects.create(
        country=countries["GT"], organization=organizations["st_gt"], name="Luis Ak"
    )
    fiscalia = organizations["fiscalia_gt"]
    agreement.focal_points.add(gt_contact)
    agreement.party_organizations.add(fiscalia)
    page = text(client_for("cr_editor").get(reverse("agreement-update", args=[agreement.pk])))
    assert "Luis Ak" not in page
    data = agreement_data(
        countries["CR"],
        title=agreement.title,
        kind=agreement.kind,
        status=agreement.status,
        signed_on=agreement.signed_on.isoformat(),
        expires_on=agreement.expires_on.isoformat(),
    )
    response = client_for("cr_editor").post(
        reverse("agreement-update", args=[agreement.pk]), versioned(agreement, data)
    )
    assert response.status_code == 302
    assert list(agreement.focal_points.all()) == [gt_contact]
    assert list(agreement.party_organizations.all()) == [fiscalia]


# --- one agreement -----------------------------------------------------------------------


def test_the_page_shows_the_agreement_its_parties_and_its_activities(client_for, knowledge, plan):
    agreement = knowledge["agreements"]["cr_police"]
    agreement.activities.add(plan["activities"]["I.2"])
    page = text(client_for("cr_editor").get(agreement.get_absolute_url()))
    assert "Costa Rica, Nicaragua" in page
    assert "Intercambio de alertas migratorias." in page
    assert "expires in 60 days" in page
    assert plan["activities"]["I.2"].get_absolute_url() in page
    assert reverse("agreement-update", args=[agreement.pk]) in page


def test_focal_points_are_shown_to_the_data_roles_only(client_for, knowledge, organizations):
    agreement = knowledge["agreements"]["regional_migration"]
    contact = Contact.objects.create(
        country=agreement.country, organization=organizations["st_regional"],
        name="Ana Quesada", position="Enlace regional",
    )  # fmt: skip
    agreement.focal_points.add(contact)
    Agreement.objects.filter(pk=agreement.pk).update(focal_points_notes="Dirección de Migración")
    editor = text(client_for("cr_editor").get(agreement.get_absolute_url()))
    assert "Ana Quesada" in editor and "Dirección de Migración" in editor
    partner = text(client_for("partner").get(agreement.get_absolute_url()))
    assert "Ana Quesada" not in partner and "Enlace regional" not in partner
    assert "Dirección de Migración" in partner
    assert "Only the coalition's data roles see the focal points" in partner


def test_an_outsider_gets_404_on_the_page(client_for, knowledge):
    url = knowledge["agreements"]["gt_judicial"].get_absolute_url()
    assert client_for("cr_editor").get(url).status_code == 404
    assert client_for("partner").get(url).status_code == 404
    assert client_for("gt_editor").get(url).status_code == 200


def test_deleting_an_agreement_removes_its_documents_and_is_audited(client_for, knowledge):
    agreement = knowledge["agreements"]["cr_police"]
    url = reverse("agreement-delete", args=[agreement.pk])
    assert client_for("cr_editor").get(url).status_code == 405
    assert client_for("gt_editor").post(url).status_code == 404
    response = client_for("cr_editor").post(url)
    assert response.status_code == 302 and response["Location"] == reverse("agreement-list")
    assert not Agreement.objects.filter(pk=agreement.pk).exists()
    assert not AgreementDocument.objects.exists()
    entry = AuditEntry.objects.get(action="delete", object_type="knowledge.agreement")
    assert entry.before["title"] == agreement.title


# --- documents ---------------------------------------------------------------------------


def test_documents_are_uploaded_downloaded_and_removed_with_an_audit_trail(client_for, knowledge):
    agreement = knowledge["agreements"]["cr_police"]
    client = client_for("cr_editor")
    upload = io.BytesIO(PDF)
    upload.name = "adenda firmada.pdf"
    response = client.post(
        reverse("agreement-document-upload", args=[agreement.pk]),
        {"file": upload, "description": "Adenda de 2025"},
    )
    assert response.status_code == 302
    document = AgreementDocument.objects.get(original_name="adenda firmada.pdf")
    assert document.country == agreement.country and document.uploaded_by.username == "cr_editor"
    audited = AuditEntry.objects.filter(object_type="knowledge.agreementdocument")
    assert audited.filter(action="create").exists()

    response = client.get(document.get_absolute_url())
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert audited.filter(action="view", object_id=str(document.pk)).exists()

    delete = reverse("agreement-document-delete", args=[document.pk])
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert not AgreementDocument.objects.filter(pk=document.pk).exists()
    assert audited.filter(action="delete").exists()


def test_a_file_that_is_not_what_it_says_is_refused(client_for, knowledge):
    agreement = knowledge["agreements"]["cr_police"]
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "convenio.pdf"
    response = client_for("cr_editor").post(
        reverse("agreement-document-upload", args=[agreement.pk]), {"file": fake}
    )
    assert response.status_code == 400
    assert "It is a web page (HTML)" in text(response)
    assert agreement.documents.count() == 1  # the fixture's


def test_documents_are_guarded_like_their_agreement(client_for, knowledge):
    document = knowledge["documents"]["agreement"]
    assert client_for("gt_editor").get(document.get_absolute_url()).status_code == 404
    assert client_for("partner").get(document.get_absolute_url()).status_code == 404
    delete = reverse("agreement-document-delete", args=[document.pk])
    assert client_for("gt_editor").post(delete).status_code == 404
    regional = knowledge["agreements"]["regional_migration"]
    upload = io.BytesIO(PDF)
    upload.name = "acta.pdf"
    response = client_for("partner").post(
        reverse("agreement-document-upload", args=[regional.pk]), {"file": upload}
    )
    assert response.status_code == 403
    assert not regional.documents.exists()


def test_a_party_organization_from_the_directory_links_to_it(client_for, knowledge):
    agreement = knowledge["agreements"]["cr_police"]
    st_cr = Organization.objects.get(acronym="ST-CR")
    agreement.party_organizations.add(st_cr)
    page = text(client_for("cr_editor").get(agreement.get_absolute_url()))
    assert st_cr.get_absolute_url() in page


def test_an_editor_makes_an_agreement_public_and_it_is_audited_shown_and_served(
    client_for, knowledge, countries, django_capture_on_commit_callbacks
):
    agreement = knowledge["agreements"]["cr_police"]
    url = reverse("agreement-update", args=[agreement.pk])
    client = client_for("cr_editor")
    form = text(client.get(url))
    assert 'name="public"' in form and "anyone may download there" in form
    data = agreement_data(
        countries["CR"],
        title=agreement.title,
        kind=agreement.kind,
        status=agreement.status,
        signed_on=agreement.signed_on.isoformat(),
        effective_on=agreement.effective_on.isoformat(),
        expires_on=agreement.expires_on.isoformat(),
        party_countries=[countries["CR"].pk, countries["NI"].pk],
        obligations=agreement.obligations,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, versioned(agreement, data, public="on"))
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="update", object_type="knowledge.agreement").latest(
        "seq"
    )
    assert entry.before["public"] is False and entry.after["public"] is True
    assert "Shown on the public site" in text(client.get(agreement.get_absolute_url()))
    api = client.get(reverse("api:agreement-detail", args=[agreement.pk])).json()
    assert api["public"] is True
    assert agreement.title in client_for("anonymous").get("/en/documents/").content.decode()
