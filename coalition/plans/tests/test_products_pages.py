"""The activity page and the plan page show where each country stands on each product
(deliverable), in words as well as colour, in a number of queries that does not grow with
the countries or the products."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from coalition.plans import progress as plan_progress
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import Evidence, ProductProgress, Progress
from coalition.plans.tests.conftest import add_items

pytestmark = pytest.mark.usefixtures("in_english")


def report(activity, country, *values):
    """``country``'s progress on ``activity``, one (status, percent, note) per product."""
    progress, _made = Progress.objects.get_or_create(activity=activity, country=country)
    products = list(activity.items.filter(kind=ItemKind.PRODUCT).order_by("position"))
    for product, (status, percent, note) in zip(products, values, strict=False):
        ProductProgress.objects.update_or_create(
            progress=progress,
            product=product,
            defaults={"country": country, "status": status, "percent": percent, "note": note},
        )
    status, percent = plan_progress.compute(
        [(r.status, r.percent) for r in progress.products.all()]
        + [(ProgressStatus.NOT_STARTED, 0)] * (len(products) - progress.products.count())
    )
    Progress.objects.filter(pk=progress.pk).update(status=status, percent=percent)
    return progress


@pytest.fixture
def swot(plan_data, countries):
    """I.2 with two products; Costa Rica: SWOT done, police agreements in progress."""
    activity = plan_data["activities"]["I.2"]
    add_items(activity, ItemKind.PRODUCT, "FODA compartido", "Convenios con la policía")
    report(
        activity,
        countries["CR"],
        ("done", 100, "FODA presentado en agosto"),
        ("in_progress", 30, "Borrador en revisión"),
    )
    return activity


def test_the_activity_page_shows_each_products_status_and_the_formula(client_for, swot):
    page = client_for("cr_editor").get(swot.get_absolute_url()).content.decode()
    row = page.split('id="country-CR"')[1].split("</tr>")[0]
    assert "In progress" in row and "65%" in row
    assert 'Done</span> <span class="text-nowrap">100%</span> · [en] FODA compartido' in row
    assert "30%</span> · [en] Convenios con la policía" in row
    assert "FODA presentado en agosto" in row and "Borrador en revisión" in row
    assert "How is this computed?" in page and escape(str(plan_progress.FORMULA)) in page


def test_an_evidence_file_is_labelled_with_its_product(client_for, swot, plan_data):
    evidence = plan_data["evidence"]
    progress = Progress.objects.get(activity=swot, country__iso2="CR")
    product = swot.items.get(kind=ItemKind.PRODUCT, position=1)
    Evidence.objects.filter(pk=evidence.pk).update(progress=progress, product=product)
    page = client_for("cr_editor").get(swot.get_absolute_url()).content.decode()
    row = page.split('id="country-CR"')[1].split("</tr>")[0]
    cell = row.split("lista-asistencia.pdf")[1]
    assert cell.index("[en] FODA compartido") < cell.index("</div>")


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def grow(activity, countries, products):
    """More products on ``activity`` and a report of each on every country."""
    add_items(activity, ItemKind.PRODUCT, *[f"Producto {n}" for n in range(products)])
    for country in countries.values():
        report(activity, country, *[("in_progress", 20, "Nota")] * products)


def test_the_activity_page_queries_do_not_grow_with_countries_and_products(
    client_for, plan_data, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    small = plan_data["activities"]["I.2"]
    large = plan_data["activities"]["II.1"]
    grow(small, {"CR": countries["CR"]}, 1)
    grow(large, countries, 6)
    assert queries(client, small.get_absolute_url()) == queries(client, large.get_absolute_url())
    with django_assert_max_num_queries(24):
        assert client.get(large.get_absolute_url()).status_code == 200


def test_the_plan_page_shows_each_products_status_in_words(client_for, swot):
    url = swot.plan.get_absolute_url() + "?country=CR"
    page = client_for("cr_editor").get(url).content.decode()
    row = page.split(escape(swot.get_absolute_url()))[1].split("</tr>")[0]
    assert "1 of 2 products done" in row
    assert "[en] FODA compartido" in row.split("status-done")[0]
    assert "[en] Convenios con la policía" in row.split("status-done")[1]


def test_the_plan_page_product_status_over_several_countries(client_for, swot, countries):
    # Guatemala has not finished the SWOT: over the user's countries it is in progress.
    report(swot, countries["GT"], ("in_progress", 50, ""), ("not_started", 0, ""))
    page = client_for("regional_admin").get(swot.plan.get_absolute_url()).content.decode()
    row = page.split(escape(swot.get_absolute_url()))[1].split("</tr>")[0]
    assert "0 of 2 products done" in row
    page = client_for("regional_admin").get(swot.plan.get_absolute_url() + "?country=CR")
    row = page.content.decode().split(escape(swot.get_absolute_url()))[1].split("</tr>")[0]
    assert "1 of 2 products done" in row


def test_the_plan_page_queries_do_not_grow_with_products(
    client_for, plan_data, countries, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    url = plan_data["plan"].get_absolute_url()
    before = queries(client, url)
    grow(plan_data["activities"]["I.2"], countries, 5)
    grow(plan_data["activities"]["II.1"], countries, 3)
    assert queries(client, url) == before
    with django_assert_max_num_queries(21):
        assert client.get(url).status_code == 200
