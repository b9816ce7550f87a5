"""Zones and routes out as KML for Google Earth: zones styled by risk level, routes in
blue, each placemark with a readable description."""

import json
import xml.etree.ElementTree as ET

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from coalition.mapping.choices import (
    RiskLevel,
)
from coalition.mapping.exchange.common import (
    KML_NS,
)
from coalition.mapping.exchange.geojson_export import _exact, _iso, route_feature, zone_feature
from coalition.mapping.models import Route, Zone, country_names

# KML colours are aabbggrr. The risk levels go from green to red, routes are blue.
RISK_COLOURS = {
    RiskLevel.LOW: "2e7d32",
    RiskLevel.MEDIUM: "f9a825",
    RiskLevel.HIGH: "ef6c00",
    RiskLevel.CRITICAL: "c62828",
}
ROUTE_COLOUR = "1565c0"


def _kml_colour(rgb, alpha="ff"):
    return alpha + rgb[4:6] + rgb[2:4] + rgb[0:2]


def _sub(parent, tag, text=None, **attributes):
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = str(text)
    return element


def _kml_style(document, style_id, rgb, fill=True):
    style = _sub(document, "Style", id=style_id)
    icon = _sub(style, "IconStyle")
    _sub(icon, "color", _kml_colour(rgb))
    line = _sub(style, "LineStyle")
    _sub(line, "color", _kml_colour(rgb))
    _sub(line, "width", 2 if fill else 4)
    if fill:
        poly = _sub(style, "PolyStyle")
        _sub(poly, "color", _kml_colour(rgb, "66"))


def _kml_coordinates(positions):
    return " ".join(f"{p[0]},{p[1]}" for p in positions)


def _kml_polygon(parent, rings):
    polygon = _sub(parent, "Polygon")
    outer = _sub(_sub(polygon, "outerBoundaryIs"), "LinearRing")
    _sub(outer, "coordinates", _kml_coordinates(rings[0]))
    for hole in rings[1:]:
        inner = _sub(_sub(polygon, "innerBoundaryIs"), "LinearRing")
        _sub(inner, "coordinates", _kml_coordinates(hole))


def _kml_geometry(placemark, value):
    if not value:
        return
    kind, coordinates = value.get("type"), value.get("coordinates")
    if kind == "Point":
        _sub(_sub(placemark, "Point"), "coordinates", _kml_coordinates([coordinates]))
    elif kind == "LineString":
        line = _sub(placemark, "LineString")
        _sub(line, "tessellate", 1)
        _sub(line, "coordinates", _kml_coordinates(coordinates))
    elif kind == "Polygon":
        _kml_polygon(placemark, coordinates)
    elif kind == "MultiPolygon":
        multi = _sub(placemark, "MultiGeometry")
        for rings in coordinates:
            _kml_polygon(multi, rings)


def _kml_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        return "; ".join(str(item) for item in value)
    return str(value)


def _label(model, name):
    return capfirst(str(model._meta.get_field(name).verbose_name))


def _zone_description(zone):
    lines = [
        f"{_label(Zone, 'kind')}: {zone.get_kind_display()}",
        f"{_label(Zone, 'risk_level')}: {zone.get_risk_level_display()}",
        f"{_label(Zone, 'country')}: {zone.country.name}",
    ]
    if zone.area is not None:
        lines.append(f"{_label(Zone, 'area')}: {zone.area.name}")
    lines.append(f"{capfirst(_('observed'))}: {zone.period_label}")
    for name, values in (
        ("exploitation_forms", zone.exploitation_labels()),
        ("social_factors", zone.social_factor_labels()),
        ("populations", zone.population_labels()),
    ):
        if values:
            lines.append(f"{_label(Zone, name)}: {', '.join(str(v) for v in values)}")
    lines.append(f"{_label(Zone, 'confidence')}: {zone.get_confidence_display()}")
    if zone.sources:
        lines.append(f"{_label(Zone, 'sources')}: {zone.sources}")
    if zone.description:
        lines += ["", zone.description]
    return "\n".join(lines)


def _route_description(route, names, exact):
    stops = [
        f"{stop.place.name} ({stop.get_stage_display()})"
        for stop in sorted(route.stops.all(), key=lambda s: s.position)
    ]
    lines = [
        f"{_label(Route, 'country')}: {route.country.name}",
        f"{capfirst(_('stops'))}: {' → '.join(stops)}",
        f"{capfirst(_('observed'))}: {route.period_label}",
    ]
    if route.countries_crossed:
        crossed = ", ".join(route.countries_crossed_names(names))
        lines.append(f"{_label(Route, 'countries_crossed')}: {crossed}")
    for name, values in (
        ("transport_modes", route.transport_labels()),
        ("exploitation_forms", route.exploitation_labels()),
    ):
        if values:
            lines.append(f"{_label(Route, name)}: {', '.join(str(v) for v in values)}")
    profile = route.victim_profile(exact)
    if profile:
        counts = ", ".join(f"{label}: {count}" for label, count in profile)
        lines.append(f"{capfirst(_('victims (aggregate counts)'))}: {counts}")
    lines.append(f"{_label(Route, 'confidence')}: {route.get_confidence_display()}")
    if route.sources:
        lines.append(f"{_label(Route, 'sources')}: {route.sources}")
    if route.description:
        lines += ["", route.description]
    return "\n".join(lines)


def _kml_placemark(folder, feature, style, description, time_span):
    props = feature["properties"]
    placemark = _sub(folder, "Placemark", id=feature["id"])
    _sub(placemark, "name", props["name"])
    _sub(placemark, "description", description)
    start, end = time_span
    if start or end:
        span = _sub(placemark, "TimeSpan")
        if start:
            _sub(span, "begin", start)
        if end:
            _sub(span, "end", end)
    _sub(placemark, "styleUrl", f"#{style}")
    data = _sub(placemark, "ExtendedData")
    for key, value in props.items():
        if key == "victims":
            for name, count in value.items():
                item = _sub(data, "Data", name=f"victims_{name}")
                _sub(item, "value", _kml_value(count))
            continue
        _sub(_sub(data, "Data", name=key), "value", _kml_value(value))
    _kml_geometry(placemark, feature["geometry"])


def export_kml(zones, routes, title=None, sees_exact=None):
    """A KML document (UTF-8 bytes): a folder of zones styled by risk level and one of
    routes, each placemark with a readable description and the GeoJSON's properties.
    ``sees_exact`` as in ``export_geojson``."""
    root = ET.Element("kml", xmlns=KML_NS)
    document = _sub(root, "Document")
    _sub(document, "name", title or _("Coalition map"))
    for level, rgb in RISK_COLOURS.items():
        _kml_style(document, f"risk-{level}", rgb)
    _kml_style(document, "route", ROUTE_COLOUR, fill=False)
    zone_folder = _sub(document, "Folder")
    _sub(zone_folder, "name", _("Zones"))
    for zone in zones:
        feature = zone_feature(zone)
        _kml_placemark(
            zone_folder,
            feature,
            f"risk-{zone.risk_level}",
            _zone_description(zone),
            (_iso(zone.period_start), _iso(zone.period_end)),
        )
    route_folder = _sub(document, "Folder")
    _sub(route_folder, "name", _("Routes"))
    names = country_names()  # once, not per route
    for route in routes:
        exact = _exact(sees_exact, route)
        _kml_placemark(
            route_folder,
            route_feature(route, exact),
            "route",
            _route_description(route, names, exact),
            (_iso(route.period_start), _iso(route.period_end)),
        )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
