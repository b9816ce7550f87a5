"""The demo mapping of ``load_demo``: fictitious zones and routes for every member country
and the regional level, sound geometries inside their country, idempotent, and nothing
that could identify a victim."""

import io
import json
import re

import pytest
from django.core.management import call_command
from shapely.geometry import shape
from shapely.ops import unary_union

from coalition.core.models import AuditEntry, Country
from coalition.events.demo import FIRST_NAMES, SURNAMES
from coalition.mapping import geometry
from coalition.mapping.choices import (
    Confidence,
    ExploitationForm,
    RiskLevel,
    Shape,
    SocialFactor,
    Stage,
    TransportMode,
    ZoneKind,
)
from coalition.mapping.demo import load_demo_mapping
from coalition.mapping.models import AdminArea, Place, Route, RouteStop, Zone

ACTOR = "system:load_demo"
TEXT_FIELDS = ("name", "description", "sources")


def counts():
    return (
        Zone.objects.count(),
        Route.objects.count(),
        RouteStop.objects.count(),
        AdminArea.objects.count(),
        Place.objects.count(),
        AuditEntry.objects.count(),
    )


def country_shapes():
    """Each member country's outline: the union of its areas' boundaries."""
    parts = {}
    for area in AdminArea.objects.exclude(geometry="").select_related("country"):
        parts.setdefault(area.country_id, []).append(shape(json.loads(area.geometry)))
    return {country_id: unary_union(shapes) for country_id, shapes in parts.items()}


@pytest.mark.django_db
def test_demo_mapping_loads_once(countries):
    created = load_demo_mapping(ACTOR)
    zones, routes = Zone.objects.all(), Route.objects.all()
    stops = RouteStop.objects.count()
    gazetteer = AdminArea.objects.count() + Place.objects.count()
    assert created == zones.count() + routes.count() + stops + gazetteer

    before = counts()
    assert load_demo_mapping(ACTOR) == 0
    assert counts() == before

    entries = AuditEntry.objects.filter(action="create", actor_repr=ACTOR)
    assert entries.filter(object_type="mapping.zone").count() == zones.count()
    assert entries.filter(object_type="mapping.route").count() == routes.count()


@pytest.mark.django_db
def test_demo_zones_cover_every_country_with_sound_geometries(countries):
    load_demo_mapping(ACTOR)
    zones = Zone.objects.select_related("country", "area")
    members = Country.objects.members().active()
    for country in members:
        assert 4 <= zones.filter(country=country).count() <= 6, country.iso2
    assert 2 <= zones.filter(country__is_regional=True).count() <= 3

    assert set(zones.values_list("kind", flat=True)) == set(ZoneKind.values)
    assert set(zones.values_list("risk_level", flat=True)) == set(RiskLevel.values)
    assert set(zones.values_list("shape", flat=True)) == set(Shape.values)
    assert set(zones.values_list("confidence", flat=True)) == set(Confidence.values)
    publishable = zones.filter(publishable=True).count()
    assert 0.35 <= publishable / zones.count() <= 0.65
    # The publishable ones are approved for the public map.
    assert zones.filter(published_version__isnull=False).count() == publishable

    outlines = country_shapes()
    for zone in zones:
        assert zone.name.endswith("(demo)"), zone
        assert "ficticio" in zone.sources or "ficticia" in zone.sources, zone
        assert all(line.endswith("(demo)") for line in zone.sources.splitlines()), zone
        assert zone.social_factors and set(zone.social_factors) <= set(SocialFactor.values)
        assert zone.exploitation_forms
        assert set(zone.exploitation_forms) <= set(ExploitationForm.values), zone
        assert zone.populations, zone
        if zone.period_end:
            assert zone.period_start <= zone.period_end, zone
        if zone.shape == Shape.AREA:
            assert zone.geometry == "" and zone.area, zone
            assert zone.area.country_id == zone.country_id, zone
            assert zone.area.geometry, zone
            continue
        text, problems = geometry.check(zone.geometry)
        assert problems == [] and json.loads(text) == json.loads(zone.geometry), zone
        geom = json.loads(zone.geometry)
        assert geom["type"] == ("Point" if zone.shape == Shape.POINT else "Polygon"), zone
        if zone.shape == Shape.POLYGON:
            rings = geom["coordinates"]
            assert len(rings) == 1 and 6 <= len(rings[0]) <= 9, zone  # 5-8 vertices, closed
            assert shape(geom).exterior.is_ccw, zone  # RFC 7946: outer rings counter-clockwise
        if zone.country.is_regional:
            continue
        assert zone.area and zone.area.country_id == zone.country_id, zone
        # Border crossings sit on the line: allow about 2 km.
        assert outlines[zone.country_id].buffer(0.02).contains(shape(geom)), zone


@pytest.mark.django_db
def test_demo_routes_have_stops_lines_and_counts_only(countries):
    load_demo_mapping(ACTOR)
    routes = Route.objects.select_related("country")
    assert 10 <= routes.count() <= 12
    owners = set(routes.values_list("country__iso2", flat=True))
    assert {c.iso2 for c in Country.objects.members().active()} <= owners
    assert routes.filter(country__is_regional=True).exists()
    modes = set()
    for route in routes:
        stops = list(route.stops.select_related("place").order_by("position"))
        assert len(stops) >= 2, route
        assert [s.position for s in stops] == list(range(1, len(stops) + 1)), route
        assert stops[0].stage == Stage.RECRUITMENT and stops[-1].stage == Stage.EXPLOITATION
        line, problems = geometry.check(route.geometry, allowed=("LineString",))
        assert problems == [], route
        assert json.loads(line)["coordinates"] == [
            [round(c, 6) for c in s.place.point] for s in stops
        ], route
        assert len(route.countries_crossed) >= 2, route
        assert route.countries_crossed[0] == stops[0].place.country_code, route
        assert route.transport_modes and set(route.transport_modes) <= set(TransportMode.values)
        modes |= set(route.transport_modes)
        assert set(route.exploitation_forms) <= set(ExploitationForm.values), route
        counted = [getattr(route, f) for f in Route.VICTIM_FIELDS if getattr(route, f)]
        assert counted and all(0 < n < 20 for n in counted), route
        assert route.name.endswith("(demo)"), route
    assert {TransportMode.ROAD, TransportMode.AIR, TransportMode.BOAT} <= modes


@pytest.mark.django_db
def test_demo_mapping_identifies_nobody(countries):
    """Zones and routes describe places and patterns: no person's name, contact or document
    anywhere in their text, and victims only as counts."""
    load_demo_mapping(ACTOR)
    place_words = set()
    for name in [*Place.objects.values_list("name", flat=True)] + [
        *AdminArea.objects.values_list("name", flat=True)
    ]:
        place_words |= set(re.findall(r"\w+", name.lower()))
    people = {w.lower() for n in [*FIRST_NAMES.values()] for f in n for w in f.split()}
    people |= {s.lower() for s in SURNAMES}
    suspects = people - place_words
    for model in (Zone, Route):
        for row in model.objects.values(*TEXT_FIELDS):
            text = " ".join(row.values())
            words = set(re.findall(r"\w+", text.lower()))
            assert not words & suspects, (row["name"], words & suspects)
            assert "@" not in text, row["name"]
            # No phone or document number: once the years are gone, no run of four digits.
            no_years = re.sub(r"\b(?:19|20)\d\d\b", "", text)
            assert not re.search(r"\d(?:[\s-]?\d){3,}", no_years), row["name"]
            for word in ("cédula", "pasaporte n", "dpi", "dui ", "víctima:", "nombre"):
                assert word not in text.lower(), (row["name"], word)
    # The only facts about victims a route holds are counts.
    text_fields = {
        f.name
        for f in Route._meta.concrete_fields
        if f.get_internal_type() in ("CharField", "TextField")
    }
    assert not {f for f in text_fields if "victim" in f}
    assert all(
        Route._meta.get_field(f).get_internal_type() == "PositiveIntegerField"
        for f in Route.VICTIM_FIELDS
    )


@pytest.mark.django_db
def test_load_demo_reports_the_mapping(countries):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo mapping:" in out.getvalue()
    assert "Demo mapping: 0 rows" not in out.getvalue()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Demo mapping: 0 rows created." in out.getvalue()
