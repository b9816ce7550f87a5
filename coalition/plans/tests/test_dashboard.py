"""The plan's dashboard and timeline pages."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse

from coalition.plans.tests.test_stats import add_activities

pytestmark = pytest.mark.django_db

SEPTEMBER = datetime.date(2026, 9, 15)


@pytest.fixture
def today(monkeypatch):
    """Fix "today" at 15 September 2026: after I.1's deadline, before I.2's."""
    monkeypatch.setattr("coalition.plans.stats.timezone.localdate", lambda *a: SEPTEMBER)
    return SEPTEMBER


def get(client, name, plan, **query):
    """The page in English (the texts asserted below are the English ones)."""
    client.cookies["coalition_language"] = "en"
    return client.get(reverse(name, args=[plan.code]), query)


def test_the_regional_admin_sees_the_heatmap_with_every_percent_written(
    plan_data, client_for, today
):
    response = get(client_for("regional_admin"), "plan-dashboard", plan_data["plan"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Completion by objective and country" in html
    assert 'heat heat-3">50%' in html  # Guatemala on objective I
    assert 'heat heat-1">20%' in html  # Costa Rica on objective I
    assert "100%</span>" in html  # the legend names every band
    assert 'title="Guatemala"' in html


def test_the_dashboard_lists_overdue_activities_and_counts_them(plan_data, client_for, today):
    html = get(client_for("regional_admin"), "plan-dashboard", plan_data["plan"]).content.decode()
    overdue = html[html.index('id="overdue-heading"') : html.index('id="soon-heading"')]
    assert "I.1" in overdue
    assert "15 days late" in overdue
    assert "I.2" not in overdue


def test_overdue_activities_link_to_their_page(plan_data, client_for, today):
    try:
        url = reverse("activity-detail", args=[plan_data["activities"]["I.1"].pk])
    except NoReverseMatch:
        pytest.skip("The activity page is not there yet.")
    html = get(client_for("regional_admin"), "plan-dashboard", plan_data["plan"]).content.decode()
    assert f'href="{url}"' in html


def test_deadlines_in_the_next_sixty_days_are_listed(plan_data, client_for, monkeypatch):
    monkeypatch.setattr(
        "coalition.plans.stats.timezone.localdate", lambda *a: datetime.date(2027, 5, 15)
    )
    html = get(client_for("regional_admin"), "plan-dashboard", plan_data["plan"]).content.decode()
    soon = html[html.index('id="soon-heading"') :]
    assert "I.2" in soon
    assert "in 46 days" in soon


def test_a_country_editor_does_not_see_other_countries_columns(plan_data, client_for, today):
    html = get(client_for("cr_editor"), "plan-dashboard", plan_data["plan"]).content.decode()
    assert 'title="Costa Rica"' in html
    assert 'title="Guatemala"' not in html


def test_filtering_by_country_shows_only_that_country(plan_data, client_for, today):
    html = get(
        client_for("regional_admin"), "plan-dashboard", plan_data["plan"], country="CR"
    ).content.decode()
    assert 'title="Costa Rica"' in html
    assert 'title="Panama"' not in html
    assert "Figures of Costa Rica." in html


def test_a_country_the_user_cannot_see_is_a_filter_error_not_a_leak(plan_data, client_for, today):
    response = get(client_for("cr_editor"), "plan-dashboard", plan_data["plan"], country="GT")
    assert response.status_code == 200
    html = response.content.decode()
    assert "alert-danger" in html
    assert 'title="Guatemala"' not in html


def test_filtering_by_status_keeps_the_matching_activities(plan_data, client_for, today):
    html = get(
        client_for("regional_admin"), "plan-dashboard", plan_data["plan"], status="blocked"
    ).content.decode()
    results = html[html.index('id="results"') :]
    assert "II. TRAIN" not in results
    assert "I. STRENGTHEN" in results


def test_an_htmx_filter_request_gets_only_the_results(plan_data, client_for, today):
    client = client_for("regional_admin")
    client.cookies["coalition_language"] = "en"
    response = client.get(
        reverse("plan-dashboard", args=[plan_data["plan"].code]),
        {"country": "CR"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Completion by objective and country" in html


def test_the_pages_use_no_inline_styles_or_scripts(plan_data, client_for, today):
    client = client_for("regional_admin")
    for name in ("plan-dashboard", "plan-timeline"):
        html = get(client, name, plan_data["plan"]).content.decode()
        assert "style=" not in html
        assert "<script>" not in html


def test_an_unknown_plan_is_not_found(plan_data, client_for):
    client = client_for("regional_admin")
    for name in ("plan-dashboard", "plan-timeline", "plan-report"):
        assert client.get(reverse(name, args=["no-such-plan"])).status_code == 404


def test_the_auditor_is_refused_and_the_anonymous_visitor_sent_to_sign_in(plan_data, client_for):
    url = reverse("plan-dashboard", args=[plan_data["plan"].code])
    assert client_for("auditor").get(url).status_code == 403
    response = client_for("anonymous").get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_dashboard_refuses_post(plan_data, client_for):
    url = reverse("plan-dashboard", args=[plan_data["plan"].code])
    assert client_for("regional_admin").post(url).status_code == 405


def test_the_timeline_marks_today_and_colours_bars_by_status(plan_data, client_for, today):
    html = get(client_for("regional_admin"), "plan-timeline", plan_data["plan"]).content.decode()
    assert 'class="gantt-today"' in html
    assert "gantt-bar status-blocked" in html  # I.2, blocked at the regional level
    assert "gantt-bar status-in_progress overdue" in html  # I.1, late
    assert "Activities without dates" in html
    assert "II.1" in html
    # Positions are percents written with a dot whatever the language.
    assert 'x="' in html and not any(f'x="{n},' in html for n in range(100))


def test_the_timeline_follows_the_selected_countrys_status(plan_data, client_for, today):
    html = get(
        client_for("regional_admin"), "plan-timeline", plan_data["plan"], country="GT"
    ).content.decode()
    assert "gantt-bar status-done" in html  # I.1 is done in Guatemala: not overdue there
    assert "gantt-bar status-not_started" in html


def test_the_timeline_says_so_when_today_is_outside_the_plan(plan_data, client_for, monkeypatch):
    monkeypatch.setattr(
        "coalition.plans.stats.timezone.localdate", lambda *a: datetime.date(2031, 1, 1)
    )
    html = get(client_for("regional_admin"), "plan-timeline", plan_data["plan"]).content.decode()
    assert 'class="gantt-today"' not in html
    assert "is outside the plan" in html


@pytest.mark.parametrize("name", ["plan-dashboard", "plan-timeline"])
def test_the_pages_take_a_bounded_number_of_queries_whatever_the_plan_size(
    plan_data, client_for, today, django_assert_max_num_queries, name
):
    client = client_for("regional_admin")
    url = reverse(name, args=[plan_data["plan"].code])
    with django_assert_max_num_queries(20):
        assert client.get(url, {"country": "CR"}).status_code == 200
    add_activities(plan_data, 37)
    with django_assert_max_num_queries(20):
        assert client.get(url, {"country": "CR"}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
