"""The dashboard, the timeline and the PDF report show each product's status, and the
current (draft) figures or the approved ones, with where each country's report stands."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.plans import progress as reporting
from coalition.plans.choices import ItemKind, ProgressStatus
from coalition.plans.models import ActivityItem, ProductProgress, Progress
from coalition.plans.stats import plan_stats

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 9, 15)
YEAR = TODAY.year


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("coalition.plans.stats.timezone.localdate", lambda *a: TODAY)
    monkeypatch.setattr("coalition.plans.progress.timezone.localdate", lambda *a: TODAY)
    return TODAY


@pytest.fixture
def products(plan_data, countries):
    """I.1 gets a second product ("Acuerdos policiales"): Costa Rica reports the first
    done and the second not started; the activity's status is computed from them."""
    meetings = plan_data["activities"]["I.1"]
    first = meetings.items.get(kind=ItemKind.PRODUCT)
    second = ActivityItem.objects.create(
        activity=meetings,
        kind=ItemKind.PRODUCT,
        position=first.position + 1,
        text_es="Acuerdos policiales",
        text_en="Police agreements",
    )
    cr = plan_data["progress"]["CR"]
    ProductProgress.objects.create(
        progress=cr, product=first, country=countries["CR"], status="done", percent=100
    )
    ProductProgress.objects.create(
        progress=cr,
        product=second,
        country=countries["CR"],
        status="not_started",
        percent=0,
        note="Pendiente",
    )
    reporting.refresh(cr)
    return first, second


def approve(country, year=YEAR):
    """Submit (the snapshot) and approve the country's report of ``year``."""
    reporting.take_snapshot(country, year)
    Approval.objects.update_or_create(
        kind=reporting.APPROVAL_KIND,
        country=country,
        year=year,
        defaults={"state": ApprovalState.APPROVED},
    )


def page(client, name, plan, **query):
    client.cookies["coalition_language"] = "en"
    return client.get(reverse(name, args=[plan.code]), query)


def test_stats_give_each_products_status_per_country_and_counts(
    plan_data, products, personas, countries, today
):
    stats = plan_stats(plan_data["plan"], personas["regional_admin"], today=TODAY)
    meetings = plan_data["activities"]["I.1"]
    cr = next(c for c in stats.cells_of(meetings) if c.country.iso2 == "CR")
    assert [(p.product.text_es, p.status, p.percent) for p in cr.products] == [
        ("Coalición fortalecida", "done", 100),
        ("Acuerdos policiales", "not_started", 0),
    ]
    # The activity keeps its computed status: half of its products done.
    assert (cr.status, cr.percent) == (ProgressStatus.IN_PROGRESS, 50)
    counts = dict((value, n) for value, _label, n in stats.product_counts)
    assert counts["done"] == 1
    # Every other country's two products count as not started, CR's second one too.
    assert counts["not_started"] == 2 * len(stats.countries) - 1


def test_stats_take_the_same_queries_whatever_the_number_of_products(
    plan_data, products, personas, countries, django_assert_max_num_queries, today
):
    plan = plan_data["plan"]
    with django_assert_max_num_queries(12) as few:
        plan_stats(plan, personas["regional_admin"], today=TODAY).timeline  # noqa: B018
    meetings = plan_data["activities"]["I.1"]
    for n in range(10):
        item = ActivityItem.objects.create(
            activity=meetings, kind=ItemKind.PRODUCT, position=20 + n, text_es=f"P{n}"
        )
        for code in ("CR", "GT"):
            ProductProgress.objects.create(
                progress=Progress.objects.get(activity=meetings, country=countries[code]),
                product=item,
                country=countries[code],
                status="in_progress",
                percent=30,
            )
    with django_assert_max_num_queries(len(few)):
        stats = plan_stats(plan, personas["regional_admin"], today=TODAY)
        assert len(stats.timeline.groups) >= 1
    assert len(stats.cells_of(meetings)[0].products) == 12


def test_the_dashboard_badges_each_countrys_report_of_the_year_in_words(
    plan_data, client_for, countries, today
):
    approve(countries["GT"])
    Approval.objects.create(
        kind=reporting.APPROVAL_KIND,
        country=countries["CR"],
        year=YEAR,
        state=ApprovalState.SUBMITTED,
    )
    html = page(client_for("regional_admin"), "plan-dashboard", plan_data["plan"]).content
    html = html.decode()
    assert "Progress report of 2026:" in html
    assert "report-submitted" in html and "Submitted</span>" in html
    assert "report-approved" in html and "Approved</span>" in html
    assert "Draft</span>" in html  # the others: open


def test_a_member_switches_between_current_and_approved_figures(
    plan_data, products, client_for, countries, today
):
    approve(countries["CR"])
    # After the approval, CR's live progress moves on: the approved view keeps the report.
    cr = plan_data["progress"]["CR"]
    cr.products.filter(product=products[1]).update(status="done", percent=100)
    reporting.refresh(cr)
    client = client_for("cr_editor")
    current = page(client, "plan-dashboard", plan_data["plan"]).content.decode()
    assert "Current figures (draft)" in current and "Approved figures" in current
    assert 'heat heat-5">100%' in current  # CR's objective I now: I.1 done, I.2 at 0...
    approved = page(client, "plan-dashboard", plan_data["plan"], figures="approved")
    assert approved.status_code == 200
    html = approved.content.decode()
    assert "figures approved for 2026" in html
    assert "no approved report" in html  # Guatemala has none
    stats = approved.context["stats"]
    cell = next(c for c in stats.cells_of(plan_data["activities"]["I.1"]) if c.country.iso2 == "CR")
    assert (cell.status, cell.percent) == ("in_progress", 50)  # as approved, not as now
    assert [p.status for p in cell.products] == ["done", "not_started"]


def test_a_bad_figures_value_is_refused_with_a_message(plan_data, client_for, today):
    for name in ("plan-dashboard", "plan-timeline", "plan-report"):
        response = page(client_for("regional_admin"), name, plan_data["plan"], figures="live")
        assert response.status_code == 400
        assert "figures" in response.content.decode()


def test_a_partner_sees_approved_figures_only(plan_data, products, client_for, countries, today):
    approve(countries["CR"])
    client = client_for("partner")
    response = page(client, "plan-dashboard", plan_data["plan"], figures="current")
    assert response.status_code == 200
    assert response.context["figures"] == "approved"
    html = response.content.decode()
    assert "Current figures (draft)" not in html
    stats = response.context["stats"]
    shown = {c.iso2 for c in stats.countries if c.pk in stats.snapshot_years}
    assert shown <= {"CR"}
    # Guatemala's live "done" never shows: it has no approved report.
    gt = next(c for c in stats.cells_of(plan_data["activities"]["I.1"]) if c.country.iso2 == "GT")
    assert gt.no_report


def test_the_timeline_lists_each_activitys_products_with_their_status(
    plan_data, products, client_for, today
):
    response = page(client_for("cr_editor"), "plan-timeline", plan_data["plan"], country="CR")
    html = response.content.decode()
    assert response.status_code == 200
    assert "gantt-product" in html
    assert "Police agreements" in html
    assert "Coalición fortalecida" in html or "Coalition" in html


def test_the_pdf_report_holds_the_products_the_formula_and_says_which_figures(
    plan_data, products, client_for, countries, today
):
    approve(countries["CR"])
    client = client_for("regional_admin")
    client.cookies["coalition_language"] = "en"
    url = reverse("plan-report", args=[plan_data["plan"].code])
    for figures, expected in (("current", "Current figures"), ("approved", "Approved figures")):
        response = client.get(url, {"lang": "en", "country": "CR", "figures": figures})
        assert response.status_code == 200
        text = " ".join(
            " ".join(
                p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
            ).split()
        )
        assert expected in text
        assert "Police agreements" in text
        assert "average of its products' percents" in text
    assert "approved" in response["Content-Disposition"]
