"""The map's GeoJSON (``data_views``): who sees which zones and routes, the filters, the
shape of each Feature, the areas' choropleth, and the public layer, which counts
publishable zones per area and tells nothing else."""

import datetime
import json

import pytest
from django.urls import reverse

from coalition.mapping.choices import RiskLevel, Shape, ZoneKind
from coalition.mapping.models import AdminArea
from coalition.mapping.tests.conftest import make_route, make_zone, point, square

pytestmark = pytest.mark.django_db

ZONE_PROPERTIES = {
    "record", "id", "name", "kind", "kind_label", "risk_level", "risk_label", "shape",
    "country", "country_name", "area_id", "area", "publishable", "period", "url",
}  # fmt: skip
ROUTE_PROPERTIES = {
    "record", "id", "name", "country", "country_name", "countries", "stops",
    "exploitation_forms", "exploitation_labels", "period", "url",
}  # fmt: skip
AREA_PROPERTIES = {"id", "name", "country", "note", "zones", "max_risk"}


def get(client, name, **params):
    return client.get(reverse(name), params)


def collection(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    return data


def names(data, record=None):
    return {
        f["properties"]["name"]
        for f in data["features"]
        if record is None or f["properties"].get("record") == record
    }


def area(data, name):
    (found,) = [f for f in data["features"] if f["properties"]["name"] == name]
    return found["properties"]


# --- map-data: scope ---------------------------------------------------------------------


def test_a_country_editor_sees_its_country_and_the_regional_level(mapping, client_for):
    data = collection(get(client_for("cr_editor"), "map-data"))
    assert names(data, "zone") == {
        "Paso fronterizo de Peñas Blancas",
        "Litoral de Limón",
        "Guanacaste turístico",
        "Golfo de Fonseca",
    }
    assert names(data, "route") == {"Managua – San José"}
    assert data["counts"] == {"zones": 4, "routes": 1}


def test_the_regional_admin_sees_everything(mapping, client_for):
    data = collection(get(client_for("regional_admin"), "map-data"))
    assert data["counts"] == {"zones": 5, "routes": 2}
    assert "Tecún Umán" in names(data, "zone")


def test_a_partner_sees_the_regional_level_only(mapping, client_for):
    data = collection(get(client_for("partner"), "map-data"))
    assert names(data) == {"Golfo de Fonseca"}
    assert data["counts"] == {"zones": 1, "routes": 0}


@pytest.mark.parametrize("name", ["map-data", "map-areas"])
def test_auditors_get_403_and_anonymous_visitors_are_sent_to_sign_in(mapping, client_for, name):
    assert get(client_for("auditor"), name).status_code == 403
    response = get(client_for("anonymous"), name)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["map-data", "map-areas", "public:map-areas"])
def test_the_data_is_read_only(mapping, client_for, name):
    assert client_for("regional_admin").post(reverse(name)).status_code == 405


# --- map-data: features ------------------------------------------------------------------


def test_zone_features_carry_what_the_map_draws(mapping, client_for):
    data = collection(get(client_for("cr_editor"), "map-data", record="zone"))
    by_name = {f["properties"]["name"]: f for f in data["features"]}
    border = by_name["Paso fronterizo de Peñas Blancas"]
    zone = mapping["zones"]["cr_border"]
    assert border["type"] == "Feature"
    assert border["id"] == f"zone-{zone.pk}"
    assert border["geometry"] == {"type": "Point", "coordinates": [-85.613, 11.2136]}
    props = border["properties"]
    assert set(props) == ZONE_PROPERTIES
    assert props["record"] == "zone"
    assert props["id"] == zone.pk
    assert props["kind"] == "border"
    assert props["kind_label"] == str(ZoneKind.BORDER.label)
    assert props["risk_level"] == "high"
    assert props["risk_label"] == str(RiskLevel.HIGH.label)
    assert props["shape"] == "point"
    assert props["country"] == "CR"
    assert props["country_name"] == "Costa Rica"
    assert props["area"] == "Guanacaste"
    assert props["area_id"] == AdminArea.objects.get(name="Guanacaste").pk
    assert props["publishable"] is True
    assert props["period"] == zone.period_label == "2024-01 – …"
    assert props["url"] == reverse("zone-detail", args=[zone.pk])

    assert by_name["Litoral de Limón"]["geometry"]["type"] == "Polygon"
    whole_area = by_name["Guanacaste turístico"]
    assert whole_area["geometry"] is None
    assert whole_area["properties"]["shape"] == Shape.AREA
    assert whole_area["properties"]["area_id"] == props["area_id"]
    assert by_name["Golfo de Fonseca"]["properties"]["country"] == "XR"


def test_route_features_carry_their_line_stops_and_countries(mapping, client_for):
    data = collection(get(client_for("regional_admin"), "map-data", record="route"))
    route = mapping["routes"]["cr"]
    (feature,) = [f for f in data["features"] if f["id"] == f"route-{route.pk}"]
    assert feature["geometry"]["type"] == "LineString"
    assert len(feature["geometry"]["coordinates"]) == 3
    props = feature["properties"]
    assert set(props) == ROUTE_PROPERTIES
    assert props["record"] == "route"
    assert props["country"] == "CR"
    assert props["countries"] == ["NI", "CR"]
    assert [s["name"] for s in props["stops"]] == ["Managua", "Peñas Blancas", "San José"]
    assert [s["stage"] for s in props["stops"]] == ["recruitment", "transit", "exploitation"]
    assert all(s["stage_label"] for s in props["stops"])
    assert props["exploitation_forms"] == ["sexual"]
    assert props["exploitation_labels"] == route.exploitation_labels()
    assert props["period"] == route.period_label
    assert props["url"] == reverse("route-detail", args=[route.pk])


def test_a_route_without_a_line_has_no_geometry(mapping, countries, client_for):
    make_route(countries["CR"], "Sin paradas", [])
    data = collection(get(client_for("cr_editor"), "map-data", record="route"))
    (feature,) = [f for f in data["features"] if f["properties"]["name"] == "Sin paradas"]
    assert feature["geometry"] is None
    assert feature["properties"]["stops"] == []


def test_labels_and_names_follow_the_language(mapping, countries, client_for):
    make_zone(countries["DO"], "Boca Chica", geometry=point(-69.6, 18.45))
    client = client_for("regional_admin")
    for language, expected in (("en", "Dominican Republic"), ("es", "República Dominicana")):
        client.cookies["coalition_language"] = language
        data = collection(get(client, "map-data", record="zone", country="DO"))
        assert [f["properties"]["country_name"] for f in data["features"]] == [expected]


def test_names_are_escaped_whatever_they_hold(mapping, countries, client_for):
    odd = 'Bar "La Esquina" \\ Sur\n\t</script> – ñ'
    make_zone(countries["CR"], odd, geometry=point(-84.1, 9.9))
    make_route(countries["CR"], odd, [("San José", "recruitment"), ("Managua", "exploitation")])
    data = collection(get(client_for("cr_editor"), "map-data"))
    assert [
        f["properties"]["record"] for f in data["features"] if f["properties"]["name"] == odd
    ] == [
        "zone",
        "route",
    ]


# --- map-data: filters -------------------------------------------------------------------


def test_the_country_filter_includes_routes_that_cross_it(mapping, client_for):
    client = client_for("regional_admin")
    data = collection(get(client, "map-data", country="NI"))
    assert names(data, "route") == {"Managua – San José"}
    assert names(data, "zone") == set()
    data = collection(get(client, "map-data", country="GT"))
    assert names(data) == {"Tecún Umán", "Quetzaltenango – Tapachula"}
    data = collection(get(client, "map-data", country="XR"))
    assert names(data) == {"Golfo de Fonseca"}


def test_several_risk_levels_may_be_chosen(mapping, client_for):
    data = collection(get(client_for("regional_admin"), "map-data", risk=["high", "critical"]))
    assert names(data, "zone") == {
        "Paso fronterizo de Peñas Blancas",
        "Litoral de Limón",
        "Tecún Umán",
    }


def test_the_year_keeps_observations_that_overlap_it(mapping, countries, client_for):
    make_zone(
        countries["CR"], "Zona de 2022", geometry=point(-84.1, 9.9),
        period_start=datetime.date(2022, 6, 1), period_end=datetime.date(2023, 3, 31),
    )  # fmt: skip
    client = client_for("cr_editor")
    assert names(collection(get(client, "map-data", year=2023))) == {"Zona de 2022"}
    assert names(collection(get(client, "map-data", year=2021))) == set()
    assert collection(get(client, "map-data", year=2025))["counts"] == {"zones": 4, "routes": 1}


def test_the_form_of_exploitation_filters_zones_and_routes(mapping, client_for):
    data = collection(get(client_for("regional_admin"), "map-data", exploitation="sexual"))
    assert names(data) == {
        "Paso fronterizo de Peñas Blancas",
        "Guanacaste turístico",
        "Managua – San José",
    }


def test_the_kind_filters_zones_and_record_chooses_the_layers(mapping, client_for):
    client = client_for("regional_admin")
    data = collection(get(client, "map-data", kind="border", record="zone"))
    assert names(data) == {"Paso fronterizo de Peñas Blancas"}
    data = collection(get(client, "map-data", record="route"))
    assert data["counts"] == {"zones": 0, "routes": 2}
    assert names(data, "zone") == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "ZZ"}, "country"),
        ({"year": "last"}, "year"),
        ({"year": "99999"}, "year"),
        ({"risk": ["high", "extreme"]}, "risk"),
        ({"exploitation": "piracy"}, "exploitation"),
        ({"kind": "volcano"}, "kind"),
        ({"record": "person"}, "record"),
    ],
)
@pytest.mark.parametrize("name", ["map-data", "map-areas", "public:map-areas"])
def test_an_invalid_filter_answers_400_with_the_reasons(mapping, client_for, params, field, name):
    public_filters = {"country", "exploitation", "year", "kind"}
    if name == "public:map-areas" and field not in public_filters:
        return  # not a filter of the public layer: ignored (see below)
    if name != "map-data" and field == "record":
        return
    response = get(client_for("cr_editor"), name, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"]
    assert field in body["fields"]


def test_map_data_takes_a_fixed_number_of_queries(
    mapping, countries, client_for, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    get(client, "map-data")  # the session and two-factor are settled on the first request
    with django_assert_max_num_queries(12) as first:
        collection(get(client, "map-data"))
    for n in range(20):
        make_zone(countries["HN"], f"Zona {n}", geometry=square(-87.2 + n / 100, 14.1))
        make_route(countries["SV"], f"Ruta {n}", [("Managua", "transit"), ("San José", "transit")])
    with django_assert_max_num_queries(len(first.captured_queries)):
        data = collection(get(client, "map-data"))
    assert data["counts"] == {"zones": 25, "routes": 22}


# --- map-areas ---------------------------------------------------------------------------


def test_areas_count_the_zones_the_user_sees_and_their_highest_risk(mapping, client_for):
    data = collection(get(client_for("cr_editor"), "map-areas"))
    assert all(set(f["properties"]) == AREA_PROPERTIES for f in data["features"])
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in data["features"])
    assert area(data, "Guanacaste") == {
        **area(data, "Guanacaste"),
        "country": "CR",
        "zones": 2,  # the point at Peñas Blancas (high) and the whole-area zone (medium)
        "max_risk": "high",
    }
    assert area(data, "Limón")["zones"] == 1
    assert area(data, "Limón")["max_risk"] == "critical"
    assert area(data, "San José")["zones"] == 0
    assert area(data, "San José")["max_risk"] is None
    # Guatemala's zone is out of the editor's scope; the gulf's polygon, mostly water,
    # counts in the area it overlaps most.
    assert area(data, "Choluteca")["zones"] == 1
    assert sum(f["properties"]["zones"] for f in data["features"]) == 4
    assert all(
        f["properties"]["zones"] == 0
        for f in data["features"]
        if f["properties"]["country"] == "GT"
    )


def regional_zone_in_san_salvador(countries):
    return make_zone(countries["regional"], "Corredor regional", geometry=point(-89.19, 13.69))


def test_areas_take_the_zone_filters(mapping, countries, client_for):
    regional_zone_in_san_salvador(countries)
    client = client_for("regional_admin")
    data = collection(get(client, "map-areas", risk="critical"))
    assert area(data, "Guanacaste")["zones"] == 0
    assert area(data, "Limón")["zones"] == 1
    data = collection(get(client, "map-areas", country="CR"))
    assert {f["properties"]["country"] for f in data["features"]} == {"CR"}
    assert len(data["features"]) == AdminArea.objects.filter(country__iso2="CR").count()
    data = collection(get(client, "map-areas", country="XR"))
    assert len(data["features"]) == AdminArea.objects.exclude(geometry="").count()
    assert sum(f["properties"]["zones"] for f in data["features"]) == 2  # and the gulf's
    assert area(data, "San Salvador")["zones"] == 1


def test_a_partner_sees_regional_zones_counted_only(mapping, countries, client_for):
    regional_zone_in_san_salvador(countries)
    data = collection(get(client_for("partner"), "map-areas"))
    assert sum(f["properties"]["zones"] for f in data["features"]) == 2  # and the gulf's
    assert area(data, "Choluteca")["zones"] == 1
    assert area(data, "San Salvador") == {**area(data, "San Salvador"), "max_risk": "high"}


def test_areas_without_a_boundary_are_left_out_and_notes_are_fresh(mapping, countries, client_for):
    AdminArea.objects.create(country=countries["CR"], name="Isla del Coco")
    guanacaste = AdminArea.objects.get(name="Guanacaste")
    client = client_for("cr_editor")
    data = collection(get(client, "map-areas", country="CR"))
    assert "Isla del Coco" not in names(data)
    guanacaste.note = "Límite de 2019"
    guanacaste.save()
    assert area(collection(get(client, "map-areas")), "Guanacaste")["note"] == "Límite de 2019"


def test_map_areas_takes_a_fixed_number_of_queries(
    mapping, countries, client_for, django_assert_max_num_queries
):
    client = client_for("regional_admin")
    get(client, "map-areas")
    with django_assert_max_num_queries(10) as first:
        collection(get(client, "map-areas"))
    for n in range(10):
        make_zone(countries["HN"], f"Zona {n}", geometry=square(-87.2 + n / 100, 14.1))
    with django_assert_max_num_queries(len(first.captured_queries)):
        collection(get(client, "map-areas"))


# --- public-map-areas --------------------------------------------------------------------


def test_the_public_layer_counts_publishable_zones_only_whoever_asks(mapping, client_for):
    expected = None
    for persona in ("anonymous", "auditor", "partner", "regional_admin"):
        data = collection(get(client_for(persona), "public:map-areas"))
        counts = {f["properties"]["name"]: f["properties"]["zones"] for f in data["features"]}
        expected = expected or counts
        assert counts == expected
    data = collection(get(client_for("anonymous"), "public:map-areas"))
    assert area(data, "Guanacaste")["zones"] == 2
    assert area(data, "Guanacaste")["max_risk"] == "high"
    assert area(data, "Limón")["zones"] == 0  # its critical zone is not publishable
    assert area(data, "Limón")["max_risk"] is None
    # Peñas Blancas, Guanacaste turístico, Tecún Umán; the gulf's polygon is not publishable.
    assert sum(f["properties"]["zones"] for f in data["features"]) == 3


def test_the_public_layer_tells_nothing_about_the_zones_themselves(mapping, client_for):
    response = get(client_for("anonymous"), "public:map-areas")
    data = collection(response)
    assert all(set(f["properties"]) == AREA_PROPERTIES for f in data["features"])
    body = response.content.decode()
    for zone in mapping["zones"].values():
        assert zone.name not in body
    for route in mapping["routes"].values():
        assert route.name not in body
    assert "/map/zones/" not in body
    assert "counts" not in data


def test_the_public_layer_takes_safe_filters_and_ignores_the_others(mapping, client_for):
    client = client_for("anonymous")
    data = collection(get(client, "public:map-areas", kind="vulnerable"))
    assert area(data, "Guanacaste")["zones"] == 1
    data = collection(get(client, "public:map-areas", country="GT"))
    assert {f["properties"]["country"] for f in data["features"]} == {"GT"}
    assert sum(f["properties"]["zones"] for f in data["features"]) == 1
    data = collection(get(client, "public:map-areas", exploitation="forced_begging", year=2024))
    assert sum(f["properties"]["zones"] for f in data["features"]) == 1
    # A name search would single zones out; risk and publishable are not the public's.
    everything = collection(get(client, "public:map-areas"))
    for params in ({"q": "Peñas"}, {"risk": "critical"}, {"publishable": "false"}):
        assert collection(get(client, "public:map-areas", **params)) == everything
