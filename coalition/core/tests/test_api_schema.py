"""The API answers what its schema (/api/schema/) says it answers: the faults that fuzzing
the API as every persona (`make test-api-fuzz`) found, each kept from coming back here, on
SQLite and PostgreSQL alike."""

from coalition.core.tests.openapi import api_schema, schema_problems
from coalition.plans.choices import PlanKind
from coalition.plans.models import Plan


def test_a_plan_that_continues_no_other_is_served_as_the_schema_says(client_for):
    Plan.objects.create(code="plan-2026", kind=PlanKind.PLAN, name_es="Plan 2026", period="2026")
    client = client_for("regional_admin")
    response = client.get("/api/plans/plan-2026/")
    assert response.status_code == 200
    assert response.json()["continues"] is None
    assert schema_problems(client, response, "/api/plans/{code}/", "GET") == []


def test_an_institution_without_a_website_is_served_as_the_schema_says(client_for, organizations):
    client = client_for("regional_admin")
    response = client.get(f"/api/institutions/{organizations['st_cr'].pk}/")
    assert response.status_code == 200
    assert response.json()["website"] == ""
    assert schema_problems(client, response, "/api/institutions/{id}/", "GET") == []


def test_an_institution_with_a_website_is_served_as_the_schema_says(client_for, organizations):
    organizations["st_cr"].website = "https://st.example.org/"
    organizations["st_cr"].save()
    client = client_for("regional_admin")
    response = client.get(f"/api/institutions/{organizations['st_cr'].pk}/")
    assert schema_problems(client, response, "/api/institutions/{id}/", "GET") == []


def test_refusing_an_anonymous_visitor_is_an_answer_the_schema_declares(client_for):
    client = client_for("anonymous")
    response = client.get("/api/plans/")
    assert response.status_code == 403
    assert schema_problems(client, response, "/api/plans/", "GET") == []


def test_a_page_past_the_last_is_an_answer_the_schema_declares(client_for):
    client = client_for("regional_admin")
    response = client.get("/api/countries/", {"page": 99})
    assert response.status_code == 404
    assert schema_problems(client, response, "/api/countries/", "GET") == []


def test_a_filter_given_nonsense_is_an_answer_the_schema_declares(client_for):
    client = client_for("regional_admin")
    response = client.get("/api/institutions/", {"kind": "no-such-kind"})
    assert response.status_code == 400
    assert "kind" in response.json()
    assert schema_problems(client, response, "/api/institutions/", "GET") == []


def test_deleting_an_institution_others_refer_to_is_an_answer_the_schema_declares(
    client_for, organizations
):
    client = client_for("regional_admin")
    # The persona's own membership refers to its institution.
    response = client.delete(f"/api/organizations/{organizations['st_regional'].pk}/")
    assert response.status_code == 409
    assert schema_problems(client, response, "/api/organizations/{id}/", "DELETE") == []


def test_a_body_in_a_format_the_api_does_not_read_is_an_answer_the_schema_declares(client_for):
    client = client_for("regional_admin")
    response = client.post("/api/organizations/", "name,country", content_type="text/csv")
    assert response.status_code == 415
    assert schema_problems(client, response, "/api/organizations/", "POST") == []


def test_every_operation_declares_the_servers_answer_to_an_overlong_address(client_for):
    # gunicorn answers 414 itself to a request line over 4094 bytes (a long search or a
    # long list of orderings), before the API sees it.
    schema = api_schema(client_for("anonymous"))
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 40
    assert [(path, method) for path, method, op in operations if "414" not in op["responses"]] == []
