"""The progress API per product (deliverable), the lock of a submitted report, and the
read-only collection of reported (snapshot) progress."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.models import Approval, AuditEntry
from coalition.plans import progress as reporting
from coalition.plans.choices import ItemKind
from coalition.plans.models import ActivityItem, ProductProgress, ProgressRevision

pytestmark = pytest.mark.django_db

PROGRESS = "/api/progress/"
REPORTED = "/api/reported-progress/"
TODAY = datetime.date(2026, 9, 15)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("coalition.plans.progress.timezone.localdate", lambda *a: TODAY)


@pytest.fixture
def two_products(plan_data):
    meetings = plan_data["activities"]["I.1"]
    first = meetings.items.get(kind=ItemKind.PRODUCT)
    second = ActivityItem.objects.create(
        activity=meetings,
        kind=ItemKind.PRODUCT,
        position=first.position + 1,
        text_es="Acuerdos policiales",
        text_en="Police agreements",
    )
    return first, second


def patch(client, row, data, language="en"):
    client.cookies["coalition_language"] = language
    return client.patch(f"{PROGRESS}{row.pk}/", json.dumps(data), content_type="application/json")


def test_an_editor_reports_each_product_and_the_activitys_status_is_computed(
    client_for, plan_data, two_products
):
    row = plan_data["progress"]["CR"]
    first, second = two_products
    revisions = ProgressRevision.objects.filter(progress=row).count()
    response = patch(
        client_for("cr_editor"),
        row,
        {
            "products": [
                {"product": first.pk, "status": "done", "percent": 100, "note": "FODA listo"},
                {"product": second.pk, "status": "not_started", "percent": 0},
            ]
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["percent"]) == ("in_progress", 50)
    assert body["products"] == [
        {
            "product": first.pk,
            "text": first.text_en or first.text_es,
            "status": "done",
            "percent": 100,
            "note": "FODA listo",
        },
        {
            "product": second.pk,
            "text": "Police agreements",
            "status": "not_started",
            "percent": 0,
            "note": "",
        },
    ]
    assert "average of its products" in body["formula"]
    assert ProductProgress.objects.filter(progress=row).count() == 2
    assert ProgressRevision.objects.filter(progress=row).count() == revisions + 1
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="plans.progress", object_id=str(row.pk)
    ).exists()


def test_the_product_text_follows_the_language_of_the_request(client_for, plan_data, two_products):
    row = plan_data["progress"]["CR"]
    products = [{"product": two_products[1].pk, "status": "in_progress", "percent": 20}]
    body = patch(client_for("cr_editor"), row, {"products": products}, language="es").json()
    assert body["products"][0]["text"] == "Acuerdos policiales"


def test_a_product_of_another_activity_is_refused_naming_the_row_and_field(
    client_for, plan_data, two_products
):
    other = ActivityItem.objects.create(
        activity=plan_data["activities"]["I.2"], kind=ItemKind.PRODUCT, position=9, text_es="X"
    )
    row = plan_data["progress"]["CR"]
    response = patch(
        client_for("cr_editor"),
        row,
        {
            "products": [
                {"product": two_products[0].pk, "status": "done", "percent": 100},
                {"product": other.pk, "status": "done", "percent": 100},
            ]
        },
    )
    assert response.status_code == 400
    errors = response.json()["products"]
    assert errors[0] == {}
    assert "Row 2" in errors[1]["product"][0] and "I.1" in errors[1]["product"][0]
    assert not ProductProgress.objects.filter(progress=row).exists()  # all or nothing


def test_a_status_that_contradicts_its_percent_is_refused_naming_the_row(
    client_for, plan_data, two_products
):
    row = plan_data["progress"]["CR"]
    response = patch(
        client_for("cr_editor"),
        row,
        {"products": [{"product": two_products[0].pk, "status": "not_started", "percent": 30}]},
    )
    assert response.status_code == 400
    assert "Row 1" in response.json()["products"][0]["percent"][0]


def test_a_submitted_countrys_progress_is_refused_with_the_message_not_a_500(
    client_for, plan_data, two_products, countries
):
    Approval.objects.create(
        kind=reporting.APPROVAL_KIND,
        country=countries["CR"],
        year=TODAY.year,
        state=ApprovalState.SUBMITTED,
    )
    row = plan_data["progress"]["CR"]
    response = patch(
        client_for("cr_editor"),
        row,
        {"products": [{"product": two_products[0].pk, "status": "done", "percent": 100}]},
    )
    assert response.status_code == 409
    assert "submitted" in response.json()["detail"]
    assert not ProductProgress.objects.filter(progress=row).exists()
    row.refresh_from_db()
    assert row.percent == 40


def test_the_progress_list_takes_the_same_queries_with_many_products(
    client_for, plan_data, two_products, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    with CaptureQueriesContext(connection) as few:
        assert client.get(PROGRESS).status_code == 200
    for progress in plan_data["progress"].values():
        for product in ActivityItem.objects.filter(
            activity=progress.activity, kind=ItemKind.PRODUCT
        ):
            ProductProgress.objects.create(
                progress=progress, product=product, country_id=progress.country_id
            )
    with django_assert_max_num_queries(len(few)):
        rows = client.get(PROGRESS).json()["results"]
    assert sum(len(r["products"]) for r in rows) >= 2


def approve(country, year=TODAY.year):
    reporting.take_snapshot(country, year)
    Approval.objects.update_or_create(
        kind=reporting.APPROVAL_KIND,
        country=country,
        year=year,
        defaults={"state": ApprovalState.APPROVED},
    )


def test_reported_progress_members_read_their_own_others_only_approved(
    client_for, plan_data, two_products, countries
):
    approve(countries["GT"])
    reporting.take_snapshot(countries["CR"], TODAY.year)  # submitted, not approved
    gt_rows = client_for("gt_editor").get(REPORTED).json()["results"]
    assert {r["country"] for r in gt_rows} == {"GT"}  # CR's report is not approved
    cr_rows = client_for("cr_editor").get(REPORTED).json()["results"]
    assert {r["country"] for r in cr_rows} == {"CR", "GT"}
    products = [r for r in cr_rows if r["country"] == "GT" and r["product"]]
    assert {r["product"] for r in products} >= {p.pk for p in two_products}


def test_reported_progress_is_filtered_by_country_year_plan_activity_and_product(
    client_for, plan_data, two_products, countries
):
    approve(countries["GT"])
    approve(countries["CR"])
    client = client_for("regional_admin")
    meetings = plan_data["activities"]["I.1"]
    rows = client.get(
        REPORTED,
        {
            "country": "CR",
            "year": TODAY.year,
            "plan": "plan-prueba",
            "activity": meetings.pk,
            "product": two_products[1].pk,
        },
    ).json()["results"]
    assert [(r["country"], r["ref"], r["product"]) for r in rows] == [
        ("CR", "I.1", two_products[1].pk)
    ]
    assert client.get(REPORTED, {"year": 1999}).json()["results"] == []


def test_reported_progress_cannot_be_written(client_for, plan_data):
    client = client_for("regional_admin")
    assert client.post(REPORTED, {}).status_code == 405


def test_reported_progress_list_takes_the_same_queries_for_few_rows_or_many(
    client_for, plan_data, two_products, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    approve(countries["CR"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(REPORTED).status_code == 200
    approve(countries["GT"])
    approve(countries["regional"])
    with django_assert_max_num_queries(len(few)):
        rows = client.get(REPORTED).json()["results"]
    assert len({r["country"] for r in rows}) == 3


def test_the_schema_describes_the_reported_progress_and_the_products(client_for, db):
    schema = client_for("regional_admin").get("/api/schema/", {"format": "json"}).json()
    assert set(schema["paths"]["/api/reported-progress/"]) == {"get"}
    assert set(schema["paths"]["/api/reported-progress/{id}/"]) == {"get"}
    progress = schema["components"]["schemas"]["Progress"]["properties"]
    assert {"products", "formula"} <= set(progress)


def test_a_status_sent_without_products_applies_to_each_product(
    client_for, plan_data, two_products
):
    row = plan_data["progress"]["CR"]
    first, second = two_products
    response = patch(client_for("cr_editor"), row, {"status": "done", "percent": 100})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["percent"]) == ("done", 100)
    assert set(ProductProgress.objects.filter(progress=row).values_list("product", "status")) == {
        (first.pk, "done"),
        (second.pk, "done"),
    }


def test_a_status_that_contradicts_the_products_sent_with_it_is_refused(
    client_for, plan_data, two_products
):
    row = plan_data["progress"]["CR"]
    first, second = two_products
    response = patch(
        client_for("cr_editor"),
        row,
        {
            "status": "done",
            "percent": 100,
            "products": [
                {"product": first.pk, "status": "done", "percent": 100},
                {"product": second.pk, "status": "not_started", "percent": 0},
            ],
        },
    )
    assert response.status_code == 400
    assert "computed from its products" in response.json()["status"][0]
    assert not ProductProgress.objects.filter(progress=row, status="done").exists()
