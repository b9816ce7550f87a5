"""The home page tells those who answer for a plan's progress what is past its deadline or
due soon in their countries, per plan, linked to the plan's dashboard filtered to them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.core.tests.attention import mentioning, opens, query_of
from coalition.plans.choices import ItemKind
from coalition.plans.models import Activity, ActivityItem

pytestmark = pytest.mark.usefixtures("in_english")

OVERDUE = "past"
DUE_SOON = "due within 30 days"


@pytest.fixture
def deadlines(plan_data):
    """I.1 ("Propiciar encuentros": in progress in Costa Rica, done in Guatemala) was due ten
    days ago; I.2 (no progress but the regional level's) is due in ten days."""
    today = timezone.localdate()
    activities = plan_data["activities"]
    Activity.objects.filter(pk=activities["I.1"].pk).update(
        deadline=today - datetime.timedelta(days=10)
    )
    Activity.objects.filter(pk=activities["I.2"].pk).update(
        deadline=today + datetime.timedelta(days=10)
    )
    return plan_data


def dashboard(query=""):
    return reverse("plan-dashboard", args=["plan-prueba"]) + query


def test_the_costa_rica_editor_sees_its_overdue_activity_linked_to_its_dashboard(
    deadlines, client_for
):
    client = client_for("cr_editor")
    [item] = mentioning(client, OVERDUE)
    assert item.message == (
        "1 activity of Test plan is past its deadline and still open in Costa Rica."
    )
    assert item.level == "danger"
    assert item.link == dashboard("?country=CR")
    assert opens(client, item.link)
    [soon] = mentioning(client, DUE_SOON)
    assert soon.message == "1 activity of Test plan is due within 30 days in Costa Rica."


def test_an_activity_done_in_guatemala_is_not_overdue_there(deadlines, client_for):
    client = client_for("gt_editor")
    assert mentioning(client, OVERDUE) == []
    [soon] = mentioning(client, DUE_SOON)
    assert "Guatemala" in soon.message
    assert "Costa Rica" not in soon.message


def test_the_regional_administrator_sees_every_country_in_one_item_per_plan(
    deadlines, client_for, countries
):
    client = client_for("regional_admin")
    [item] = mentioning(client, OVERDUE)
    # Open everywhere but in Guatemala, which is done.
    members = sum(1 for c in countries.values() if c.active and not c.is_regional)
    assert item.message == (
        "1 activity of Test plan is past its deadline and still open in "
        f"{members - 1} countries and the regional level."
    )
    assert item.link == dashboard()
    assert opens(client, item.link)


def test_the_scope_switcher_narrows_the_regional_administrator_to_one_country(
    deadlines, client_for
):
    client = client_for("regional_admin")
    client.post(reverse("switch-scope"), {"scope": "CR"})
    [item] = mentioning(client, OVERDUE)
    assert item.message.endswith("still open in Costa Rica.")
    assert query_of(item.link) == {"country": ["CR"]}


@pytest.mark.parametrize("persona", ["partner", "auditor"])
def test_those_who_answer_for_no_progress_see_no_deadline(deadlines, client_for, persona):
    client = client_for(persona)
    assert mentioning(client, "Test plan") == []


def test_a_contributor_sees_the_activities_that_name_its_institution(
    deadlines, client_for, organizations
):
    client = client_for("cr_contributor")
    assert mentioning(client, "Test plan") == []
    responsible = ActivityItem.objects.get(
        activity=deadlines["activities"]["I.1"], kind=ItemKind.RESPONSIBLE
    )
    responsible.organizations.add(organizations["ngo_cr"])
    [item] = mentioning(client, "Test plan")
    assert item.message == (
        "1 activity of Test plan is past its deadline and still open in Costa Rica."
    )
    assert opens(client, item.link)


def test_a_closed_plan_asks_for_nothing(deadlines, client_for):
    plan = deadlines["plan"]
    plan.status = "closed"
    plan.save()
    assert mentioning(client_for("cr_editor"), "Test plan") == []
