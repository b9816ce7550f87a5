"""Benchmark of the map's data: 5,000 zones (points, polygons of 10 to 30 vertices and whole
administrative areas) and 1,000 routes of 3 to 6 stops across the eight member countries,
from a fixed random seed, then the median time of the map's GeoJSON (``map-data``) and of
the areas' layer (``map-areas``) for a regional administrator, who sees all of it, and for
the editor of a country (the scoped path). Exits with 1 when a figure misses its target.

Run from the repository root: ``.venv/bin/python bench/routes.py`` (or ``make bench``).
It uses a throwaway SQLite database under /tmp and never touches var/. With ``--postgres``
it uses the database of ``DATABASE_URL`` instead, which must be a throwaway PostgreSQL one:
``bash scripts/with-postgres.sh .venv/bin/python bench/routes.py --postgres`` (as
``make bench`` does); its figures are named ``..._postgresql``.
"""

import datetime
import json
import math
import os
import random
import statistics
import time

import harness

SUFFIX = harness.start(postgres_allowed=True)
WORK = harness.WORK

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from shapely import prepared  # noqa: E402
from shapely.geometry import Point, shape  # noqa: E402

from coalition.core.models import Country  # noqa: E402
from coalition.mapping import gazetteer  # noqa: E402
from coalition.mapping.choices import (  # noqa: E402
    Confidence,
    ExploitationForm,
    RiskLevel,
    Shape,
    SocialFactor,
    Stage,
    TransportMode,
    ZoneKind,
)
from coalition.mapping.models import AdminArea, Place, Route, RouteStop, Zone  # noqa: E402

ZONES = 5_000
ROUTES = 1_000
REQUESTS = 20
WARM_UP = 2
TARGET_MS = 300
SHAPES = [Shape.POINT] * 45 + [Shape.POLYGON] * 35 + [Shape.AREA] * 20
WORDS = [
    "Mercado", "Terminal de buses", "Barrio", "Colonia", "Playa", "Puerto", "Finca",
    "Zona franca", "Carretera", "Paso", "Muelle", "Centro", "Bananera", "Mina", "Cantina",
]  # fmt: skip


def areas_by_country():
    """{country id: [(area id, shape, prepared shape), ...]} of the areas with a boundary."""
    found = {}
    for pk, country_id, text in AdminArea.objects.exclude(geometry="").values_list(
        "pk", "country_id", "geometry"
    ):
        geom = shape(json.loads(text))
        found.setdefault(country_id, []).append((pk, geom, prepared.prep(geom)))
    return found


def point_in(rng, geom, fast):
    """A random point inside an area (its representative point after 30 misses)."""
    west, south, east, north = geom.bounds
    for _ in range(30):
        candidate = Point(rng.uniform(west, east), rng.uniform(south, north))
        if fast.contains(candidate):
            return candidate.x, candidate.y
    inside = geom.representative_point()
    return inside.x, inside.y


def polygon_around(rng, longitude, latitude):
    """A star-shaped ring of 10 to 30 vertices around a point: always a valid polygon."""
    count = rng.randint(10, 30)
    radius = rng.uniform(0.01, 0.08)
    ring = []
    for n in range(count):
        angle = 2 * math.pi * n / count
        reach = radius * rng.uniform(0.5, 1.0)
        ring.append(
            [
                round(longitude + reach * math.cos(angle), 6),
                round(latitude + reach * math.sin(angle), 6),
            ]
        )
    ring.append(ring[0])
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def observed(rng):
    """The fields zones and routes share, at random."""
    start = datetime.date(rng.randint(2015, 2025), rng.randint(1, 12), 1)
    end = None
    if rng.random() < 0.4:
        end = start + datetime.timedelta(days=rng.randint(30, 1500))
    return {
        "exploitation_forms": rng.sample(ExploitationForm.values, rng.randint(1, 2)),
        "confidence": rng.choice(Confidence.values),
        "period_start": start,
        "period_end": end,
        "sources": "Informe de la mesa nacional",
    }


def build_zones(rng, members, areas):
    zones = []
    for n in range(ZONES):
        country = rng.choice(members)
        area_id, geom, fast = rng.choice(areas[country.pk])
        kind = rng.choice(SHAPES)
        longitude, latitude = point_in(rng, geom, fast)
        if kind == Shape.POINT:
            text = json.dumps({"type": "Point", "coordinates": [longitude, latitude]})
        elif kind == Shape.POLYGON:
            text = polygon_around(rng, longitude, latitude)
        else:
            text = ""
        zones.append(
            Zone(
                country=country,
                name=f"{rng.choice(WORDS)} {n}",
                kind=rng.choice(ZoneKind.values),
                risk_level=rng.choice(RiskLevel.values),
                shape=kind,
                geometry=text,
                area_id=area_id,
                social_factors=rng.sample(SocialFactor.values, rng.randint(1, 3)),
                publishable=rng.random() < 0.3,
                **observed(rng),
            )
        )
    Zone.objects.bulk_create(zones, batch_size=1000)


def build_routes(rng, members):
    places = list(Place.objects.all())
    routes = [
        Route(
            country=rng.choice(members),
            name=f"Ruta {n}",
            transport_modes=rng.sample(TransportMode.values, rng.randint(1, 2)),
            victims_women=rng.randint(0, 30),
            **observed(rng),
        )
        for n in range(ROUTES)
    ]
    routes = Route.objects.bulk_create(routes, batch_size=500)
    stops = []
    for route in routes:
        chosen = rng.sample(places, rng.randint(3, 6))
        for position, place in enumerate(chosen, start=1):
            stage = Stage.TRANSIT
            if position == 1:
                stage = Stage.RECRUITMENT
            elif position == len(chosen):
                stage = Stage.EXPLOITATION
            stops.append(RouteStop(route=route, position=position, place=place, stage=stage))
        # What Route.refresh_path computes, without a query per route.
        route.geometry = json.dumps(
            {"type": "LineString", "coordinates": [place.point for place in chosen]}
        )
        route.countries_crossed = list(dict.fromkeys(place.country_code for place in chosen))
    RouteStop.objects.bulk_create(stops, batch_size=2000)
    Route.objects.bulk_update(routes, ["geometry", "countries_crossed"], batch_size=500)


def measure(client, url):
    """(median ms, body size in bytes, queries of one request)."""
    for _ in range(WARM_UP):
        client.get(url)
    times = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(times), len(response.content), len(queries), response


def main():
    call_command("migrate", verbosity=0)
    call_command("load_countries", stdout=open(os.devnull, "w"))  # noqa: SIM115
    gazetteer.load_areas()
    gazetteer.load_places()
    rng = random.Random(20261129)
    started = time.perf_counter()
    members = list(Country.objects.members().active())
    areas = areas_by_country()
    members = [country for country in members if country.pk in areas]
    with transaction.atomic():
        build_zones(rng, members, areas)
        build_routes(rng, members)
    print(
        f"bench: built {Zone.objects.count()} zones and {Route.objects.count()} routes "
        f"({RouteStop.objects.count()} stops) in {len(members)} countries in "
        f"{time.perf_counter() - started:.1f} s ({WORK})"
    )
    for name, user in (
        ("regional_admin", harness.regional_admin()),
        ("country_editor", harness.country_editor("CR")),
    ):
        map_figures(name, harness.signed_in_client(user), everything=name == "regional_admin")


def map_figures(name, client, everything):
    median, size, queries, response = measure(client, reverse("map-data"))
    counts = json.loads(response.content)["counts"]
    if everything:
        assert counts == {"zones": ZONES, "routes": ROUTES}, counts
    harness.figure(f"map_geojson_median_{name}{SUFFIX}", median, "ms", "<", TARGET_MS)
    print(
        f"bench: map_geojson_size_{name}{SUFFIX} {size / 1024:.0f} KiB, {queries} queries "
        f"({counts['zones']} zones, {counts['routes']} routes)"
    )

    median, size, queries, response = measure(client, reverse("map-areas"))
    areas_served = len(json.loads(response.content)["features"])
    harness.figure(f"map_areas_median_{name}{SUFFIX}", median, "ms", "<", TARGET_MS)
    print(
        f"bench: map_areas_size_{name}{SUFFIX} {size / 1024:.0f} KiB, {queries} queries "
        f"({areas_served} areas)"
    )


if __name__ == "__main__":
    harness.run(main)
