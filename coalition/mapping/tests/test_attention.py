"""The home page tells those who approve zones for the public map (country editors, the
regional administrators) which zones of their countries await it, and a contributor which
of its own do; linked to the zone list filtered to them."""

import pytest
from django.urls import reverse

from coalition.core.tests.attention import mentioning, opens, query_of
from coalition.mapping.choices import RiskLevel
from coalition.mapping.models import Zone

pytestmark = pytest.mark.usefixtures("in_english")

AWAITING = "approval for the public map"


@pytest.fixture
def awaiting(mapping, personas):
    """In Costa Rica: the approved border point changed since (critical now), and the coast
    polygon, drawn by the contributor, newly marked publishable."""
    border = mapping["zones"]["cr_border"]
    border.risk_level = RiskLevel.CRITICAL
    border.save()
    coast = mapping["zones"]["cr_coast"]
    coast.publishable = True
    coast.created_by = personas["cr_contributor"]
    coast.save()
    return mapping


def names(response):
    return sorted(zone.name for zone in response.context["page_obj"])


def test_a_country_editor_sees_the_zones_of_its_country_awaiting_approval(awaiting, client_for):
    client = client_for("cr_editor")
    [item] = mentioning(client, AWAITING)
    assert item.message == "2 zones await approval for the public map in Costa Rica."
    assert item.level == "warning"
    assert query_of(item.link) == {"awaiting": ["true"], "country": ["CR"]}
    page = client.get(item.link)
    assert page.status_code == 200
    zones = awaiting["zones"]
    assert names(page) == sorted([zones["cr_border"].name, zones["cr_coast"].name])


def test_the_regional_administrator_sees_them_too(awaiting, client_for):
    client = client_for("regional_admin")
    [item] = mentioning(client, AWAITING)
    assert item.message == "2 zones await approval for the public map in Costa Rica."
    assert opens(client, item.link)


def test_another_country_editor_sees_none(awaiting, client_for):
    assert mentioning(client_for("gt_editor"), AWAITING) == []


def test_a_contributor_sees_its_own_zones_awaiting_approval(awaiting, client_for):
    client = client_for("cr_contributor")
    [item] = mentioning(client, AWAITING)
    assert item.message == "1 zone of yours awaits approval for the public map."
    assert item.level == "info"
    assert opens(client, item.link)


@pytest.mark.parametrize("persona", ["partner", "auditor"])
def test_those_who_neither_approve_nor_draw_zones_see_none(awaiting, client_for, persona):
    assert mentioning(client_for(persona), AWAITING) == []


def test_an_approved_zone_no_longer_awaits(awaiting, client_for):
    client = client_for("cr_editor")
    for zone in Zone.objects.filter(country__iso2="CR", publishable=True):
        client.post(reverse("zone-publish", args=[zone.pk]), {"action": "publish"})
    assert mentioning(client, AWAITING) == []
    assert mentioning(client_for("cr_contributor"), AWAITING) == []


def test_the_zone_list_leaves_out_what_awaits_when_asked(awaiting, client_for):
    page = client_for("cr_editor").get(reverse("zone-list"), {"awaiting": "false"})
    zones = awaiting["zones"]
    assert zones["cr_border"].name not in names(page)
    assert zones["cr_area"].name in names(page)
