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


def route_properties(route):
    return {
        "record": ROUTE,
        "name": route.name,
        "country": route.country.iso2,
        "stops": route_stops(route),
        "transport_modes": list(route.transport_modes),
        "exploitation_forms": list(route.exploitation_forms),
        "victims": {key: getattr(route, f"victims_{key}") for key in VICTIM_KEYS},
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


def route_feature(route):
    return {
        "type": "Feature",
        "id": f"{ROUTE}-{route.pk}",
        "geometry": json.loads(route.geometry) if route.geometry else None,
        "properties": route_properties(route),
    }


def export_geojson(zones, routes):
    """A FeatureCollection (UTF-8 bytes) of the zones and routes, one feature a line."""
    features = [zone_feature(z) for z in zones] + [route_feature(r) for r in routes]
    lines = [json.dumps(feature, ensure_ascii=False) for feature in features]
    body = ",\n".join(lines)
    return (
        '{"type": "FeatureCollection", "features": [\n' + body + ("\n" if lines else "") + "]}\n"
    ).encode("utf-8")
