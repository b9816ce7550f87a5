"""The knowledge API: SWOTs (items nested and replaced in one go), good practices,
agreements and campaigns; scoped reads, writes by those who may edit the record's country,
audited, with errors that name the field, and lists whose queries do not grow."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.directory.models import Contact
from coalition.knowledge.choices import AgreementStatus, PracticeStatus, Quadrant
from coalition.knowledge.models import (
    Agreement,
    Campaign,
    CampaignMaterial,
    Practice,
    Swot,
    SwotItem,
)
from coalition.knowledge.tests.conftest import PDF, attach, make_swot
from coalition.plans.models import Activity, Objective, Plan

ROUTES = ["swot", "practice", "agreement", "campaign"]


def list_url(basename):
    return reverse(f"api:{basename}-list")


def detail_url(basename, obj):
    return reverse(f"api:{basename}-detail", args=[obj.pk])


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def rows(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def titles(response, key="title"):
    return {row[key] for row in rows(response)}


def audited(obj, action):
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action
    )


# --- reading: scope, 404, refusals -----------------------------------------------------------

EXPECTED = {
    # persona: countries of the records it lists
    "regional_admin": {"CR", "GT", "XR"},
    "cr_editor": {"CR", "XR"},
    "cr_contributor": {"CR", "XR"},
    "gt_editor": {"GT", "XR"},
    "partner": {"XR"},
}


@pytest.mark.parametrize("persona", EXPECTED)
@pytest.mark.parametrize("basename", ROUTES)
def test_each_list_holds_the_countries_the_persona_may_see(
    client_for, knowledge, persona, basename
):
    listed = rows(client_for(persona).get(list_url(basename)))
    expected = EXPECTED[persona]
    if basename == "practice":
        expected = expected - {"XR"}  # the fixture has no regional practice
    assert {row["country"] for row in listed} == expected


@pytest.mark.parametrize("persona", ["anonymous", "auditor"])
@pytest.mark.parametrize("basename", ROUTES)
def test_who_reads_no_country_data_is_refused(client_for, knowledge, persona, basename):
    assert client_for(persona).get(list_url(basename)).status_code in (401, 403)


@pytest.mark.parametrize(
    ("persona", "basename", "group", "key"),
    [
        ("gt_editor", "swot", "swots", "CR"),
        ("gt_editor", "practice", "practices", "cr_published"),
        ("cr_editor", "agreement", "agreements", "gt_judicial"),
        ("partner", "campaign", "campaigns", "cr_radio"),
    ],
)
def test_a_record_outside_the_scope_is_404(client_for, knowledge, persona, basename, group, key):
    obj = knowledge[group][key]
    client = client_for(persona)
    assert client.get(detail_url(basename, obj)).status_code == 404
    # An editor's write is a 404 too; a partner, who writes nothing, gets 403 first.
    refused = 403 if persona == "partner" else 404
    assert send(client, "patch", detail_url(basename, obj), {"title": "x"}).status_code == refused


@pytest.mark.parametrize(
    ("basename", "group", "key"),
    [
        ("swot", "swots", "regional"),
        ("agreement", "agreements", "regional_migration"),
        ("campaign", "campaigns", "regional_web"),
    ],
)
def test_a_partner_reads_the_regional_records_but_may_not_write(
    client_for, knowledge, basename, group, key
):
    obj = knowledge[group][key]
    client = client_for("partner")
    assert client.get(detail_url(basename, obj)).status_code == 200
    assert send(client, "patch", detail_url(basename, obj), {"summary": "x"}).status_code == 403
    assert send(client, "post", list_url(basename), {"country": "XR"}).status_code == 403
    assert not AuditEntry.objects.filter(object_type__startswith="knowledge.").exists()


def test_a_country_editor_reads_but_may_not_change_a_regional_record(client_for, knowledge):
    swot = knowledge["swots"]["regional"]
    response = send(client_for("cr_editor"), "patch", detail_url("swot", swot), {"summary": "x"})
    assert response.status_code == 403
    swot.refresh_from_db()
    assert swot.summary == ""


@pytest.mark.parametrize("basename", ROUTES)
def test_records_are_not_deleted_through_the_api(client_for, knowledge, basename):
    model = {"swot": Swot, "practice": Practice, "agreement": Agreement, "campaign": Campaign}
    obj = model[basename].objects.filter(country__iso2="CR").first()
    response = client_for("regional_admin").delete(detail_url(basename, obj))
    assert response.status_code == 405
    assert model[basename].objects.filter(pk=obj.pk).exists()


# --- SWOT ------------------------------------------------------------------------------------


def test_a_swot_comes_with_its_items(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    data = client_for("cr_editor").get(detail_url("swot", swot)).json()
    assert data["country"] == "CR" and data["year"] == 2025
    assert {item["text"] for item in data["items"]} == {
        "Mesa interinstitucional activa desde 2010",
        "Pocas campañas fuera del Valle Central",
        "Rotación de fiscales especializados",
    }
    assert set(data["items"][0]) == {"id", "quadrant", "axis", "text", "evidence", "sources"}
    assert data["page"].endswith(swot.get_absolute_url())


def test_a_regional_item_shows_only_the_sources_the_reader_may_see(client_for, knowledge):
    regional = knowledge["swots"]["regional"]
    cr_item, gt_item = knowledge["items"]["CR"][0], knowledge["items"]["GT"][0]

    def sources(persona):
        data = client_for(persona).get(detail_url("swot", regional)).json()
        return set(data["items"][0]["sources"])

    assert sources("regional_admin") == {cr_item.pk, gt_item.pk}
    assert sources("cr_editor") == {cr_item.pk}
    assert sources("gt_editor") == {gt_item.pk}
    assert sources("partner") == set()


def test_an_editor_records_a_swot_with_its_items(client_for, knowledge):
    body = {
        "country": "CR",
        "year": 2024,
        "summary": "Taller nacional de validación.",
        "items": [
            {"quadrant": "strength", "axis": "prevention", "text": "Campañas en escuelas"},
            {"quadrant": "threat", "axis": "justice", "text": "Pocos fiscales", "evidence": "X"},
        ],
    }
    response = send(client_for("cr_editor"), "post", list_url("swot"), body)
    assert response.status_code == 201, response.content
    swot = Swot.objects.get(country__iso2="CR", year=2024)
    assert [i.text for i in swot.items.order_by("position")] == [
        "Campañas en escuelas",
        "Pocos fiscales",
    ]
    assert swot.created_by.username == "cr_editor"
    entry = audited(swot, "create").get()
    assert [i["text"] for i in entry.after["items"]] == ["Campañas en escuelas", "Pocos fiscales"]
    assert entry.actor.username == "cr_editor"


def test_sending_items_replaces_them_and_keeps_what_was_consolidated(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    kept, _weakness, _threat = knowledge["items"]["CR"]
    body = {
        "items": [
            {"id": kept.pk, "quadrant": "strength", "axis": "prevention", "text": "Mesa activa"},
            {"quadrant": "opportunity", "axis": "attention", "text": "Nuevo albergue"},
        ]
    }
    response = send(client_for("cr_editor"), "patch", detail_url("swot", swot), body)
    assert response.status_code == 200, response.content
    assert [i["text"] for i in response.json()["items"]] == ["Nuevo albergue", "Mesa activa"]
    assert SwotItem.objects.filter(swot=swot).count() == 2
    kept.refresh_from_db()
    assert kept.text == "Mesa activa"
    # The regional item made from it still names it.
    assert kept in knowledge["items"]["regional"][0].sources.all()
    entry = audited(swot, "update").get()
    assert len(entry.before["items"]) == 3 and len(entry.after["items"]) == 2


def test_the_regional_level_consolidates_items_from_country_swots(client_for, knowledge):
    regional = knowledge["swots"]["regional"]
    item = knowledge["items"]["regional"][0]
    gt_opportunity = knowledge["items"]["GT"][1]
    body = {
        "items": [
            {
                "id": item.pk,
                "quadrant": "strength",
                "axis": "prevention",
                "text": item.text,
                "sources": [knowledge["items"]["CR"][0].pk],
            },
            {
                "quadrant": "opportunity",
                "axis": "attention",
                "text": "Albergues nuevos en la región",
                "sources": [gt_opportunity.pk],
            },
        ]
    }
    response = send(client_for("regional_admin"), "put", detail_url("swot", regional), {
        "country": "XR", "year": 2025, **body,
    })  # fmt: skip
    assert response.status_code == 200, response.content
    new = regional.items.get(quadrant=Quadrant.OPPORTUNITY)
    assert list(new.sources.all()) == [gt_opportunity]
    assert list(item.sources.all()) == [knowledge["items"]["CR"][0]]


def test_sources_the_editor_cannot_see_are_kept(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    item = knowledge["items"]["CR"][0]
    gt_item = knowledge["items"]["GT"][1]
    item.sources.set([gt_item])
    body = {"items": [{"id": item.pk, "quadrant": "strength", "axis": "prevention",
                       "text": item.text, "sources": []}]}  # fmt: skip
    response = send(client_for("cr_editor"), "patch", detail_url("swot", swot), body)
    assert response.status_code == 200, response.content
    assert response.json()["items"][0]["sources"] == []
    assert list(item.sources.all()) == [gt_item]


def test_a_second_swot_for_the_same_country_and_year_is_refused(client_for, knowledge):
    body = {"country": "CR", "year": 2025, "items": []}
    response = send(client_for("cr_editor"), "post", list_url("swot"), body)
    assert response.status_code == 400
    assert "ya tiene un FODA para 2025" in response.json()["year"][0]
    assert Swot.objects.filter(country__iso2="CR").count() == 1


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"quadrant": "strong", "axis": "prevention", "text": "x"}, "quadrant"),
        ({"quadrant": "strength", "axis": "everything", "text": "x"}, "axis"),
        ({"quadrant": "strength", "axis": "prevention", "text": ""}, "text"),
        ({"id": 999999, "quadrant": "strength", "axis": "prevention", "text": "x"}, "id"),
    ],
)
def test_a_bad_item_is_a_400_naming_its_field_and_nothing_changes(
    client_for, knowledge, item, field
):
    swot = knowledge["swots"]["CR"]
    before = swot.snapshot()
    response = send(client_for("cr_editor"), "patch", detail_url("swot", swot), {"items": [item]})
    assert response.status_code == 400
    assert field in response.json()["items"]["0"]
    assert Swot.objects.get(pk=swot.pk).snapshot() == before
    assert not audited(swot, "update").exists()


def test_an_item_of_another_swot_cannot_be_taken_over(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    other = knowledge["items"]["regional"][0]
    item = {"id": other.pk, "quadrant": "strength", "axis": "prevention", "text": "Mía"}
    response = send(client_for("regional_admin"), "patch", detail_url("swot", swot), {
        "items": [item],
    })  # fmt: skip
    assert response.status_code == 400 and "id" in response.json()["items"]["0"]
    other.refresh_from_db()
    assert other.swot == knowledge["swots"]["regional"]


def test_a_swot_year_out_of_range_is_refused(client_for, knowledge):
    response = send(client_for("cr_editor"), "post", list_url("swot"), {
        "country": "CR", "year": 1850,
    })  # fmt: skip
    assert response.status_code == 400 and "year" in response.json()


def test_an_editor_cannot_record_for_another_country(client_for, knowledge):
    response = send(client_for("cr_editor"), "post", list_url("swot"), {
        "country": "GT", "year": 2024,
    })  # fmt: skip
    assert response.status_code == 403
    assert not Swot.objects.filter(year=2024).exists()


# --- good practices --------------------------------------------------------------------------


def test_a_contact_is_given_only_to_those_who_may_see_it(client_for, knowledge, countries):
    cr_contact = Contact.objects.create(
        organization=knowledge["practices"]["cr_published"].institution,
        country=countries["CR"],
        name="Laura Solano (ficticia)",
    )
    practice = Practice.objects.create(
        country=countries["regional"],
        title="Protocolo regional de repatriación segura",
        axis="repatriation",
        description="Coordinación entre oficinas de atención a víctimas.",
        contact=cr_contact,
    )

    def contact(persona):
        return client_for(persona).get(detail_url("practice", practice)).json()["contact"]

    assert contact("regional_admin") == cr_contact.pk
    assert contact("cr_editor") == cr_contact.pk
    assert contact("gt_editor") is None
    assert contact("partner") is None
    assert "Laura" not in client_for("partner").get(list_url("practice")).content.decode()


def test_a_contact_the_editor_cannot_see_is_kept(client_for, knowledge, organizations):
    practice = knowledge["practices"]["cr_published"]
    gt = organizations["fiscalia_gt"]
    gt_contact = Contact.objects.create(organization=gt, country=gt.country, name="Enlace")
    Practice.objects.filter(pk=practice.pk).update(contact=gt_contact)
    url = detail_url("practice", practice)
    response = send(client_for("cr_editor"), "patch", url, {"contact": None, "results": "Más"})
    assert response.status_code == 200, response.content
    assert response.json()["contact"] is None
    practice.refresh_from_db()
    assert practice.contact == gt_contact and practice.results == "Más"


def test_a_practice_recorded_through_the_api_is_a_draft(client_for, knowledge, organizations):
    body = {
        "country": "CR",
        "title": "Alerta temprana en terminales de buses",
        "axis": "detection",
        "institution": organizations["st_cr"].pk,
        "year": 2025,
        "description": "Personal de las terminales capacitado para detectar señales.",
        "status": "published",
    }
    response = send(client_for("cr_editor"), "post", list_url("practice"), body)
    assert response.status_code == 201, response.content
    practice = Practice.objects.get(title=body["title"])
    assert practice.status == PracticeStatus.DRAFT and response.json()["status"] == "draft"
    assert audited(practice, "create").get().after["title"] == body["title"]


def test_a_contributor_records_practices_of_its_own_institution_only(
    client_for, knowledge, organizations
):
    client = client_for("cr_contributor")
    body = {
        "country": "CR",
        "title": "Acompañamiento psicosocial",
        "axis": "attention",
        "description": "Grupos de apoyo.",
    }
    own = {**body, "institution": organizations["ngo_cr"].pk}
    assert send(client, "post", list_url("practice"), own).status_code == 201
    other = {**body, "title": "Otra", "institution": organizations["st_cr"].pk}
    assert send(client, "post", list_url("practice"), other).status_code == 403
    assert not Practice.objects.filter(title="Otra").exists()
    # Another institution's practice: read, not changed.
    published = knowledge["practices"]["cr_published"]
    assert client.get(detail_url("practice", published)).status_code == 200
    response = send(client, "patch", detail_url("practice", published), {"title": "x"})
    assert response.status_code == 403


def test_a_practice_of_another_countrys_institution_is_refused(
    client_for, knowledge, organizations
):
    practice = knowledge["practices"]["cr_published"]
    response = send(client_for("regional_admin"), "patch", detail_url("practice", practice), {
        "institution": organizations["fiscalia_gt"].pk,
    })  # fmt: skip
    assert response.status_code == 400 and "institution" in response.json()


def test_a_practice_lists_its_documents_without_serving_them(client_for, knowledge):
    practice = knowledge["practices"]["cr_published"]
    data = client_for("cr_editor").get(detail_url("practice", practice)).json()
    assert [d["name"] for d in data["documents"]] == ["documento.pdf"]
    assert data["documents"][0]["size"] == len(PDF)
    assert "file" not in data["documents"][0]


# --- agreements ------------------------------------------------------------------------------


def test_an_agreement_names_its_parties_by_iso_code_and_id(client_for, knowledge, organizations):
    body = {
        "country": "CR",
        "title": "Convenio con la Dirección de Migración",
        "kind": "migration",
        "status": "signed",
        "party_countries": ["CR", "PA"],
        "party_organizations": [organizations["st_cr"].pk],
        "signed_on": "2025-03-01",
        "effective_on": "2025-04-01",
        "expires_on": "2027-04-01",
    }
    response = send(client_for("cr_editor"), "post", list_url("agreement"), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert sorted(data["party_countries"]) == ["CR", "PA"]
    assert data["party_organizations"] == [organizations["st_cr"].pk]
    agreement = Agreement.objects.get(title=body["title"])
    after = audited(agreement, "create").get().after
    assert after["party_organizations"] == [organizations["st_cr"].pk]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"effective_on": "2020-01-01"}, "effective_on"),
        ({"expires_on": "2024-01-01"}, "expires_on"),
        ({"signed_on": None}, "signed_on"),
        ({"signed_on": "0202-01-01"}, "signed_on"),
        ({"status": "valid"}, "status"),
        ({"party_countries": ["ZZ"]}, "party_countries"),
    ],
)
def test_bad_agreement_input_is_a_400_naming_the_field(client_for, knowledge, change, field):
    agreement = knowledge["agreements"]["cr_police"]
    before = agreement.snapshot()
    response = send(client_for("cr_editor"), "patch", detail_url("agreement", agreement), change)
    assert response.status_code == 400
    assert field in response.json()
    assert Agreement.objects.get(pk=agreement.pk).snapshot() == before


def test_an_agreement_change_is_audited(client_for, knowledge):
    agreement = knowledge["agreements"]["cr_police"]
    response = send(client_for("cr_editor"), "patch", detail_url("agreement", agreement), {
        "status": "expired",
    })  # fmt: skip
    assert response.status_code == 200, response.content
    entry = audited(agreement, "update").get()
    assert entry.before["status"] == "in_force" and entry.after["status"] == "expired"
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.EXPIRED


def test_focal_points_are_listed_only_to_those_who_may_see_them(
    client_for, knowledge, organizations, countries
):
    agreement = knowledge["agreements"]["cr_police"]
    cr_contact = Contact.objects.create(
        organization=organizations["st_cr"], country=countries["CR"], name="Enlace CR"
    )
    gt_contact = Contact.objects.create(
        organization=organizations["fiscalia_gt"], country=countries["GT"], name="Enlace GT"
    )
    agreement.focal_points.set([gt_contact])
    url = detail_url("agreement", agreement)
    assert client_for("regional_admin").get(url).json()["focal_points"] == [gt_contact.pk]
    assert client_for("cr_editor").get(url).json()["focal_points"] == []
    # Costa Rica's editor names its own focal point; the one it was not shown stays.
    response = send(client_for("cr_editor"), "patch", url, {"focal_points": [cr_contact.pk]})
    assert response.status_code == 200, response.content
    assert response.json()["focal_points"] == [cr_contact.pk]
    assert set(agreement.focal_points.all()) == {cr_contact, gt_contact}
    # Nor may it name a contact it cannot see.
    response = send(client_for("cr_editor"), "patch", url, {"focal_points": [gt_contact.pk]})
    assert response.status_code == 400 and "focal_points" in response.json()


# --- campaigns -------------------------------------------------------------------------------


def test_a_campaign_lists_its_materials_read_only(client_for, knowledge):
    campaign = knowledge["campaigns"]["cr_radio"]
    data = client_for("cr_editor").get(detail_url("campaign", campaign)).json()
    materials = {m["title"]: m for m in data["materials"]}
    assert set(materials) == {"Cuña de 30 segundos", "Folleto (borrador)"}
    spot = materials["Cuña de 30 segundos"]
    assert spot == {
        "id": knowledge["materials"]["published"].pk,
        "kind": "audio",
        "title": "Cuña de 30 segundos",
        "language": "es",
        "approved": True,
        "published": True,
    }
    assert data["channels"] == ["radio", "social"] and data["social_reach"] == 45000


def test_an_editor_records_a_campaign_with_channels_in_order(client_for, knowledge):
    body = {
        "country": "CR",
        "title": "Campaña en buses",
        "channels": ["cards", "radio", "cards"],
        "audiences": ["travellers"],
        "languages": ["es", "en"],
        "starts": "2025-07-01",
        "ends": "2025-07-30",
        "cards_printed": 3000,
    }
    response = send(client_for("cr_editor"), "post", list_url("campaign"), body)
    assert response.status_code == 201, response.content
    campaign = Campaign.objects.get(title="Campaña en buses")
    assert campaign.channels == ["radio", "cards"]
    assert audited(campaign, "create").get().after["cards_printed"] == 3000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"channels": ["pigeons"]}, "channels"),
        ({"audiences": "general"}, "audiences"),
        ({"languages": ["xx"]}, "languages"),
        ({"ends": "2025-01-01"}, "ends"),
        ({"starts": "9999-01-01", "ends": None}, "starts"),
        ({"web_visits": -5}, "web_visits"),
    ],
)
def test_bad_campaign_input_is_a_400_naming_the_field(client_for, knowledge, change, field):
    campaign = knowledge["campaigns"]["cr_radio"]
    before = campaign.snapshot()
    response = send(client_for("cr_editor"), "patch", detail_url("campaign", campaign), change)
    assert response.status_code == 400
    assert field in response.json()
    assert Campaign.objects.get(pk=campaign.pk).snapshot() == before
    assert not audited(campaign, "update").exists()


def test_the_filters_of_the_lists_apply(client_for, knowledge):
    client = client_for("regional_admin")
    assert titles(client.get(list_url("campaign"), {"channel": "cards"})) == {
        "Tarjetas de contactos clave"
    }
    assert titles(client.get(list_url("practice"), {"status": "reviewed"})) == {
        "Fiscalía con enfoque en víctimas"
    }
    assert titles(client.get(list_url("agreement"), {"party": "NI"})) == {
        "Convenio de cooperación policial Costa Rica–Nicaragua"
    }
    assert {r["country"] for r in rows(client.get(list_url("swot"), {"country": "GT"}))} == {"GT"}
    assert client.get(list_url("campaign"), {"channel": "pigeons"}).status_code == 400


# --- queries and schema ----------------------------------------------------------------------


def grow(knowledge, countries, organizations, n):
    """``n`` more records of each kind in Costa Rica, each with its links and files."""
    cr = countries["CR"]
    plan = Plan.objects.create(code=f"p{n}", name_es="Plan", period="2025")
    objective = Objective.objects.create(plan=plan, numeral="IV", position=4, title_es="IV")
    activity = Activity.objects.create(
        plan=plan, objective=objective, ref="IV.1", position=1, title_es="Campañas"
    )
    contact = Contact.objects.create(organization=organizations["st_cr"], country=cr, name="C")
    sources = knowledge["items"]["GT"]
    for i in range(n):
        _swot, items = make_swot(cr, 2000 + i, [("strength", "prevention", f"F{i}")] * 3)
        items[0].sources.set(sources)
        practice = Practice.objects.create(
            country=cr, title=f"P{i}", axis="prevention", description="d", contact=contact,
            institution=organizations["st_cr"],
        )  # fmt: skip
        attach(knowledge["documents"]["practice"].__class__, "practice", practice)
        agreement = Agreement.objects.create(country=cr, title=f"A{i}", kind="police")
        agreement.party_countries.set([cr, countries["GT"]])
        agreement.party_organizations.set([organizations["st_cr"]])
        agreement.focal_points.set([contact])
        agreement.activities.set([activity])
        campaign = Campaign.objects.create(
            country=cr, title=f"C{i}", starts=datetime.date(2025, 1, 1), channels=["radio"]
        )
        campaign.organizations.set([organizations["st_cr"]])
        campaign.activities.set([activity])
        attach(CampaignMaterial, "campaign", campaign, kind="brochure", title="F")


@pytest.mark.parametrize("basename", ROUTES)
def test_lists_take_the_same_queries_for_few_rows_or_many(
    client_for, knowledge, countries, organizations, django_assert_max_num_queries, basename
):
    client = client_for("cr_editor")
    url = list_url(basename)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert len(rows(client.get(url))) >= 2
    grow(knowledge, countries, organizations, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(rows(client.get(url))) >= 10
    assert len(few.captured_queries) <= 16


def test_the_schema_documents_the_knowledge_api(client_for):
    response = client_for("anonymous").get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for name in ("swots", "practices", "agreements", "campaigns"):
        assert set(paths[f"/api/{name}/"]) == {"get", "post"}
        assert set(paths[f"/api/{name}/{{id}}/"]) == {"get", "put", "patch"}
    components = schema["components"]["schemas"]
    assert "SwotItem" in components and "Material" in components
    assert components["QuadrantEnum"]["enum"] == Quadrant.values
    assert "replaces them in one go" in json.dumps(components["Swot"])


def test_an_item_cannot_be_listed_twice_nor_consolidated_from_its_own_swot(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    first, second, _third = knowledge["items"]["CR"]
    item = {"id": first.pk, "quadrant": "strength", "axis": "prevention", "text": "x"}
    url = detail_url("swot", swot)
    response = send(client_for("cr_editor"), "patch", url, {"items": [item, item]})
    assert response.status_code == 400
    assert "aparece dos veces" in response.json()["items"]["1"]["id"][0]
    response = send(client_for("cr_editor"), "patch", url, {
        "items": [{**item, "sources": [second.pk]}],
    })  # fmt: skip
    assert response.status_code == 400 and "sources" in response.json()["items"]["0"]
    assert swot.items.count() == 3


def test_an_api_change_to_a_published_practice_is_an_edit_awaiting_review(client_for, knowledge):
    practice = knowledge["practices"]["cr_published"]
    client = client_for("cr_editor")
    assert client.get(detail_url("practice", practice)).json()["awaiting_review"] is False
    response = send(client, "patch", detail_url("practice", practice), {"results": "Cambiado."})
    assert response.status_code == 200
    assert response.json()["results"] == "Cambiado." and response.json()["awaiting_review"]
    public = client_for("anonymous").get(reverse("public:practice-detail", args=[practice.pk]))
    assert "Más denuncias desde zonas rurales." in public.content.decode()
    assert "Cambiado." not in public.content.decode()
