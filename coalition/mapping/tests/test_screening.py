"""The free texts of zones and routes (name, description, sources) refuse identifiers of
persons (``lib/screening.py``) on every way in: the pages, the GeoJSON import (in the page
and the command); the API takes no writes, and the admin has no mapping records."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.core.tests.versions import versioned
from coalition.mapping.exchange.importing import import_geojson
from coalition.mapping.models import Route, Zone
from coalition.mapping.tests.test_exchange import collection, problems_of, route, zone
from coalition.mapping.tests.test_views import ROUTE, stops_data, zone_data

pytestmark = pytest.mark.usefixtures("in_english")

PHONE = "5555-1234"
REFUSAL = "This text seems to identify a person: a phone number"


def test_a_zone_whose_description_holds_a_phone_is_refused_and_the_number_not_repeated(
    client_for, countries, mapping
):
    description = f"Bar frente al parque; la encargada atiende al {PHONE}."
    data = zone_data(countries, description=description)
    response = client_for("cr_editor").post(reverse("zone-create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{REFUSAL} (characters 47–55)." in page
    assert page.count(PHONE) == 1  # in the text area, given back to be corrected; not in the error
    assert not Zone.objects.filter(name=data["name"]).exists()


def test_editing_a_zone_screens_its_sources_too(client_for, countries, mapping):
    zone = mapping["zones"]["cr_coast"]
    data = zone_data(countries, sources="Entrevista con Ana, DUI 01234567-8")
    response = client_for("cr_editor").post(
        reverse("zone-update", args=[zone.pk]), versioned(zone, data)
    )
    assert response.status_code == 400
    assert "a Salvadoran DUI number (characters 25–34)" in response.content.decode()
    zone.refresh_from_db()
    assert "DUI" not in zone.sources


def test_a_route_whose_description_holds_a_birth_date_is_refused(client_for, countries, mapping):
    data = {**ROUTE, "country": countries["CR"].pk, "description": "Víctima nacida el 3/5/2010."}
    data.update(stops_data((1, "Tegucigalpa", "recruitment"), (2, "San Salvador", "transit")))
    response = client_for("cr_editor").post(reverse("route-create"), data)
    assert response.status_code == 400
    assert "a full date that looks like a birth date" in response.content.decode()
    assert not Route.objects.filter(name=ROUTE["name"]).exists()


def test_a_route_with_a_legal_note_is_recorded(client_for, countries, mapping):
    note = "Causa 123-2019; 8 años de prisión y multa de Q300,000; sentencia firme el 12/03/2022."
    data = {**ROUTE, "country": countries["CR"].pk, "sources": note}
    data.update(stops_data((1, "Tegucigalpa", "recruitment"), (2, "San Salvador", "transit")))
    response = client_for("cr_editor").post(reverse("route-create"), data)
    assert response.status_code == 302
    assert Route.objects.get(name=ROUTE["name"]).sources == note


def test_the_import_names_the_feature_and_property_and_writes_nothing(mapping):
    before = Zone.objects.count(), Route.objects.count()
    content = collection(
        zone(description="Fuente: informe 2023"),
        zone(name="Casa de Ana", sources="ana.lopez@example.org"),
        route(description=f"Primera línea.\nContacto: {PHONE}"),
    )
    problems = problems_of(content)
    assert problems == [
        'feature 2, property "sources": This text seems to identify a person: an e-mail '
        "address (characters 1–21). Remove it: no person may be identifiable here.",
        'feature 3, property "description": This text seems to identify a person: a phone '
        "number (line 2, characters 11–19). Remove it: no person may be identifiable here.",
    ]
    assert not any(PHONE in problem or "ana.lopez" in problem for problem in problems)
    assert (Zone.objects.count(), Route.objects.count()) == before


def test_the_import_page_answers_400_naming_the_feature(mapping, client_for):
    content = collection(zone(name=f"Bar, tel. {PHONE}"))
    response = client_for("cr_editor").post(
        reverse("map-import"), {"file": SimpleUploadedFile("map.geojson", content)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<td>1</td><td>property &quot;name&quot;</td>" in page
    assert f"{REFUSAL} (characters 11–19)." in page
    assert PHONE not in page
    assert not Zone.objects.filter(name__startswith="Bar, tel.").exists()


def test_a_clean_file_still_imports(mapping):
    import_geojson(collection(zone(sources="Informe SVET 2022, pp. 45-67")), "m.geojson")
    assert Zone.objects.filter(name="Terminal de buses").exists()


@pytest.mark.parametrize("name", ["api:zone-list", "api:route-list"])
def test_the_api_takes_no_writes_that_could_pass_the_screen(client_for, mapping, name):
    body = {"name": "x", "description": f"Llamar al {PHONE}"}
    response = client_for("cr_editor").post(reverse(name), body, content_type="application/json")
    assert response.status_code == 405
