"""The map in a real browser, offline: the Costa Rica editor sees zones by risk level, routes
with their arrows and, switched on, the risk per administrative area, all drawn from this
server's files; redraws a zone's polygon with the drawing tools and saves it; builds a
route by clicking places.
Screenshots go to test-artifacts/."""

import json
import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.mapping.models import Zone

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_the_map_with_every_layer_and_drawing_a_zone(page, live_server, personas, mapping):
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    User.objects.filter(pk=personas["cr_editor"].pk).update(language="en")
    sign_in(page, personas["cr_editor"])
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    # Zones of Costa Rica and the regional level, Costa Rica's route, the area outlines.
    page.goto("/map/")
    expect(page.locator("#map")).to_have_attribute("data-loaded", "true")
    expect(page.locator("#map-status")).to_have_text("On the map: zones 4 · routes 1.")
    page.get_by_label("Risk per administrative area").check()
    expect(page.locator(".leaflet-overlay-pane path")).not_to_have_count(0)
    assert page.locator(".route-arrow").count() == 2  # one per leg, pointing its way
    shot(page, "mapping-01-map-all-layers")
    assert serious_violations(page) == []
    assert all(url.startswith(live_server.url) for url in requested)  # nothing from outside

    # A filter redraws without leaving the page.
    page.check("#f-risk-critical")
    page.click("#map-filters button[type=submit]")
    expect(page.locator("#map-status")).to_have_text("On the map: zones 1 · routes 1.")
    assert "risk=critical" in page.url

    # Redraw the Limón polygon: the polygon tool, three corners around the map's centre.
    zone = mapping["zones"]["cr_coast"]
    before = json.loads(zone.geometry)
    page.goto(f"/map/zones/{zone.pk}/edit/")
    box = page.locator("#map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.locator(".leaflet-pm-icon-polygon").click()
    for dx, dy in [(-40, -30), (40, -30), (0, 40), (-40, -30)]:
        page.mouse.click(x + dx, y + dy)
    expect(page.locator("#id_geometry")).not_to_have_value(zone.geometry)
    shot(page, "mapping-02-zone-drawn")
    page.click("#zone-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(zone.name)
    zone.refresh_from_db()
    after = json.loads(zone.geometry)
    assert after["type"] == "Polygon" and after != before
    assert len(after["coordinates"][0]) == 4  # three corners, closed
    assert zone.area.name == "Limón"

    # A route built by clicking two places on the map.
    page.goto("/map/routes/new/")
    markers = page.locator(".leaflet-overlay-pane path.leaflet-interactive")
    expect(markers).not_to_have_count(0)
    markers.nth(0).click(force=True)
    markers.nth(1).click(force=True)
    chosen = [page.locator("#stops select[name$='-place']").nth(i).input_value() for i in range(2)]
    assert all(chosen), chosen
    assert page.locator("#stops select[name$='-stage']").nth(0).input_value() == "recruitment"
    assert page.locator("#stops input[name$='-ORDER']").nth(1).input_value() == "2"
    shot(page, "mapping-03-route-editor")

    # The public map is the public site's (public/tests/test_browser_maps.py).
    assert Zone.objects.count() == 5


def test_the_map_shows_the_chosen_country_until_all_are_asked_for(page, personas, mapping):
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    User.objects.filter(pk=personas["cr_editor"].pk).update(language="en")
    sign_in(page, personas["cr_editor"])
    costa_rica = Zone.objects.filter(country__iso2="CR").count()
    visible = Zone.objects.filter(country__iso2__in=["CR", "XR"]).count()
    assert 0 < costa_rica < visible

    page.goto("/map/")
    with page.expect_navigation():
        page.select_option("#scope-select", "CR")
    expect(page.locator("#map")).to_have_attribute("data-loaded", "true")
    expect(page.locator("#f-country")).to_have_value("CR")
    expect(page.locator("#map-status")).to_contain_text(f"zones {costa_rica} ·")

    page.select_option("#f-country", "")
    page.click("#map-filters button[type=submit]")
    expect(page.locator("#map-status")).to_contain_text(f"zones {visible} ·")
    assert "country=" in page.url
    assert page.problems == []
