"""GeoJSON geometries (RFC 7946: WGS 84, longitude first) checked with shapely, and the
administrative area a geometry lies in.

``check`` is the one gate every geometry passes, from the map's drawing tools, the forms
and the GeoJSON import: it names every problem (wrong type, empty, coordinates out of range,
self-intersecting or otherwise invalid polygons) instead of stopping at the first.
"""

import json
import math
from functools import cache

from django.utils.translation import gettext as _
from shapely import prepared
from shapely.errors import GEOSException
from shapely.geometry import shape
from shapely.validation import explain_validity

ZONE_TYPES = ("Point", "Polygon", "MultiPolygon")
DECIMALS = 6  # about 10 cm: more is noise from drawing tools


def _positions(coordinates, depth):
    """Every position of a coordinates array nested ``depth`` levels deep."""
    if depth == 0:
        yield coordinates
        return
    if not isinstance(coordinates, list):
        raise TypeError
    for item in coordinates:
        yield from _positions(item, depth - 1)


DEPTH = {"Point": 0, "LineString": 1, "Polygon": 2, "MultiPolygon": 3}


def _rounded(coordinates):
    if isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], list):
        return [_rounded(item) for item in coordinates]
    return [round(float(value), DECIMALS) for value in coordinates[:2]]


def check(value, allowed=ZONE_TYPES):
    """(GeoJSON text, []) for a sound geometry, or (None, [problem, ...]).

    ``value`` is a dict or GeoJSON text; ``allowed`` the geometry types accepted.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None, [_("is not valid JSON.")]
    if not isinstance(value, dict):
        return None, [_("must be a GeoJSON geometry object.")]
    kind = value.get("type")
    if kind not in allowed:
        return None, [
            _("type «%(type)s» is not accepted here; use %(allowed)s.")
            % {"type": kind, "allowed": ", ".join(allowed)}
        ]
    coordinates = value.get("coordinates")
    if coordinates in (None, []):
        return None, [_("is empty: it has no coordinates.")]
    problems = []
    try:
        positions = list(_positions(coordinates, DEPTH[kind]))
    except TypeError:
        return None, [_("coordinates are not nested as a %(type)s needs.") % {"type": kind}]
    for position in positions:
        if (
            not isinstance(position, list)
            or len(position) < 2
            or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                for v in position[:2]
            )
        ):
            return None, [_("coordinates must be pairs of numbers [longitude, latitude].")]
        longitude, latitude = position[0], position[1]
        if not -180 <= longitude <= 180 or not -90 <= latitude <= 90:
            problems.append(
                _(
                    "position [%(lon)s, %(lat)s] is out of range (longitude -180 to 180, "
                    "latitude -90 to 90; GeoJSON puts the longitude first)."
                )
                % {"lon": longitude, "lat": latitude}
            )
    if problems:
        return None, problems
    try:
        geom = shape({"type": kind, "coordinates": coordinates})
    except (ValueError, TypeError, GEOSException, IndexError) as error:
        return None, [_("is not a valid %(type)s: %(error)s") % {"type": kind, "error": error}]
    if geom.is_empty:
        return None, [_("is empty: it has no coordinates.")]
    if kind == "LineString" and len(positions) < 2:
        return None, [_("a line needs at least two positions.")]
    if not geom.is_valid:
        return None, [_("is not a valid %(type)s: %(reason)s") % {
            "type": kind, "reason": _reason(explain_validity(geom))
        }]  # fmt: skip
    if kind != "Point" and geom.area == 0 and kind != "LineString":
        return None, [_("is empty: its area is zero.")]
    text = json.dumps({"type": kind, "coordinates": _rounded(coordinates)})
    return text, []


def _reason(explanation):
    """shapely's explanation ("Self-intersection[-84.1 9.9]") in the user's words."""
    name, _sep, where = explanation.partition("[")
    where = where.rstrip("]").strip()
    known = {
        "Self-intersection": _("the boundary crosses itself"),
        "Ring Self-intersection": _("a ring touches itself"),
        "Too few points in geometry component": _("a ring has fewer than four positions"),
        "Hole lies outside shell": _("a hole lies outside its polygon"),
        "Nested shells": _("one polygon lies inside another"),
        "Interior is disconnected": _("a hole cuts the polygon in two"),
        "Duplicate Rings": _("two rings are the same"),
        "Nested holes": _("one hole lies inside another"),
        "Self-intersecting ring": _("a ring crosses itself"),
    }
    reason = str(known.get(name.strip(), name.strip()))
    if where:
        longitude, _space, latitude = where.partition(" ")
        reason += " " + _("near [%(lon)s, %(lat)s]") % {
            "lon": _short(longitude), "lat": _short(latitude)
        }  # fmt: skip
    return reason


def _short(number):
    try:
        return f"{float(number):.5f}".rstrip("0").rstrip(".")
    except ValueError:
        return number


# --- administrative areas ----------------------------------------------------------------


@cache
def _areas():
    """(area id, country id, prepared shape) of every area with a boundary; cached until an
    area changes (``forget_areas``)."""
    from coalition.mapping.models import AdminArea

    result = []
    for pk, country_id, text in AdminArea.objects.exclude(geometry="").values_list(
        "pk", "country_id", "geometry"
    ):
        geom = shape(json.loads(text))
        result.append((pk, country_id, geom, prepared.prep(geom)))
    return result


def forget_areas():
    _areas.cache_clear()


def _candidates(country):
    """The areas a geometry of ``country`` may lie in: its own, or any for the regional
    level and when no country is given."""
    if country is None or getattr(country, "is_regional", False):
        return _areas()
    return [row for row in _areas() if row[1] == country.pk]


def area_id_at(longitude, latitude, country=None):
    """The id of the area containing the point (of ``country`` when one is given and is a
    member), or of the nearest within about 5 km (border crossings and ports sit on the
    edge); None when nothing is that close."""
    from shapely.geometry import Point

    point = Point(longitude, latitude)
    candidates = _candidates(country)
    for pk, _country_id, _geom, fast in candidates:
        if fast.contains(point):
            return pk
    best = min(candidates, key=lambda row: row[2].distance(point), default=None)
    if best is not None and best[2].distance(point) < 0.05:
        return best[0]
    return None


def area_of(geometry_text, country=None):
    """The AdminArea a geometry lies in: for a point, the one containing it (or the nearest
    within about 5 km); for a polygon, the one it overlaps most (a zone drawn over a gulf
    or across a border still counts somewhere), else the one nearest its inner point.
    None when nothing is close."""
    from coalition.mapping.models import AdminArea

    geom = shape(json.loads(geometry_text))
    pk = None if geom.geom_type == "Point" else _most_overlapped(geom, country)
    if pk is None:
        point = geom.representative_point()
        pk = area_id_at(point.x, point.y, country)
    return AdminArea.objects.filter(pk=pk).first() if pk else None


def _most_overlapped(geom, country):
    best, best_area = None, 0.0
    for pk, _country_id, area, fast in _candidates(country):
        if not fast.intersects(geom):
            continue
        overlap = area.intersection(geom).area
        if overlap > best_area:
            best, best_area = pk, overlap
    return best
