"""Zones and routes out as a GeoJSON FeatureCollection, with the properties the import
reads."""

import json

from coalition.mapping.exchange.common import (
    ROUTE,
    VICTIM_KEYS,
    ZONE,
)


def _area_name(zone):
    if zone.area is None:
        return None
    if zone.area.country_id == zone.country_id:
        return zone.area.name
    return f"{zone.area.name} ({zone.area.country.iso2})"


def _iso(day):
    return day.isoformat() if day else None


def zone_properties(zone):
    return {
        "record": ZONE,
        "name": zone.name,
        "country": zone.country.iso2,
        "kind": zone.kind,
        "risk_level": zone.risk_level,
        "shape": zone.shape,
        "area": _area_name(zone),
        "social_factors": list(zone.social_factors),
        "populations": list(zone.populations),
        "exploitation_forms": list(zone.exploitation_forms),
        "sources": zone.sources,
        "confidence": zone.confidence,
        "period_start": _iso(zone.period_start),
        "period_end": _iso(zone.period_end),
        "publishable": zone.publishable,
        "description": zone.description,
    }


def route_stops(route):
    return [
        {"place": stop.place.name, "country": stop.place.country_code, "stage": stop.stage}
        for stop in sorted(route.stops.all(), key=lambda s: s.position)
    ]


def route_victims(route, exact=True):
    """The victim counts as written out: a number, or for a reader outside the route's
    country the text shown instead of a protected count ("<5", "x"); None when not known."""
    shown = route.shown_victims(exact)
    counts = {}
    for key in VICTIM_KEYS:
        figure = shown.get(f"victims_{key}")
        if figure is None:
            counts[key] = None
        else:
            counts[key] = str(figure) if figure.suppressed else figure.value
    return counts


def _exact(sees_exact, route):
    return sees_exact is None or sees_exact(route.country_id)


def route_properties(route, exact=True):
    return {
        "record": ROUTE,
        "name": route.name,
        "country": route.country.iso2,
        "stops": route_stops(route),
        "transport_modes": list(route.transport_modes),
        "exploitation_forms": list(route.exploitation_forms),
        "victims": route_victims(route, exact),
        "sources": route.sources,
        "confidence": route.confidence,
        "period_start": _iso(route.period_start),
        "period_end": _iso(route.period_end),
        "description": route.description,
        "countries_crossed": list(route.countries_crossed),
    }


def zone_feature(zone):
    return {
        "type": "Feature",
        "id": f"{ZONE}-{zone.pk}",
        "geometry": zone.geojson_geometry(),
        "properties": zone_properties(zone),
    }


def route_feature(route, exact=True):
    return {
        "type": "Feature",
        "id": f"{ROUTE}-{route.pk}",
        "geometry": json.loads(route.geometry) if route.geometry else None,
        "properties": route_properties(route, exact),
    }


def export_geojson(zones, routes, sees_exact=None):
    """A FeatureCollection (UTF-8 bytes) of the zones and routes, one feature a line.

    ``sees_exact(country id)`` says whether the reader sees a route's exact victim counts
    (``access.sees_exact_counts``); None (the operator's command) means everywhere.
    """
    features = [zone_feature(z) for z in zones] + [
        route_feature(r, _exact(sees_exact, r)) for r in routes
    ]
    lines = [json.dumps(feature, ensure_ascii=False) for feature in features]
    body = ",\n".join(lines)
    return (
        '{"type": "FeatureCollection", "features": [\n' + body + ("\n" if lines else "") + "]}\n"
    ).encode("utf-8")
