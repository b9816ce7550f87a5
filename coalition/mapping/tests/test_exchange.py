"""Reading, checking and writing GeoJSON files of zones and routes, and the GeoJSON and
KML exports (``mapping.exchange``)."""

import datetime
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from coalition.mapping import exchange
from coalition.mapping.choices import RiskLevel, Shape
from coalition.mapping.exchange import export, geojson_export, kml, reader
from coalition.mapping.exchange.common import GeoJSONError
from coalition.mapping.exchange.importing import import_geojson
from coalition.mapping.models import AdminArea, Route, RouteStop, Zone
from coalition.mapping.tests.conftest import make_zone

KML = "{http://www.opengis.net/kml/2.2}"
EXAMPLE = Path(exchange.__file__).parent.parent / "data" / "example-import.geojson"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def polygon(*ring):
    return {"type": "Polygon", "coordinates": [list(ring)]}


def zone(geometry=None, **properties):
    props = {
        "record": "zone",
        "name": "Terminal de buses",
        "country": "CR",
        "kind": "risk",
        "risk_level": "high",
        "period_start": "2024-01-01",
    }
    props.update(properties)
    if geometry is None:
        geometry = {"type": "Point", "coordinates": [-84.08, 9.93]}
    return {"type": "Feature", "geometry": geometry, "properties": props}


def route(**properties):
    props = {
        "record": "route",
        "name": "Managua – San José",
        "country": "CR",
        "stops": [
            {"place": "Managua", "stage": "recruitment"},
            {"place": "Peñas Blancas", "stage": "transit"},
            {"place": "San José", "country": "CR", "stage": "exploitation"},
        ],
        "period_start": "2024",
    }
    props.update(properties)
    return {"type": "Feature", "geometry": None, "properties": props}


def problems_of(content, user=None, **options):
    with pytest.raises(GeoJSONError) as caught:
        import_geojson(content, "map.geojson", user=user, **options)
    return [str(problem) for problem in caught.value.problems]


def counts():
    return Zone.objects.count(), Route.objects.count(), RouteStop.objects.count()


def test_the_example_file_imports_two_zones_and_a_route(mapping, personas):
    content = EXAMPLE.read_bytes()
    before = counts()
    result = import_geojson(content, "example-import.geojson", user=personas["cr_editor"])
    assert (result.zones_created, result.routes_created) == (2, 1)
    assert counts() == (before[0] + 2, before[1] + 1, before[2] + 3)
    area_zone = Zone.objects.get(name__startswith="Ejemplo: provincia")
    assert area_zone.shape == Shape.AREA
    assert area_zone.area == AdminArea.objects.get(name="Guanacaste")
    assert area_zone.created_by == personas["cr_editor"]
    polygon_zone = Zone.objects.get(name__startswith="Ejemplo: muelle")
    assert polygon_zone.shape == Shape.POLYGON
    assert polygon_zone.area.name == "Puntarenas"  # computed from the geometry
    assert polygon_zone.period_start == datetime.date(2024, 1, 1)
    assert polygon_zone.period_end == datetime.date(2024, 12, 31)
    new_route = Route.objects.get(name__startswith="Ejemplo")
    assert [s.place.name for s in new_route.stops.order_by("position")] == [
        "Managua",
        "Peñas Blancas",
        "Liberia",
    ]
    assert new_route.countries_crossed == ["NI", "CR"]
    assert json.loads(new_route.geometry)["type"] == "LineString"
    assert (new_route.victims_women, new_route.victims_girls) == (4, None)
    entry = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert entry.after["zones_created"] == 2 and entry.after["routes_created"] == 1
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="mapping.zone").count()


def test_invalid_json_is_one_problem_with_its_line_and_column(mapping):
    problems = problems_of(b'{"type": "FeatureCollection",\n "features": [\n  {"type": }\n]}')
    assert len(problems) == 1
    assert "not valid JSON" in problems[0] and "line 3, column 12" in problems[0]


@pytest.mark.parametrize(
    "content",
    [
        b'{"type": "Feature", "geometry": null, "properties": {}}',
        b"[1, 2]",
        b'{"type": "FeatureCollection", "features": {}}',
        b"",
        b"\xff\xfe{}",
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "x": NaN}]}',
    ],
)
def test_a_file_that_is_no_feature_collection_is_refused_whole(mapping, content):
    problems = problems_of(content)
    assert len(problems) == 1
    assert not problems[0].startswith("feature ")


def test_a_malformed_file_names_every_problem_and_writes_nothing(mapping, personas):
    bow_tie = polygon([-84.2, 9.8], [-84.0, 10.0], [-84.0, 9.8], [-84.2, 10.0], [-84.2, 9.8])
    features = [
        zone(name="Sin problemas"),
        zone(geometry=bow_tie),
        zone(geometry={"type": "Point", "coordinates": [-84.0, 95]}),
        zone(geometry={"type": "Polygon", "coordinates": []}),
        zone(geometry={"type": "LineString", "coordinates": [[-84.0, 9.9], [-84.1, 9.9]]}),
        route(
            stops=[
                {"place": "Managua", "stage": "recruitment"},
                {"place": "Atlantis", "stage": "transit"},
            ]
        ),
        zone(risk_level="extreme"),
        zone(name=None),
        zone(country="GT"),
        route(name="Sin problemas"),
    ]
    before = counts()
    problems = problems_of(collection(*features), user=personas["cr_editor"])
    text = "\n".join(problems)
    assert "feature 2, geometry: is not a valid Polygon: the boundary crosses itself near" in text
    assert "feature 3, geometry: position [-84.0, 95] is out of range" in text
    assert "feature 4, geometry: is empty: it has no coordinates." in text
    assert "feature 5, geometry: type «LineString» is not accepted here" in text
    assert (
        'feature 6, property "stops": stop 2: «Atlantis» is not a place in the gazetteer.' in text
    )
    assert (
        'feature 7, property "risk_level": «extreme» is not a risk level '
        "(low, medium, high, critical)." in problems
    )
    assert 'feature 8, property "name": is required.' in problems
    assert 'feature 9, property "country": you may not write map data of Guatemala.' in problems
    assert not any(p.startswith(("feature 1,", "feature 1:", "feature 10")) for p in problems)
    assert [p.split(",")[0] for p in problems] == sorted(
        (p.split(",")[0] for p in problems), key=lambda s: int(s.split()[1])
    )
    assert counts() == before
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_one_feature_with_several_mistakes_lists_each(mapping):
    feature = zone(
        kind="volcano",
        risk_level=None,
        social_factors=["poverty", "boredom"],
        period_start="01/03/2024",
        period_end="2023",
        publishable="perhaps",
        publishible=True,
    )
    problems = problems_of(collection(feature))
    assert 'feature 1, property "kind": «volcano» is not a kind of zone' in problems[0]
    text = "\n".join(problems)
    assert 'property "risk_level": is required: low, medium, high, critical.' in text
    assert 'property "social_factors": «boredom» is not a social factor' in text
    assert 'property "period_start": «01/03/2024» is not a date' in text
    assert 'property "publishable": «perhaps» is not true or false.' in text
    assert (
        'property "publishible": is not a property of a zone; did you mean “publishable”?' in text
    )


def test_route_mistakes_name_the_stop_and_refuse_anything_but_counts(mapping):
    feature = route(
        stops=[{"place": "Managua", "stage": "kidnapping"}, {"stage": "transit"}],
        victims={"women": -1, "names": "Ana"},
        risk_level="high",
    )
    feature["geometry"] = {"type": "Point", "coordinates": [-84.0, 9.9]}
    problems = problems_of(collection(feature))
    text = "\n".join(problems)
    assert 'property "stops": stop 1: «kidnapping» is not a stage' in text
    assert 'property "stops": stop 2: the place is required' in text
    assert 'property "victims": women: «-1» is not a whole number of 0 or more.' in text
    assert 'property "victims": «names» is not a count' in text
    assert 'property "risk_level": is not a property of a route.' in text
    assert "feature 1, geometry: type «Point» is not accepted here; use LineString." in text


def test_choice_values_may_be_english_labels_in_any_case(mapping):
    feature = zone(
        kind="Border crossing",
        risk_level="CRITICAL",
        exploitation_forms="Sexual exploitation; forced_labour",
        confidence="High",
        populations=["Migrants"],
    )
    import_geojson(collection(feature), "map.geojson")
    created = Zone.objects.get(name="Terminal de buses")
    assert (created.kind, created.risk_level, created.confidence) == ("border", "critical", "high")
    assert created.exploitation_forms == ["sexual", "forced_labour"]
    assert created.populations == ["migrants"]


def test_an_area_is_matched_without_accents_and_a_wrong_one_gets_a_suggestion(mapping):
    # ``zone()`` puts a point when geometry is None: an area zone's is set to None here.
    feature = zone(area="limon", name="Provincia de Limón")
    feature["geometry"] = None
    import_geojson(collection(feature), "m.geojson")
    created = Zone.objects.get(name="Provincia de Limón")
    assert (created.shape, created.area.name) == (Shape.AREA, "Limón")
    wrong = zone(area="Guanacastle")
    wrong["geometry"] = None
    problems = problems_of(collection(wrong))
    assert problems == [
        'feature 1, property "area": «Guanacastle» is not an administrative area of '
        "Costa Rica. Did you mean «Guanacaste»?"
    ]
    neither = zone()
    neither["geometry"] = None
    assert problems_of(collection(neither))[0].startswith("feature 1, geometry: is missing")


def test_ids_update_what_the_user_may_change_and_nothing_else(mapping, personas):
    cr_zone, gt_zone = mapping["zones"]["cr_border"], mapping["zones"]["gt_border"]
    problems = problems_of(
        collection(
            zone(name="Otra", id=f"zone-{gt_zone.pk}") | {"id": f"zone-{gt_zone.pk}"},
            zone() | {"id": "zone-999999"},
            zone() | {"id": f"route-{mapping['routes']['cr'].pk}"},
            zone() | {"id": 12},
            zone() | {"id": f"zone-{cr_zone.pk}"},
            zone() | {"id": f"zone-{cr_zone.pk}"},
        ),
        user=personas["cr_editor"],
    )
    text = "\n".join(problems)
    assert f'feature 1, "id": there is no zone {gt_zone.pk} that you may change' in text
    assert 'feature 2, "id": there is no zone 999999 that you may change' in text
    assert 'feature 3, "id": «route-' in text and "names a route" in text
    assert 'feature 4, "id": «12» is not a Coalition id' in text
    assert f'feature 6, "id": «zone-{cr_zone.pk}» is also the id of feature 5.' in text
    assert Zone.objects.get(pk=gt_zone.pk).name == "Tecún Umán"

    result = import_geojson(
        collection(zone(name="Peñas Blancas, renombrado") | {"id": f"zone-{cr_zone.pk}"}),
        "m.geojson",
        user=personas["cr_editor"],
    )
    assert (result.zones_created, result.zones_updated) == (0, 1)
    cr_zone.refresh_from_db()
    assert cr_zone.name == "Peñas Blancas, renombrado"
    assert AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_id=str(cr_zone.pk), object_type="mapping.zone"
    ).exists()


def test_a_contributor_imports_only_into_its_own_country(mapping, personas):
    contributor = personas["cr_contributor"]
    problems = problems_of(collection(zone(), zone(country="XR")), user=contributor)
    assert problems == [
        'feature 2, property "country": you may not write map data of the regional level.'
    ]
    result = import_geojson(collection(zone()), "m.geojson", user=contributor)
    assert result.zones_created == 1
    assert Zone.objects.get(name="Terminal de buses").created_by == contributor


def test_export_then_import_changes_nothing(mapping):
    zones, routes = export.export_querysets(Zone.objects.all(), Route.objects.all())
    content = geojson_export.export_geojson(zones, routes)
    before = counts()
    result = import_geojson(content, "export.geojson")
    assert result.summary() == {
        "features": 7,
        "zones_created": 0,
        "zones_updated": 0,
        "zones_unchanged": 5,
        "routes_created": 0,
        "routes_updated": 0,
        "routes_unchanged": 2,
    }
    assert counts() == before
    document = json.loads(content)
    document["features"][0]["properties"]["risk_level"] = "low"
    document["features"][-1]["properties"]["stops"].pop(1)
    result = import_geojson(json.dumps(document), "export.geojson")
    assert (result.zones_updated, result.routes_updated) == (1, 1)
    assert counts() == (before[0], before[1], before[2] - 1)


def test_an_export_of_an_area_zone_carries_the_areas_boundary(mapping):
    feature = geojson_export.zone_feature(mapping["zones"]["cr_area"])
    assert feature["id"] == f"zone-{mapping['zones']['cr_area'].pk}"
    assert feature["properties"]["shape"] == "area"
    assert feature["properties"]["area"] == "Guanacaste"
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    route_feature = geojson_export.route_feature(mapping["routes"]["cr"])
    assert route_feature["properties"]["victims"] == {
        "women": 12,
        "men": None,
        "girls": 3,
        "boys": None,
        "unknown": None,
    }
    assert route_feature["properties"]["countries_crossed"] == ["NI", "CR"]


def test_a_dry_run_checks_and_counts_but_writes_nothing(mapping):
    before = counts()
    result = import_geojson(collection(zone(), route()), "m.geojson", dry_run=True)
    assert (result.zones_created, result.routes_created) == (1, 1)
    assert counts() == before
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_the_limits_are_told(mapping, monkeypatch):
    problems = problems_of(collection(zone(), zone(), zone()), max_features=2)
    assert problems == [
        "The file has 3 features; at most 2 are imported at once. Split it, or ask an "
        "administrator to import it with the import_geojson command (up to 20,000)."
    ]
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    (problem,) = problems_of(collection(zone()))
    assert problem.startswith("The file is larger than")


def test_the_kml_export_is_well_formed_with_a_placemark_per_record(mapping, countries):
    ring = [[-84.3, 9.5], [-84.0, 9.5], [-84.0, 9.8], [-84.3, 9.8], [-84.3, 9.5]]
    hole = [[-84.2, 9.6], [-84.1, 9.6], [-84.1, 9.7], [-84.2, 9.7], [-84.2, 9.6]]
    make_zone(
        countries["CR"],
        "Con un hueco",
        shape=Shape.POLYGON,
        risk_level=RiskLevel.LOW,
        geometry=json.dumps({"type": "Polygon", "coordinates": [ring, hole]}),
    )
    zones, routes = export.export_querysets(Zone.objects.all(), Route.objects.all())
    root = ET.fromstring(kml.export_kml(zones, routes))
    assert root.tag == f"{KML}kml"
    folders = root.findall(f"{KML}Document/{KML}Folder")
    assert [f.findtext(f"{KML}name") for f in folders] == ["Zones", "Routes"]
    zone_marks = folders[0].findall(f"{KML}Placemark")
    route_marks = folders[1].findall(f"{KML}Placemark")
    assert len(zone_marks) == 6 and len(route_marks) == 2
    by_name = {p.findtext(f"{KML}name"): p for p in zone_marks + route_marks}
    holed = by_name["Con un hueco"]
    assert holed.findtext(f"{KML}styleUrl") == "#risk-low"
    assert (
        holed.find(f"{KML}Polygon/{KML}outerBoundaryIs/{KML}LinearRing/{KML}coordinates")
        is not None
    )
    assert len(holed.findall(f"{KML}Polygon/{KML}innerBoundaryIs")) == 1
    point = by_name["Paso fronterizo de Peñas Blancas"]
    assert point.findtext(f"{KML}Point/{KML}coordinates") == "-85.613,11.2136"
    data = {
        d.get("name"): d.findtext(f"{KML}value")
        for d in point.findall(f"{KML}ExtendedData/{KML}Data")
    }
    assert data["risk_level"] == "high" and data["social_factors"] == "border; migration"
    line = by_name["Managua – San José"]
    assert line.findtext(f"{KML}styleUrl") == "#route"
    assert len(line.findtext(f"{KML}LineString/{KML}coordinates").split()) == 3
    route_data = {
        d.get("name"): d.findtext(f"{KML}value")
        for d in line.findall(f"{KML}ExtendedData/{KML}Data")
    }
    assert route_data["victims_women"] == "12"
    assert "Peñas Blancas" in line.findtext(f"{KML}description")
    styles = {s.get("id") for s in root.findall(f"{KML}Document/{KML}Style")}
    assert {"risk-low", "risk-medium", "risk-high", "risk-critical", "route"} <= styles


@pytest.mark.parametrize(
    "feature",
    [
        zone(geometry="not a geometry"),
        zone(geometry={"type": "Polygon", "coordinates": [[1, 2], [3]]}),
        zone(geometry={"type": "MultiPolygon", "coordinates": "x"}),
        zone(name=["a"], country=12, period_start=True, social_factors={"a": 1}),
        route(stops=["Managua", "San José"], victims=[1, 2], transport_modes=7),
        route(stops='[{"place": "Managua"', victims={"women": 1e40}),
        {"type": "Feature", "properties": []},
        {"type": "Feature", "id": {"a": 1}, "properties": {"record": 3}},
    ],
)
def test_hostile_values_are_problems_not_errors(mapping, feature):
    problems = problems_of(collection(feature))
    assert problems and all(p.startswith("feature 1") for p in problems)


def test_json_nested_too_deeply_is_a_problem(mapping):
    assert problems_of(b"[" * 100_000) == ["The file is not valid JSON: it is nested too deeply."]


def test_descriptions_and_sources_longer_than_their_forms_take_are_problems(mapping):
    before = counts()
    feature = zone(description="d" * 3001, sources="s" * 2001)
    text = "\n".join(problems_of(collection(feature, route(description="r" * 3001))))
    assert 'feature 1, property "description": has 3001 characters; at most 3000.' in text
    assert 'feature 1, property "sources": has 2001 characters; at most 2000.' in text
    assert 'feature 2, property "description": has 3001 characters; at most 3000.' in text
    assert counts() == before


def test_a_long_description_keeps_its_paragraphs(mapping):
    import_geojson(collection(zone(description="Primero.\n\nSegundo.")), "map.geojson")
    assert Zone.objects.get(name="Terminal de buses").description == "Primero.\n\nSegundo."
