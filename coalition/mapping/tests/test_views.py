"""Mapping pages as each persona sees them: the map, zones and routes with their editors,
the gazetteer kept by regional administrators, the public map and the methodology."""

import json

import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.core.tests.versions import versioned
from coalition.mapping.models import AdminArea, Place, Route, Zone
from coalition.mapping.tests.conftest import make_zone, point, square

pytestmark = pytest.mark.usefixtures("in_english")


def text(response):
    return response.content.decode()


def config_of(response):
    """The JSON the page hands to static/js/map.js."""
    page = text(response)
    start = page.index('id="map-config"')
    body = page[page.index(">", start) + 1 : page.index("</script>", start)]
    return json.loads(body)


ZONE = {
    "name": "Mercado municipal (demo)",
    "kind": "recruitment",
    "risk_level": "high",
    "social_factors": ["poverty", "migration"],
    "populations": ["women"],
    "exploitation_forms": ["sexual"],
    "sources": "Informe ficticio",
    "confidence": "medium",
    "period_start": "2024-03-01",
    "period_end": "",
    "description": "",
}


def zone_data(countries, **changes):
    data = {**ZONE, "country": countries["CR"].pk, "shape": "point"}
    data["geometry"] = point(-84.09, 9.93)  # San José
    data.update(changes)
    return data


# --- the map ---------------------------------------------------------------------------


def test_the_map_is_in_the_navigation_and_works_offline_by_default(client_for, mapping):
    response = client_for("cr_editor").get(reverse("map"))
    assert response.status_code == 200
    page = text(response)
    assert f'href="{reverse("map")}"' in page  # the navigation's link
    config = config_of(response)
    assert config["tiles"] == ""  # no tile server: nothing requested elsewhere
    assert config["countries"].endswith("world-atlas/countries-50m.json")
    assert config["data"] == reverse("map-data") and config["draw"] is True
    assert "https://" not in page.split('id="map-config"')[1].split("</script>")[0]


def test_a_tile_server_is_used_only_when_configured(client_for, mapping, settings):
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert config_of(client_for("partner").get(reverse("map")))["tiles"].startswith("https://")


def test_partners_read_the_map_without_drawing_and_auditors_do_not(client_for, mapping):
    response = client_for("partner").get(reverse("map"))
    assert response.status_code == 200 and config_of(response)["draw"] is False
    assert "New zone" not in text(response)
    assert client_for("auditor").get(reverse("map")).status_code == 403
    assert client_for("anonymous").get(reverse("map")).status_code == 302


# --- zones ---------------------------------------------------------------------------------


def test_an_editor_draws_a_point_zone_and_it_finds_its_area(client_for, countries, mapping):
    response = client_for("cr_editor").post(reverse("zone-create"), zone_data(countries))
    zone = Zone.objects.get(name=ZONE["name"])
    assert response.status_code == 302 and response.url == zone.get_absolute_url()
    assert zone.area.name == "San José" and zone.social_factors == ["poverty", "migration"]
    assert zone.created_by.username == "cr_editor"
    entry = AuditEntry.objects.get(action="create", object_type="mapping.zone")
    assert entry.after["name"] == ZONE["name"]


def test_a_self_intersecting_polygon_is_refused_with_where_it_crosses(
    client_for, countries, mapping
):
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[-84.2, 9.8], [-84.0, 10.0], [-84.0, 9.8], [-84.2, 10.0], [-84.2, 9.8]]],
    }
    response = client_for("cr_editor").post(
        reverse("zone-create"),
        zone_data(countries, shape="polygon", geometry=json.dumps(bow_tie)),
    )
    assert response.status_code == 400
    assert "the boundary crosses itself near [-84.1, 9.9]" in text(response)
    assert not Zone.objects.filter(name=ZONE["name"]).exists()


def test_a_zone_must_lie_in_its_country(client_for, countries, mapping):
    response = client_for("cr_editor").post(
        reverse("zone-create"),
        zone_data(countries, geometry=point(-90.5, 14.6)),  # Guatemala
    )
    assert response.status_code == 400 and "The zone lies outside Costa Rica." in text(response)


def test_a_point_needs_a_drawing_and_an_area_zone_its_countrys_area(client_for, countries, mapping):
    client = client_for("cr_editor")
    response = client.post(reverse("zone-create"), zone_data(countries, geometry=""))
    assert response.status_code == 400 and "Draw the zone on the map." in text(response)
    peten = AdminArea.objects.get(name="Petén")
    response = client.post(
        reverse("zone-create"), zone_data(countries, shape="area", area=peten.pk)
    )
    assert response.status_code == 400 and "Petén is not in Costa Rica." in text(response)
    limon = AdminArea.objects.get(name="Limón")
    response = client.post(
        reverse("zone-create"), zone_data(countries, shape="area", area=limon.pk)
    )
    assert response.status_code == 302
    zone = Zone.objects.get(name=ZONE["name"])
    assert zone.area == limon and zone.geometry == ""


def test_editors_choose_only_their_countries(client_for, countries, mapping):
    response = client_for("cr_editor").post(
        reverse("zone-create"), zone_data(countries, country=countries["GT"].pk)
    )
    assert response.status_code == 400 and not Zone.objects.filter(name=ZONE["name"]).exists()


def test_a_shape_drawn_on_the_map_page_opens_the_form_filled_in(client_for, mapping):
    drawn = json.dumps({"type": "Point", "coordinates": [-84.09, 9.93]})
    response = client_for("cr_editor").get(reverse("zone-create"), {"geometry": drawn})
    assert response.status_code == 200
    page = text(response)
    assert 'name="shape" value="point" id="id_shape_0" checked' in page
    assert "-84.09" in page
    # Rubbish in the address is ignored, never a server error.
    assert client_for("cr_editor").get(reverse("zone-create"), {"geometry": "{"}).status_code == 200


def test_zone_pages_follow_the_countrys_scope(client_for, mapping):
    cr_zone = mapping["zones"]["cr_border"]
    assert client_for("cr_editor").get(cr_zone.get_absolute_url()).status_code == 200
    assert client_for("gt_editor").get(cr_zone.get_absolute_url()).status_code == 404
    assert client_for("partner").get(cr_zone.get_absolute_url()).status_code == 404
    regional = mapping["zones"]["regional_gulf"]
    assert client_for("partner").get(regional.get_absolute_url()).status_code == 200
    edit = reverse("zone-update", args=[regional.pk])
    assert client_for("partner").get(edit).status_code == 403


def test_an_area_zones_page_draws_its_areas_boundary(client_for, mapping):
    response = client_for("cr_editor").get(mapping["zones"]["cr_area"].get_absolute_url())
    assert config_of(response)["feature"]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_editing_and_deleting_a_zone_are_audited(client_for, countries, mapping):
    zone = mapping["zones"]["cr_coast"]
    client = client_for("cr_editor")
    data = zone_data(countries, shape="polygon", geometry=square(-83.2, 9.8), name="Litoral")
    response = client.post(reverse("zone-update", args=[zone.pk]), versioned(zone, data))
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.name == "Litoral" and zone.area.name == "Limón"
    entry = AuditEntry.objects.get(action="update", object_type="mapping.zone")
    assert entry.before["name"] == "Litoral de Limón" and entry.after["name"] == "Litoral"
    response = client.post(reverse("zone-delete", args=[zone.pk]))
    assert response.status_code == 302 and not Zone.objects.filter(pk=zone.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_type="mapping.zone").exists()


def test_the_zone_list_filters_and_stays_within_scope(client_for, mapping):
    client = client_for("cr_editor")
    page = text(client.get(reverse("zone-list")))
    assert "Litoral de Limón" in page and "Golfo de Fonseca" in page
    assert "Tecún Umán" not in page  # Guatemala's
    page = text(client.get(reverse("zone-list"), {"risk": ["critical"]}))
    assert "Litoral de Limón" in page and "Golfo de Fonseca" not in page
    page = text(client.get(reverse("zone-list"), {"exploitation": "sexual", "country": "CR"}))
    assert "Guanacaste turístico" in page and "Litoral de Limón" not in page
    page = text(client.get(reverse("zone-list"), {"year": "2019"}))
    assert "No zone matches these filters." in page


def test_the_zone_list_takes_a_bounded_number_of_queries(
    client_for, countries, mapping, django_assert_max_num_queries
):
    for n in range(30):
        make_zone(countries["CR"], f"Zona {n}", geometry=point(-84.1, 9.9))
    client = client_for("cr_editor")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("zone-list")).status_code == 200


# --- routes --------------------------------------------------------------------------------


def stops_data(*stops, prefix="stops", initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(stops)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "50",
    }
    for index, (order, place, stage) in enumerate(stops):
        data[f"{prefix}-{index}-ORDER"] = str(order)
        data[f"{prefix}-{index}-place"] = str(Place.objects.get(name=place).pk) if place else ""
        data[f"{prefix}-{index}-stage"] = stage
    return data


ROUTE = {
    "name": "Tegucigalpa – San Salvador (demo)",
    "transport_modes": ["road"],
    "exploitation_forms": ["forced_labour"],
    "victims_women": "4",
    "victims_men": "",
    "victims_girls": "",
    "victims_boys": "2",
    "victims_unknown": "",
    "description": "",
    "sources": "Informe ficticio",
    "confidence": "low",
    "period_start": "2023-01-01",
    "period_end": "2024-12-31",
}


def test_an_editor_records_a_route_in_the_order_given(client_for, countries, mapping):
    data = {**ROUTE, "country": countries["CR"].pk}
    # Typed out of order: the ORDER column decides.
    data.update(
        stops_data(
            (3, "San Salvador", "exploitation"),
            (1, "Tegucigalpa", "recruitment"),
            (2, "El Amatillo", "transit"),
        )
    )
    response = client_for("cr_editor").post(reverse("route-create"), data)
    route = Route.objects.get(name=ROUTE["name"])
    assert response.status_code == 302 and response.url == route.get_absolute_url()
    stops = list(route.stops.order_by("position"))
    assert [s.place.name for s in stops] == ["Tegucigalpa", "El Amatillo", "San Salvador"]
    assert route.countries_crossed == ["HN", "SV"]
    assert json.loads(route.geometry)["type"] == "LineString"
    assert route.victims_total == 6
    entry = AuditEntry.objects.get(action="create", object_type="mapping.route")
    assert entry.after["stops"][0] == ["Tegucigalpa", "recruitment"]
    page = text(client_for("cr_editor").get(route.get_absolute_url()))
    assert "Honduras → El Salvador" in page and "Aggregate counts only" in page


def test_a_route_needs_two_stops_and_a_sound_period(client_for, countries, mapping):
    data = {**ROUTE, "country": countries["CR"].pk, "period_end": "2022-01-01"}
    data.update(stops_data((1, "Tegucigalpa", "recruitment")))
    response = client_for("cr_editor").post(reverse("route-create"), data)
    assert response.status_code == 400
    page = text(response)
    assert "A route needs at least two stops." in page
    assert "The period cannot end before it starts." in page
    assert not Route.objects.filter(name=ROUTE["name"]).exists()


def test_editing_a_route_replaces_its_stops(client_for, countries, mapping):
    route = mapping["routes"]["cr"]
    stops = list(route.stops.order_by("position"))
    data = {**ROUTE, "name": route.name, "country": countries["CR"].pk}
    data.update(stops_data(*[(s.position, s.place.name, s.stage) for s in stops], initial=3))
    for index, stop in enumerate(stops):
        data[f"stops-{index}-id"] = str(stop.pk)
        data[f"stops-{index}-route"] = str(route.pk)
    data["stops-1-DELETE"] = "on"  # drop Peñas Blancas
    response = client_for("cr_editor").post(reverse("route-update", args=[route.pk]), data)
    assert response.status_code == 302, text(response)
    assert [s.place.name for s in route.stops.order_by("position")] == ["Managua", "San José"]
    route.refresh_from_db()
    assert route.countries_crossed == ["NI", "CR"]
    entry = AuditEntry.objects.get(action="update", object_type="mapping.route")
    assert len(entry.before["stops"]) == 3 and len(entry.after["stops"]) == 2


def test_the_route_form_offers_the_gazetteer_on_its_map(client_for, mapping):
    response = client_for("cr_editor").get(reverse("route-create"))
    config = config_of(response)
    assert config["mode"] == "route-editor"
    assert any(p["name"] == "Peñas Blancas" for p in config["places"])
    assert 'id="stop-template"' in text(response)


def test_the_route_list_finds_routes_crossing_a_country(client_for, mapping):
    page = text(client_for("regional_admin").get(reverse("route-list"), {"country": "NI"}))
    assert "Managua – San José" in page and "Quetzaltenango – Tapachula" not in page
    page = text(client_for("cr_editor").get(reverse("route-list")))
    assert "Quetzaltenango – Tapachula" not in page  # Guatemala's


# --- gazetteer -----------------------------------------------------------------------------


def test_regional_admins_keep_the_places(client_for, mapping):
    data = {
        "name": "Los Chiles",
        "kind": "border_crossing",
        "country_code": "CR",
        "latitude": "11.0333",
        "longitude": "-84.7167",
        "note": "",
    }
    assert client_for("cr_editor").post(reverse("place-create"), data).status_code == 403
    response = client_for("regional_admin").post(reverse("place-create"), data)
    assert response.status_code == 302
    place = Place.objects.get(name="Los Chiles")
    assert place.area.name == "Alajuela"
    wrong = {**data, "name": "Al revés", "longitude": "84.7167"}  # the sign forgotten
    response = client_for("regional_admin").post(reverse("place-create"), wrong)
    assert response.status_code == 400 and "lies outside Costa Rica" in text(response)


def test_moving_a_place_moves_the_routes_through_it(client_for, mapping):
    place = Place.objects.get(name="Peñas Blancas")
    data = {
        "name": place.name,
        "kind": place.kind,
        "country_code": "CR",
        "latitude": "11.2200",
        "longitude": "-85.6100",
        "note": "",
    }
    response = client_for("regional_admin").post(
        reverse("place-update", args=[place.pk]), versioned(place, data)
    )
    assert response.status_code == 302
    route = Route.objects.get(name="Managua – San José")
    assert [-85.61, 11.22] in json.loads(route.geometry)["coordinates"]


def test_a_place_routes_stop_at_is_not_deleted(client_for, mapping):
    place = Place.objects.get(name="Peñas Blancas")
    response = client_for("regional_admin").post(reverse("place-delete", args=[place.pk]))
    assert response.status_code == 302 and Place.objects.filter(pk=place.pk).exists()
    unused = Place.objects.get(name="Sosúa")
    client_for("regional_admin").post(reverse("place-delete", args=[unused.pk]))
    assert not Place.objects.filter(pk=unused.pk).exists()


def test_the_places_list_searches_without_accents(client_for, mapping):
    page = text(client_for("partner").get(reverse("place-list"), {"q": "tecun"}))
    assert "Tecún Umán" in page and "Peñas Blancas" not in page
    assert "New place" not in page


def test_area_notes_say_what_is_out_of_date(client_for, mapping):
    page = text(client_for("cr_editor").get(reverse("area-list"), {"country": "PA"}))
    assert "Panamá Oeste" in page and "Kuna Yala" in page  # renamed Guna Yala
    area = AdminArea.objects.get(name="Guna Yala")
    response = client_for("regional_admin").post(
        reverse("area-update", args=[area.pk]), {"note": "Comarca; renamed in 2011."}
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.note == "Comarca; renamed in 2011."
    assert client_for("cr_editor").get(reverse("area-update", args=[area.pk])).status_code == 403


# --- public --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_methodology_is_public_in_both_languages(client, settings, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("map-methodology"))
    assert response.status_code == 200
    assert ("Fuentes" if language == "es" else "Sources") in text(response)


def test_the_places_and_routes_lists_take_a_bounded_number_of_queries(
    client_for, mapping, django_assert_max_num_queries
):
    client = client_for("cr_editor")
    # A full page of places from several countries: their names come from one query.
    with django_assert_max_num_queries(14):
        assert client.get(reverse("place-list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("route-list")).status_code == 200
