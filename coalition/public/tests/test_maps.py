"""The public map: per province or department, how many published zones and their highest
risk, as a page that reads without JavaScript and as GeoJSON for its script; the old
addresses lead to it."""

import json

import pytest
from django.urls import reverse

from coalition.mapping.tests.conftest import build_mapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapping(countries):
    return build_mapping(countries)


def table_rows(text):
    """The rows of the areas' table, as the text of their cells."""
    body = text.split('id="map-areas-table"', 1)[1].split("</tbody>", 1)[0]
    rows = body.split("<tbody>", 1)[1].split("</tr>")[:-1]
    return [" ".join(part.split(">")[-1].strip() for part in row.split("</t")[:-1]) for row in rows]


@pytest.mark.parametrize(
    ("address", "heading"),
    [("/risk-map/", "Mapa de zonas de riesgo"), ("/en/risk-map/", "Map of risk zones")],
)
def test_the_map_page_speaks_the_language_of_its_address(client, mapping, address, heading):
    response = client.get(address)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.text
    config = json.loads(
        response.text.split('id="map-config" type="application/json">')[1].split("<")[0]
    )
    assert config["mode"] == "public"
    assert config["areas"] == address + "areas.geojson"
    assert config["tiles"] == ""  # nothing from another host


def test_the_table_counts_published_zones_per_area_and_names_none(client, mapping):
    text = client.get("/en/risk-map/").text
    rows = table_rows(text)
    # Peñas Blancas and Guanacaste turístico (Guanacaste), Tecún Umán (San Marcos).
    assert rows == ["Costa Rica Guanacaste 2 High", "Guatemala San Marcos 1 High"]
    for zone in mapping["zones"].values():
        assert zone.name not in text
    for route in mapping["routes"].values():
        assert route.name not in text
    assert "Limón" not in text  # its critical zone is not publishable


def test_an_unpublished_zone_never_appears_even_when_asked_for(client, mapping):
    for params in ({}, {"country": "CR"}, {"kind": "exploitation"}, {"q": "Litoral"}):
        text = client.get("/en/risk-map/", params).text
        assert "Litoral de Limón" not in text and "Limón" not in text.split("<main", 1)[1]
        layer = json.loads(client.get("/en/risk-map/areas.geojson", params).content)
        limon = [f for f in layer["features"] if f["properties"]["name"] == "Limón"]
        assert all(f["properties"]["zones"] == 0 for f in limon)


def test_an_edit_counts_only_once_approved(client, mapping):
    zone = mapping["zones"]["cr_border"]
    zone.risk_level = "critical"
    zone.save()  # the working copy: the public map keeps what was approved
    assert "Costa Rica Guanacaste 2 High" in table_rows(client.get("/en/risk-map/?country=CR").text)


def test_the_filters_work_without_javascript(client, mapping):
    assert table_rows(client.get("/en/risk-map/", {"country": "GT"}).text) == [
        "Guatemala San Marcos 1 High"
    ]
    assert table_rows(client.get("/en/risk-map/", {"kind": "vulnerable"}).text) == [
        "Costa Rica Guanacaste 1 Medium"
    ]
    text = client.get("/en/risk-map/", {"exploitation": "forced_labour"}).text
    assert "No published zone matches these filters." in text


def test_a_bad_filter_answers_400_naming_the_field(client, mapping):
    response = client.get("/en/risk-map/", {"year": "soon"})
    assert response.status_code == 400
    assert "Year:" in response.text
    data = client.get("/en/risk-map/areas.geojson", {"country": "XX"})
    assert data.status_code == 400 and "country" in data.json()["fields"]


def test_the_page_says_so_when_nothing_is_published(client, countries):
    text = client.get("/risk-map/").text
    assert "Todavía no se ha publicado ninguna zona." in text


def test_the_layer_is_geojson_of_the_areas_with_counts_only(client, mapping):
    response = client.get("/risk-map/areas.geojson", {"country": "CR"})
    assert response["Content-Type"] == "application/geo+json"
    features = json.loads(response.content)["features"]
    assert {f["properties"]["country"] for f in features} == {"CR"}
    assert sum(f["properties"]["zones"] for f in features) == 2
    assert set(features[0]["properties"]) == {"id", "name", "country", "note", "zones", "max_risk"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/map/public/", "/risk-map/"),
        ("/map/public/?country=GT&kind=transit", "/risk-map/?country=GT&kind=transit"),
        ("/map/public/areas.geojson?year=2024", "/risk-map/areas.geojson?year=2024"),
    ],
)
def test_the_old_addresses_lead_to_the_new_ones_for_good(client, countries, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_the_methodology_leads_an_outsider_back_to_the_public_map(client, countries):
    assert f'href="{reverse("public:map")}"' in client.get(reverse("map-methodology")).text


def test_the_page_takes_a_bounded_number_of_queries(client, mapping, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        assert client.get("/en/risk-map/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/en/risk-map/areas.geojson").status_code == 200
