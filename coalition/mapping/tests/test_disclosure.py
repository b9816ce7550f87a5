"""Route victim counts outside their country: small counts shown as "<5", with enough hidden
that none can be worked out from the total; the page, the list, the API and the exports
agree, and only the route's own country (and the regional administrator) sees them all."""

import json

import pytest
from django.urls import reverse

from coalition.core import access
from coalition.mapping.choices import Stage
from coalition.mapping.tests.conftest import make_route

pytestmark = pytest.mark.usefixtures("in_english")

CATEGORIES = ("victims_women", "victims_men", "victims_girls", "victims_boys", "victims_unknown")


@pytest.fixture
def regional_route(mapping, countries):
    """A regional-level route, which every member sees: 3 women, 9 men, 6 girls."""
    return make_route(
        countries["regional"],
        "Golfo de Fonseca – San Salvador",
        [("Managua", Stage.RECRUITMENT), ("San José", Stage.EXPLOITATION)],
        victims_women=3,
        victims_men=9,
        victims_girls=6,
    )


def api_properties(client, route):
    response = client.get(reverse("api:route-detail", args=[route.pk]))
    assert response.status_code == 200
    return response.json()["properties"]


def exported_victims(client, route, fmt="geojson"):
    response = client.get(reverse("map-export"), {"record": "route", "format": fmt})
    assert response.status_code == 200
    if fmt == "kml":
        return response.content.decode()
    features = json.loads(response.content)["features"]
    return next(f for f in features if f["id"] == f"route-{route.pk}")["properties"]["victims"]


@pytest.mark.parametrize(
    "persona, country, exact",
    [
        ("regional_admin", "GT", True),
        ("regional_admin", "regional", True),
        ("gt_editor", "GT", True),
        ("gt_editor", "regional", False),
        ("cr_editor", "GT", False),
        ("cr_contributor", "CR", True),
        ("cr_contributor", "regional", False),
        ("partner", "regional", False),
        ("auditor", "regional", False),
    ],
)
def test_only_the_countrys_data_roles_see_exact_counts(
    personas, countries, persona, country, exact
):
    assert access.sees_exact_counts(personas[persona], countries[country].pk) is exact


def test_anonymous_visitors_never_see_exact_counts(countries):
    from django.contrib.auth.models import AnonymousUser

    assert not access.sees_exact_counts(AnonymousUser(), countries["GT"].pk)


def test_the_partner_sees_less_than_5_where_the_routes_own_country_sees_3(
    regional_route, client_for
):
    exact = client_for("regional_admin").get(regional_route.get_absolute_url()).content.decode()
    assert "Women: <strong>3</strong>" in exact
    assert "Total: <strong>18</strong>" in exact
    partner = client_for("partner").get(regional_route.get_absolute_url()).content.decode()
    assert "Women: <strong>&lt;5</strong>" in partner
    assert "Women: <strong>3</strong>" not in partner
    assert "Counts below 5 are shown as" in partner
    assert "Counts below 5 are shown as" not in exact


def test_the_small_count_cannot_be_worked_out_from_the_total(regional_route, client_for):
    props = api_properties(client_for("partner"), regional_route)
    assert props["victims_women"] is None
    assert props["victims_shown"]["victims_women"] == "<5"
    hidden = [name for name in CATEGORIES if props["victims_shown"][name] in ("<5", "x")]
    # The smallest other count (6 girls) is hidden too, so 18 - 9 leaves women + girls = 9.
    assert hidden == ["victims_women", "victims_girls"]
    assert props["victims_girls"] is None
    assert props["victims_total"] == 18 and props["victims_men"] == 9


def test_another_countrys_editor_sees_the_same_protected_counts(regional_route, client_for):
    props = api_properties(client_for("gt_editor"), regional_route)
    assert props["victims_shown"]["victims_women"] == "<5"
    assert props["victims_women"] is None


def test_the_routes_own_country_sees_every_count_in_the_api(mapping, client_for):
    route = mapping["routes"]["cr"]  # 12 women, 3 girls
    props = api_properties(client_for("cr_contributor"), route)
    assert (props["victims_women"], props["victims_girls"], props["victims_total"]) == (12, 3, 15)
    assert props["victims_shown"]["victims_girls"] == "3"
    assert props["victims_shown"]["victims_men"] is None


def test_the_list_shows_the_protected_total(regional_route, client_for):
    regional_route.victims_men = None
    regional_route.victims_girls = None
    regional_route.save()  # 3 women, so the total is 3
    url = reverse("route-list")
    partner = client_for("partner").get(url).content.decode()
    assert '<td class="text-end">&lt;5</td>' in partner
    assert "Counts below 5 are shown as" in partner
    admin = client_for("regional_admin").get(url).content.decode()
    assert '<td class="text-end">3</td>' in admin


def test_the_api_and_the_exports_agree_with_the_page(regional_route, client_for):
    client = client_for("gt_editor")  # may export; the regional route is not its country's
    page = client.get(regional_route.get_absolute_url()).content.decode()
    props = api_properties(client, regional_route)
    victims = exported_victims(client, regional_route)
    for name in CATEGORIES:
        key = name.removeprefix("victims_")
        shown = props["victims_shown"][name]
        assert victims[key] == (None if shown is None else props[name] or shown)
        if shown is not None:
            label = key.capitalize()
            assert f"{label}: <strong>{shown.replace('<', '&lt;')}</strong>" in page
    assert victims == {"women": "<5", "men": 9, "girls": "x", "boys": None, "unknown": None}
    kml = exported_victims(client, regional_route, "kml")
    assert "women: &lt;5, men: 9, girls: x" in kml
    assert "women: 3" not in kml


def test_the_routes_own_country_exports_exact_counts(regional_route, client_for):
    victims = exported_victims(client_for("regional_admin"), regional_route)
    assert victims == {"women": 3, "men": 9, "girls": 6, "boys": None, "unknown": None}


def test_the_threshold_follows_the_setting(regional_route, client_for, settings):
    settings.DISCLOSURE_MIN_COUNT = 10
    props = api_properties(client_for("partner"), regional_route)
    assert props["victims_shown"]["victims_men"] == "<10"
    assert props["victims_shown"]["victims_total"] == "18"
