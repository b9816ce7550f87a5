"""The REST API of issue 2: countries (public) and organizations (scoped like the pages)."""

import json

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from coalition.core import audit
from coalition.core.choices import AuditAction, OrganizationKind
from coalition.core.models import AuditEntry, Organization

COUNTRIES = "/api/countries/"
ORGS = "/api/organizations/"


def org_url(org):
    return f"{ORGS}{org.pk}/"


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def patch_json(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def names(response):
    return {row["name"] for row in response.json()["results"]}


def audit_entries(action, org_pk):
    return AuditEntry.objects.filter(
        action=action, object_type="core.organization", object_id=str(org_pk)
    )


NEW_ORG = {
    "name": "Red Nacional contra la Trata",
    "acronym": "RNT",
    "kind": OrganizationKind.NGO,
    "country": "CR",
    "axes": ["prevention", "attention"],
}


# --- countries ---------------------------------------------------------------------------


def test_anyone_lists_the_member_countries_and_the_regional_level(countries):
    response = Client().get(COUNTRIES)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 10
    codes = {row["iso2"] for row in body["results"]}
    assert codes == {"XR", "BZ", "CR", "SV", "GT", "HN", "NI", "PA", "DO", "MX"}
    assert sum(row["is_regional"] for row in body["results"]) == 1


def test_the_country_list_filters_active_members(countries):
    body = Client().get(COUNTRIES, {"active": "true"}).json()
    assert body["count"] == 9
    assert "MX" not in {row["iso2"] for row in body["results"]}
    inactive = Client().get(COUNTRIES, {"active": "false"}).json()
    assert [row["iso2"] for row in inactive["results"]] == ["MX"]


def test_one_country_is_found_by_its_iso_code(countries):
    response = Client().get(f"{COUNTRIES}CR/")
    assert response.status_code == 200
    assert response.json() == {
        "iso2": "CR",
        "iso3": "CRI",
        "name_es": "Costa Rica",
        "name_en": "Costa Rica",
        "member_since": "2011-01-01",
        "active": True,
        "is_regional": False,
    }


def test_an_unknown_country_is_not_found(countries):
    assert Client().get(f"{COUNTRIES}ZZ/").status_code == 404


def test_countries_cannot_be_written_through_the_api(client_for):
    client = client_for("regional_admin")
    response = post_json(client, COUNTRIES, {"iso2": "US", "iso3": "USA"})
    assert response.status_code in (403, 405)
    assert client.delete(f"{COUNTRIES}CR/").status_code in (403, 405)


# --- organizations: reading --------------------------------------------------------------


def test_organizations_require_signing_in(client_for, organizations):
    client = client_for("anonymous")
    assert client.get(ORGS).status_code in (401, 403)
    assert client.get(org_url(organizations["oim"])).status_code in (401, 403)
    assert post_json(client, ORGS, NEW_ORG).status_code in (401, 403)
    assert not Organization.objects.filter(name=NEW_ORG["name"]).exists()


def test_the_api_shows_each_persona_what_the_pages_show(client_for):
    assert names(client_for("gt_editor").get(ORGS)) == {
        "Fiscalía contra la Trata de Guatemala",
        "Secretaría Técnica Nacional de Guatemala",
        "Secretaría Técnica Regional",
        "Organización Internacional para las Migraciones",
    }
    assert names(client_for("partner").get(ORGS)) == {
        "Secretaría Técnica Regional",
        "Organización Internacional para las Migraciones",
    }
    assert len(names(client_for("regional_admin").get(ORGS))) == 6


def test_another_countrys_organization_is_not_found(client_for, organizations):
    client = client_for("gt_editor")
    org = organizations["ngo_cr"]
    assert client.get(org_url(org)).status_code == 404
    assert patch_json(client, org_url(org), {"name": "Tomada"}).status_code == 404
    assert client.delete(org_url(org)).status_code == 404
    assert Organization.objects.filter(pk=org.pk, name="Fundación Atención Integral").exists()


def test_an_organization_is_returned_with_its_country_code(client_for, organizations):
    org = organizations["ngo_cr"]
    body = client_for("cr_editor").get(org_url(org)).json()
    assert body["name"] == "Fundación Atención Integral"
    assert body["acronym"] == "FAI"
    assert body["country"] == "CR"
    assert body["kind"] == "ngo"
    assert body["axes"] == ["prevention"]


def test_a_token_signs_in_to_the_api(personas):
    token = Token.objects.create(user=personas["cr_editor"])
    client = Client(headers={"Authorization": f"Token {token.key}"})
    response = client.get(ORGS)
    assert response.status_code == 200
    assert "Fundación Atención Integral" in names(response)
    assert "Secretaría Técnica Nacional de Guatemala" not in names(response)


def test_a_wrong_token_is_refused(personas):
    client = Client(headers={"Authorization": "Token not-a-real-token"})
    assert client.get(ORGS).status_code in (401, 403)


def test_the_api_filters_by_country_kind_and_search(client_for):
    client = client_for("regional_admin")
    assert names(client.get(ORGS, {"country": "CR"})) == {
        "Fundación Atención Integral",
        "Secretaría Técnica Nacional de Costa Rica",
    }
    assert names(client.get(ORGS, {"kind": "ngo"})) == {"Fundación Atención Integral"}
    assert names(client.get(ORGS, {"q": "fundacion atencion"})) == {"Fundación Atención Integral"}
    assert names(client.get(ORGS, {"country": "GT", "kind": "prosecutor"})) == {
        "Fiscalía contra la Trata de Guatemala"
    }


def test_filtering_by_a_country_outside_ones_scope_returns_nothing(client_for):
    assert names(client_for("cr_editor").get(ORGS, {"country": "GT"})) == set()


def test_the_api_sorts_on_request(client_for):
    rows = client_for("regional_admin").get(ORGS, {"ordering": "-name"}).json()["results"]
    listed = [row["name"] for row in rows]
    assert listed == sorted(listed, reverse=True)


def add_organizations(country, count):
    Organization.objects.bulk_create(
        Organization(name=f"Red Local {n:03d}", kind=OrganizationKind.NGO, country=country)
        for n in range(count)
    )


def test_the_organization_list_is_paginated(client_for, countries):
    add_organizations(countries["CR"], 60)
    client = client_for("regional_admin")
    first = client.get(ORGS).json()
    assert first["count"] == 66
    assert len(first["results"]) == 50
    assert first["next"].endswith("?page=2")
    second = client.get(ORGS, {"page": 2}).json()
    assert len(second["results"]) == 16
    assert second["next"] is None
    seen = {row["id"] for row in first["results"]} | {row["id"] for row in second["results"]}
    assert len(seen) == 66


def test_the_organization_list_does_not_query_per_row(
    client_for, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    with CaptureQueriesContext(connection) as few:
        assert client.get(ORGS).status_code == 200
    add_organizations(countries["CR"], 30)
    add_organizations(countries["regional"], 30)
    with django_assert_max_num_queries(len(few)):
        response = client.get(ORGS)
    assert len(response.json()["results"]) == 50


# --- organizations: writing --------------------------------------------------------------


def test_a_country_editor_creates_an_organization_in_its_country(client_for, personas, countries):
    response = post_json(client_for("cr_editor"), ORGS, NEW_ORG)
    assert response.status_code == 201
    body = response.json()
    assert body["country"] == "CR"
    org = Organization.objects.get(pk=body["id"])
    assert org.country == countries["CR"]
    assert org.axes == ["prevention", "attention"]
    entry = audit_entries(AuditAction.CREATE, org.pk).get()
    assert entry.actor == personas["cr_editor"]
    assert entry.after["name"] == NEW_ORG["name"]
    assert entry.country_id == countries["CR"].pk
    assert audit.verify() is None


def test_a_country_editor_cannot_create_an_organization_in_another_country(client_for):
    response = post_json(client_for("cr_editor"), ORGS, {**NEW_ORG, "country": "GT"})
    assert response.status_code == 400
    assert "country" in response.json()
    assert not Organization.objects.filter(name=NEW_ORG["name"]).exists()
    assert not AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="core.organization"
    ).exists()


@pytest.mark.parametrize("name", ["partner", "auditor"])
def test_those_who_cannot_write_are_forbidden_to_create(client_for, name):
    for country in ("XR", "CR"):
        response = post_json(client_for(name), ORGS, {**NEW_ORG, "country": country})
        assert response.status_code == 403
    assert not Organization.objects.filter(name=NEW_ORG["name"]).exists()


def test_a_partner_may_not_change_a_regional_organization_it_can_see(client_for, organizations):
    client = client_for("partner")
    org = organizations["oim"]
    assert patch_json(client, org_url(org), {"acronym": "IOM"}).status_code == 403
    assert client.delete(org_url(org)).status_code == 403
    org.refresh_from_db()
    assert org.acronym == "OIM"


def test_a_country_editor_may_not_change_a_regional_organization(client_for, organizations):
    org = organizations["st_regional"]
    response = patch_json(client_for("cr_editor"), org_url(org), {"acronym": "STR"})
    assert response.status_code == 403


def test_a_change_is_audited_with_before_and_after(client_for, organizations, personas):
    org = organizations["ngo_cr"]
    response = patch_json(client_for("cr_contributor"), org_url(org), {"acronym": "FAI-CR"})
    assert response.status_code == 200
    assert response.json()["acronym"] == "FAI-CR"
    entry = audit_entries(AuditAction.UPDATE, org.pk).get()
    assert entry.actor == personas["cr_contributor"]
    assert entry.before["acronym"] == "FAI"
    assert entry.after["acronym"] == "FAI-CR"


def test_an_organization_cannot_be_moved_out_of_ones_scope(client_for, organizations):
    org = organizations["ngo_cr"]
    response = patch_json(client_for("cr_editor"), org_url(org), {"country": "GT"})
    assert response.status_code == 400
    assert "country" in response.json()
    org.refresh_from_db()
    assert org.country.iso2 == "CR"
    assert not audit_entries(AuditAction.UPDATE, org.pk).exists()


def test_a_deletion_is_audited_with_what_was_deleted(client_for, countries, personas):
    org = Organization.objects.create(
        name="Efímera", kind=OrganizationKind.OTHER, country=countries["CR"]
    )
    response = client_for("cr_editor").delete(org_url(org))
    assert response.status_code == 204
    assert not Organization.objects.filter(pk=org.pk).exists()
    entry = audit_entries(AuditAction.DELETE, org.pk).get()
    assert entry.actor == personas["cr_editor"]
    assert entry.before["name"] == "Efímera"
    assert entry.after is None
    assert audit.verify() is None


def test_an_organization_with_members_cannot_be_deleted(client_for, organizations):
    org = organizations["ngo_cr"]  # the contributor's institution
    response = client_for("cr_editor").delete(org_url(org))
    assert response.status_code == 409
    assert response.json()["detail"]
    assert Organization.objects.filter(pk=org.pk).exists()
    assert not audit_entries(AuditAction.DELETE, org.pk).exists()


# --- bad input ---------------------------------------------------------------------------


def test_a_malformed_json_body_is_a_client_error(client_for):
    client = client_for("cr_editor")
    response = client.post(ORGS, '{"name": "Rota",', content_type="application/json")
    assert response.status_code == 400
    assert not Organization.objects.filter(name="Rota").exists()


def test_an_unknown_country_filter_is_a_client_error(client_for):
    response = client_for("regional_admin").get(ORGS, {"country": "ZZ"})
    assert response.status_code == 400
    assert "country" in response.json()


def test_an_unknown_kind_or_axis_is_a_field_error(client_for):
    client = client_for("cr_editor")
    assert "kind" in post_json(client, ORGS, {**NEW_ORG, "kind": "cartel"}).json()
    assert "axes" in post_json(client, ORGS, {**NEW_ORG, "axes": ["everything"]}).json()
    assert "country" in post_json(client, ORGS, {**NEW_ORG, "country": "ZZ"}).json()
    assert not Organization.objects.filter(name=NEW_ORG["name"]).exists()


def test_a_duplicate_name_in_the_same_country_is_a_client_error(client_for):
    response = post_json(
        client_for("cr_editor"), ORGS, {**NEW_ORG, "name": "Fundación Atención Integral"}
    )
    assert response.status_code == 400
    assert Organization.objects.filter(name="Fundación Atención Integral").count() == 1


def test_a_non_numeric_page_is_not_a_server_error(client_for):
    assert client_for("regional_admin").get(ORGS, {"page": "many"}).status_code == 404


# --- schema and docs ---------------------------------------------------------------------


def test_the_schema_is_openapi_and_describes_organizations(db):
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/organizations/" in schema["paths"]
    assert "/api/organizations/{id}/" in schema["paths"]
    assert "/api/countries/{iso2}/" in schema["paths"]
    assert set(schema["paths"]["/api/organizations/"]) >= {"get", "post"}


def test_the_api_documentation_page_opens(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()


def test_the_api_documentation_speaks_the_readers_language_and_leads_back_to_the_app(db):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/api/docs/").content.decode()
    assert "<title>API documentation" in html
    assert 'href="/">' in html and "Back to Coalition" in html
    # The schema it reads is asked for in the page's language.
    script = client.get("/api/docs/", {"script": ""}).content.decode()
    assert "/api/schema/?lang\\u003Den" in script
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    assert "Volver a Coalición" in client.get("/api/docs/").content.decode()


def test_the_api_documentation_has_no_inline_style_for_the_policy_to_block(db):
    response = Client().get("/api/docs/")
    assert "<style" not in response.content.decode()
    assert " style=" not in response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_schema_describes_the_api_in_the_language_asked_for(db):
    spanish = json.loads(Client().get("/api/schema/", {"format": "json", "lang": "es"}).content)
    english = json.loads(Client().get("/api/schema/", {"format": "json", "lang": "en"}).content)
    assert spanish["info"]["title"] == "API de Coalición"
    assert english["info"]["title"] == "Coalition API"
    country = {"in": "query", "name": "country"}
    parameters = spanish["paths"]["/api/organizations/"]["get"]["parameters"]
    assert any(p.items() >= country.items() and p["description"] == "País" for p in parameters)
    assert spanish["paths"]["/api/events/"]["get"]["summary"].startswith("Los eventos que")
    assert english["paths"]["/api/events/"]["get"]["summary"].startswith("List the events")
