"""The map's import page and its GeoJSON and KML export: who may use them, what they
answer, and what they leave in the database and the audit log."""

import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.mapping.io_views import EXAMPLE
from coalition.mapping.models import Route, Zone

KML = "{http://www.opengis.net/kml/2.2}"


pytestmark = pytest.mark.usefixtures("in_english")


def example():
    return EXAMPLE.read_bytes()


def upload(client, content, name="map.geojson", **data):
    return client.post(reverse("map-import"), {"file": SimpleUploadedFile(name, content), **data})


def export(client, **params):
    return client.get(reverse("map-export"), params)


def features_of(response):
    assert response.status_code == 200
    return json.loads(response.content)["features"]


def test_an_editor_imports_the_example_and_is_told_what_changed(mapping, client_for, personas):
    client = client_for("cr_editor")
    page = client.get(reverse("map-import"))
    assert page.status_code == 200
    assert reverse("map-import-example").encode() in page.content
    assert reverse("map-import-format").encode() in page.content
    response = upload(client, example())
    assert response.status_code == 302
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert "2 zones created, 0 updated, 0 unchanged; 1 routes created" in message
    created = Zone.objects.filter(name__startswith="Ejemplo")
    assert created.count() == 2
    assert all(z.created_by == personas["cr_editor"] for z in created)
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.actor == personas["cr_editor"] and entry.after["routes_created"] == 1


def test_a_bad_file_is_answered_400_with_every_problem_and_nothing_recorded(mapping, client_for):
    document = json.loads(example())
    document["features"][0]["properties"]["risk_level"] = "extreme"
    document["features"][1]["properties"]["country"] = "GT"
    document["features"][2]["properties"]["stops"][0]["place"] = "Atlantis"
    before = (Zone.objects.count(), Route.objects.count())
    response = upload(client_for("cr_editor"), json.dumps(document).encode())
    assert response.status_code == 400
    html = response.content.decode()
    assert "3 problems to fix" in html
    assert "«extreme» is not a risk level" in html
    assert "you may not write map data of Guatemala." in html
    assert "stop 1: «Atlantis» is not a place of NI in the gazetteer." in html
    assert 'property "risk_level"' in html.replace("&quot;", '"')
    assert (Zone.objects.count(), Route.objects.count()) == before
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_invalid_json_and_files_that_are_not_geojson_get_400(mapping, client_for):
    client = client_for("cr_editor")
    response = upload(client, b'{"type": "FeatureCollection", "features": [}')
    assert response.status_code == 400
    assert "is not valid JSON" in response.content.decode()
    response = upload(client, b"<kml/>", name="map.kml")
    assert response.status_code == 400
    assert "Choose a GeoJSON file" in response.content.decode()
    assert client.post(reverse("map-import"), {}).status_code == 400


def test_only_checking_the_file_records_nothing(mapping, client_for):
    before = Zone.objects.count()
    response = upload(client_for("cr_editor"), example(), dry_run="on")
    assert response.status_code == 302
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert "nothing was recorded" in message and "2 zones created" in message
    assert Zone.objects.count() == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [("partner", 403), ("auditor", 403), ("anonymous", 302), ("cr_contributor", 200)],
)
def test_who_may_open_the_import_page(mapping, client_for, persona, status):
    response = client_for(persona).get(reverse("map-import"))
    assert response.status_code == status
    if persona == "anonymous":
        assert "login" in response["Location"]


def test_a_country_editors_export_holds_only_what_it_may_see(mapping, client_for):
    response = export(client_for("cr_editor"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="coalition-map-{today:%Y-%m-%d}.geojson"'
    )
    names = {f["properties"]["name"] for f in features_of(response)}
    assert names == {
        "Paso fronterizo de Peñas Blancas",
        "Litoral de Limón",
        "Guanacaste turístico",
        "Golfo de Fonseca",
        "Managua – San José",
    }
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.after["zones"] == 4 and entry.after["routes"] == 1
    assert entry.after["format"] == "geojson"


def test_the_export_follows_the_maps_filters(mapping, client_for):
    client = client_for("regional_admin")
    features = features_of(export(client, risk="critical", record="zone"))
    assert [f["properties"]["name"] for f in features] == ["Litoral de Limón"]
    features = features_of(export(client, country="GT"))
    assert {f["properties"]["name"] for f in features} == {
        "Tecún Umán",
        "Quetzaltenango – Tapachula",
    }
    features = features_of(export(client, record="route", exploitation="forced_labour"))
    assert [f["properties"]["name"] for f in features] == ["Quetzaltenango – Tapachula"]
    assert (
        AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("seq").last().after["record"]
        == "route"
    )
    for bad in ({"format": "shp"}, {"record": "zones"}, {"risk": "extreme"}, {"year": "soon"}):
        assert export(client, **bad).status_code == 400


def test_the_kml_export_is_a_document_of_placemarks(mapping, client_for):
    response = export(client_for("cr_editor"), format="kml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.google-earth.kml+xml"
    assert response["Content-Disposition"].endswith('.kml"')
    root = ET.parse(io.BytesIO(response.content)).getroot()
    names = [p.findtext(f"{KML}name") for p in root.iter(f"{KML}Placemark")]
    assert sorted(names) == sorted(
        [
            "Paso fronterizo de Peñas Blancas",
            "Litoral de Limón",
            "Guanacaste turístico",
            "Golfo de Fonseca",
            "Managua – San José",
        ]
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [("partner", 403), ("auditor", 403), ("cr_contributor", 403), ("anonymous", 302)],
)
def test_who_may_not_export(mapping, client_for, persona, status):
    response = export(client_for(persona))
    assert response.status_code == status
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_export_imports_back_without_duplicates(mapping, client_for):
    client = client_for("cr_editor")
    content = export(client, country="CR").content
    before = (Zone.objects.count(), Route.objects.count())
    response = upload(client, content, name="coalition-map.geojson")
    assert response.status_code == 302
    message = str(next(iter(get_messages(response.wsgi_request))))
    assert "0 zones created, 0 updated, 3 unchanged; 0 routes created, 0 updated, 1 unchanged" in (
        message
    )
    assert (Zone.objects.count(), Route.objects.count()) == before


def test_an_editor_cannot_import_back_another_countrys_export(mapping, client_for):
    content = export(client_for("regional_admin"), country="GT").content
    response = upload(client_for("cr_editor"), content)
    assert response.status_code == 400
    html = response.content.decode()
    assert "there is no zone" in html and "you may not write map data of Guatemala." in html


def test_the_example_and_the_format_reference_are_offered(client_for, personas):
    client = client_for("cr_editor")
    response = client.get(reverse("map-import-example"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content)["type"] == "FeatureCollection"
    response = client.get(reverse("map-import-format"))
    assert response.status_code == 200
    assert "risk_level" in response.content.decode()
    assert client_for("partner").get(reverse("map-import-example")).status_code == 403
