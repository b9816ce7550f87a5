"""The mapping's REST API: zones, routes and places as GeoJSON (a page is a
FeatureCollection, a record a Feature), through the access layer and the shared
FilterSets, in a fixed number of queries."""

import pytest
from django.urls import reverse

from coalition.mapping.models import AdminArea, Place
from coalition.mapping.tests.conftest import make_route, make_zone, point, square

pytestmark = pytest.mark.django_db

GEOMETRY_TYPES = {"Point", "LineString", "Polygon", "MultiPolygon"}


def positions(coordinates):
    if coordinates and isinstance(coordinates[0], int | float):
        yield coordinates
        return
    for item in coordinates:
        yield from positions(item)


def check_feature(feature):
    """A GeoJSON Feature (RFC 7946) whose positions are [longitude, latitude] in range."""
    assert feature["type"] == "Feature"
    assert isinstance(feature["id"], int)
    assert isinstance(feature["properties"], dict)
    geometry = feature["geometry"]
    if geometry is not None:
        assert geometry["type"] in GEOMETRY_TYPES
        for longitude, latitude, *_rest in positions(geometry["coordinates"]):
            assert -180 <= longitude <= 180
            assert -90 <= latitude <= 90
    return feature


def feature_collection(response):
    assert response.status_code == 200, response.content[:500]
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert {"count", "next", "previous", "features"} <= set(data)
    for feature in data["features"]:
        check_feature(feature)
    return data


def listed(client, basename, **params):
    return feature_collection(client.get(reverse(f"api:{basename}-list"), params))


def names(data):
    return {f["properties"]["name"] for f in data["features"]}


# --- zones -------------------------------------------------------------------------------


def test_zones_are_listed_within_the_callers_scope(mapping, client_for):
    data = listed(client_for("cr_editor"), "zone")
    assert data["count"] == 4
    assert "Tecún Umán" not in names(data)
    assert names(listed(client_for("partner"), "zone")) == {"Golfo de Fonseca"}
    assert listed(client_for("regional_admin"), "zone")["count"] == 5


def test_auditors_and_anonymous_callers_are_refused(mapping, client_for):
    for basename in ("zone", "route", "place"):
        url = reverse(f"api:{basename}-list")
        assert client_for("auditor").get(url).status_code == 403
        assert client_for("anonymous").get(url).status_code in (401, 403)


def test_a_zone_is_a_feature_and_a_whole_area_zone_takes_its_areas_boundary(mapping, client_for):
    client = client_for("cr_editor")
    zones = mapping["zones"]
    border = check_feature(
        client.get(reverse("api:zone-detail", args=[zones["cr_border"].pk])).json()
    )
    assert border["id"] == zones["cr_border"].pk
    assert border["geometry"] == {"type": "Point", "coordinates": [-85.613, 11.2136]}
    props = border["properties"]
    assert props["country"] == "CR"
    assert props["kind"] == "border"
    assert props["risk_level"] == "high"
    assert props["area_name"] == "Guanacaste"
    assert props["social_factors"] == ["border", "migration"]
    assert props["publishable"] is True
    assert props["page"].endswith(reverse("zone-detail", args=[zones["cr_border"].pk]))

    coast = client.get(reverse("api:zone-detail", args=[zones["cr_coast"].pk])).json()
    assert check_feature(coast)["geometry"]["type"] == "Polygon"

    whole = client.get(reverse("api:zone-detail", args=[zones["cr_area"].pk])).json()
    guanacaste = AdminArea.objects.get(name="Guanacaste")
    assert check_feature(whole)["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert whole["properties"]["shape"] == "area"
    assert whole["properties"]["area"] == guanacaste.pk


def test_a_zone_out_of_scope_is_not_found(mapping, client_for):
    url = reverse("api:zone-detail", args=[mapping["zones"]["gt_border"].pk])
    assert client_for("cr_editor").get(url).status_code == 404
    assert client_for("gt_editor").get(url).status_code == 200


def test_zones_are_filtered_with_the_zone_filterset(mapping, client_for):
    client = client_for("regional_admin")
    assert names(listed(client, "zone", country="GT")) == {"Tecún Umán"}
    assert listed(client, "zone", risk=["high", "critical"])["count"] == 3
    assert names(listed(client, "zone", kind="vulnerable")) == {"Guanacaste turístico"}
    assert listed(client, "zone", exploitation="forced_labour")["count"] == 2
    assert listed(client, "zone", year=2020)["count"] == 0
    ordered = listed(client, "zone", ordering="-name")["features"]
    assert ordered[0]["properties"]["name"] == "Tecún Umán"
    for params in ({"country": "ZZ"}, {"risk": "extreme"}, {"year": "soon"}):
        assert client.get(reverse("api:zone-list"), params).status_code == 400


def test_pages_are_feature_collections_with_links(mapping, client_for):
    client = client_for("regional_admin")
    first = listed(client, "zone", page_size=2)
    assert first["count"] == 5
    assert len(first["features"]) == 2
    assert first["previous"] is None
    assert "page=2" in first["next"]
    last = listed(client, "zone", page_size=2, page=3)
    assert len(last["features"]) == 1
    assert last["next"] is None
    assert len(listed(client, "zone", page_size=100000)["features"]) == 5


def test_geojson_is_served_to_clients_that_ask_for_it(mapping, client_for):
    response = client_for("cr_editor").get(
        reverse("api:zone-list"), HTTP_ACCEPT="application/geo+json"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"


# --- routes ------------------------------------------------------------------------------


def test_a_route_is_a_line_through_its_stops(mapping, client_for):
    route = mapping["routes"]["cr"]
    data = check_feature(
        client_for("cr_editor").get(reverse("api:route-detail", args=[route.pk])).json()
    )
    assert data["geometry"]["type"] == "LineString"
    assert len(data["geometry"]["coordinates"]) == 3
    props = data["properties"]
    assert props["countries_crossed"] == ["NI", "CR"]
    assert props["countries_crossed_names"] == ["Nicaragua", "Costa Rica"]
    assert [s["place_name"] for s in props["stops"]] == ["Managua", "Peñas Blancas", "San José"]
    assert [s["position"] for s in props["stops"]] == [1, 2, 3]
    assert props["stops"][0]["country"] == "NI"
    assert props["victims_women"] == 12
    assert props["victims_girls"] == 3
    assert props["victims_total"] == 15
    assert props["transport_modes"] == ["road"]


def test_routes_are_scoped_and_found_by_the_countries_they_cross(mapping, client_for):
    assert names(listed(client_for("cr_editor"), "route")) == {"Managua – San José"}
    assert listed(client_for("partner"), "route")["count"] == 0
    client = client_for("regional_admin")
    assert names(listed(client, "route", country="NI")) == {"Managua – San José"}
    assert names(listed(client, "route", exploitation="forced_labour")) == {
        "Quetzaltenango – Tapachula"
    }
    url = reverse("api:route-detail", args=[mapping["routes"]["gt"].pk])
    assert client_for("cr_editor").get(url).status_code == 404


# --- places ------------------------------------------------------------------------------


def test_every_reader_sees_the_whole_gazetteer_as_points(mapping, client_for):
    total = Place.objects.count()
    for persona in ("partner", "cr_contributor", "gt_editor"):
        data = listed(client_for(persona), "place", page_size=1000)
        assert data["count"] == total
        assert {f["geometry"]["type"] for f in data["features"]} == {"Point"}
    place = Place.objects.get(name="Peñas Blancas")
    feature = check_feature(
        client_for("partner").get(reverse("api:place-detail", args=[place.pk])).json()
    )
    assert feature["geometry"]["coordinates"] == [place.longitude, place.latitude]
    assert feature["properties"]["country"] == "CR"
    assert feature["properties"]["country_name"] == "Costa Rica"
    assert feature["properties"]["kind"] == "border_crossing"


def test_places_are_filtered_by_country_kind_and_name(mapping, client_for):
    client = client_for("partner")
    assert names(listed(client, "place", q="penas")) == {"Peñas Blancas"}
    mexico = listed(client, "place", country="MX")
    assert mexico["count"] == Place.objects.filter(country_code="MX").count() > 0
    assert mexico["features"][0]["properties"]["country_name"]
    ports = listed(client, "place", kind="port", page_size=1000)
    assert {f["properties"]["kind"] for f in ports["features"]} == {"port"}
    for params in ({"country": "ZZ"}, {"kind": "castle"}):
        assert client.get(reverse("api:place-list"), params).status_code == 400


# --- queries and schema ------------------------------------------------------------------


@pytest.mark.parametrize("basename", ["zone", "route", "place"])
def test_lists_take_a_fixed_number_of_queries(
    mapping, countries, client_for, django_assert_max_num_queries, basename
):
    client = client_for("regional_admin")
    url = reverse(f"api:{basename}-list")
    client.get(url)
    with django_assert_max_num_queries(12) as first:
        feature_collection(client.get(url))
    for n in range(10):
        make_zone(countries["HN"], f"Zona {n}", geometry=square(-87.2 + n / 100, 14.1))
        make_zone(countries["SV"], f"Área {n}", shape="area", area=AdminArea.objects.first())
        make_route(countries["SV"], f"Ruta {n}", [("Managua", "transit"), ("San José", "transit")])
        Place.objects.create(
            name=f"Lugar {n}", kind="city", country_code="HN", latitude=14, longitude=-87
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        feature_collection(client.get(url))


def test_the_schema_documents_the_geojson_endpoints(client_for):
    response = client_for("anonymous").get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    for path in ("/api/zones/", "/api/routes/", "/api/places/", "/api/zones/{id}/"):
        assert path in schema["paths"]
    components = schema["components"]["schemas"]
    assert "ZoneFeature" in components
    assert "PaginatedZoneFeatureList" in components
    assert components["FeatureTypeEnum"]["enum"] == ["Feature"]


def test_a_zone_point_is_served_as_stored(mapping, countries, client_for):
    zone = make_zone(countries["CR"], "Punto", geometry=point(-84.0907, 9.9281))
    data = client_for("cr_editor").get(reverse("api:zone-detail", args=[zone.pk])).json()
    assert data["geometry"] == {"type": "Point", "coordinates": [-84.0907, 9.9281]}
    assert data["properties"]["area_name"] == "San José"
