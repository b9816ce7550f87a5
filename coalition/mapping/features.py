"""GeoJSON FeatureCollections of the map, built fast.

The map page asks for every zone and route a user may see at once (thousands of them), so
the body is assembled as text: geometries are stored as GeoJSON already
(``mapping.geometry.check`` is the only way in), so they are pasted in as they are, never
parsed and dumped again. The rest of each row comes from ``values_list``; its
``properties`` are written from fragments encoded once per call (a kind with its label, a
country with its name, a period, a set of forms of exploitation), and only free text
(names) is escaped row by row, with the json module's own string encoder. Labels follow
the active language; the stops of all routes come in one query, so the number of queries
does not grow with the rows. ``tests/test_data.py`` checks the result against the contract
by parsing it.

The administrative areas' layer works the same way: their boundaries are pasted in from
the database on every call (a few hundred kilobytes at most, so no cache can serve a note
that was just corrected), and the zones in each area are counted in one aggregate query.
"""

import json
from json.encoder import encode_basestring

from django.db.models import Case, Count, Exists, IntegerField, Max, Q, Value, When
from django.urls import reverse
from django.utils.translation import get_language

from coalition.core.models import Country
from coalition.mapping.choices import (
    RISK_ORDER,
    ExploitationForm,
    RiskLevel,
    Shape,
    Stage,
    ZoneKind,
)
from coalition.mapping.models import AdminArea, RouteStop

GEOJSON = "application/geo+json"
RISK_BY_RANK = {rank: code for code, rank in RISK_ORDER.items()}

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _text(value):
    """A JSON string, or null."""
    return "null" if value is None else encode_basestring(value)


class _Fragments(dict):
    """Encoded JSON fragments by key, each built once (``make(key)``) on first use."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value


def _coded(choices, key, label_key):
    """Fragments ``"key":"code","label_key":"Label"`` of a TextChoices class by code, in
    the active language (an unknown code is its own label)."""
    labels = {code: str(label) for code, label in choices.choices}
    return _Fragments(
        lambda code: f'"{key}":{_text(code)},"{label_key}":{_text(labels.get(code, code))}'
    )


def _url_maker(name):
    """A function pk -> reverse(name, args=[pk]) as a JSON string, reversing only once."""
    marker = "2147483647"
    prefix, _sep, suffix = reverse(name, args=[int(marker)]).rpartition(marker)
    prefix, suffix = _text(prefix)[:-1], _text(suffix)[1:]
    return lambda pk: f"{prefix}{pk}{suffix}"


def _month(day):
    return f"{day.year:04d}-{day.month:02d}"


def _periods():
    """A function (start, end) -> ``Observed.period_label`` as a JSON string, without an
    instance; each month is formatted once."""
    months = _Fragments(lambda day: _month(day) if day else None)

    def period(start, end):
        return f'"{months[start] or ""} – {months[end] or "…"}"'

    return period


def countries_by_id():
    """{country id: (ISO code, name in the active language)}, in one query."""
    english = (get_language() or "es").startswith("en")
    return {
        pk: (iso2, name_en if english else name_es)
        for pk, iso2, name_es, name_en in Country.objects.values_list(
            "pk", "iso2", "name_es", "name_en"
        )
    }


def _owners(countries):
    """Fragments ``"country":"CR","country_name":"Costa Rica"`` by country id."""
    return _Fragments(
        lambda pk: '"country":{},"country_name":{}'.format(
            *(_text(part) for part in countries.get(pk, ("", "")))
        )
    )


def collection(features, **members):
    """A FeatureCollection's text from feature texts, with foreign ``members`` first."""
    head = "".join(f"{_dumps(key)}:{_dumps(value)}," for key, value in members.items())
    return '{"type":"FeatureCollection",' + head + '"features":[' + ",".join(features) + "]}"


# --- zones and routes --------------------------------------------------------------------


def zone_features(queryset, countries=None):
    """The text of one Feature per zone of ``queryset`` (already restricted and filtered).

    Properties: record, id, name, kind, kind_label, risk_level, risk_label, shape,
    country, country_name, area_id, area, publishable, period, url. A whole-area zone has
    no geometry: the map draws its area's.
    """
    owners = _owners(countries if countries is not None else countries_by_id())
    kinds = _coded(ZoneKind, "kind", "kind_label")
    risks = _coded(RiskLevel, "risk_level", "risk_label")
    shapes = _Fragments(_text)
    periods = _periods()
    url = _url_maker("zone-detail")
    area_shape = Shape.AREA.value
    features = []
    rows = queryset.values_list(
        "pk", "name", "kind", "risk_level", "shape", "country_id", "area_id", "area__name",
        "publishable", "period_start", "period_end", "geometry",
    )  # fmt: skip
    for row in rows:
        pk, name, kind, risk, shape, country_id, area_id, area_name, public, start, end, geom = row
        geometry = "null" if shape == area_shape or not geom else geom
        features.append(
            f'{{"type":"Feature","id":"zone-{pk}","geometry":{geometry},"properties":{{'
            f'"record":"zone","id":{pk},"name":{_text(name)},{kinds[kind]},'
            f'{risks[risk]},"shape":{shapes[shape]},'
            f'{owners[country_id]},"area_id":{"null" if area_id is None else area_id},'
            f'"area":{_text(area_name)},"publishable":{"true" if public else "false"},'
            f'"period":{periods(start, end)},"url":{url(pk)}}}}}'
        )
    return features


def _stops_by_route(queryset):
    """{route id: text of its stops' list} of the routes of ``queryset``, in one query:
    ``[{"name", "stage", "stage_label"}, ...]`` in order."""
    stages = _coded(Stage, "stage", "stage_label")
    stops = {}
    rows = (
        RouteStop.objects.filter(route__in=queryset.order_by().values("pk"))
        .order_by("route_id", "position")
        .values_list("route_id", "place__name", "stage")
    )
    for route_id, name, stage in rows:
        stops.setdefault(route_id, []).append(f'{{"name":{_text(name)},{stages[stage]}}}')
    return {route_id: "[" + ",".join(items) + "]" for route_id, items in stops.items()}


def route_features(queryset, countries=None):
    """The text of one Feature per route of ``queryset`` (already restricted and filtered).

    Properties: record, id, name, country, country_name, countries (crossed, in order),
    stops, exploitation_forms, exploitation_labels, period, url. A route of fewer than two
    stops has no line.
    """
    owners = _owners(countries if countries is not None else countries_by_id())
    labels = {code: str(label) for code, label in ExploitationForm.choices}
    forms = _Fragments(
        lambda codes: (
            f'"exploitation_forms":{_dumps(list(codes))},'
            f'"exploitation_labels":{_dumps([labels.get(code, code) for code in codes])}'
        )
    )
    crossings = _Fragments(lambda codes: _dumps(list(codes)))
    periods = _periods()
    url = _url_maker("route-detail")
    stops = _stops_by_route(queryset)
    features = []
    rows = queryset.values_list(
        "pk", "name", "country_id", "countries_crossed", "exploitation_forms",
        "period_start", "period_end", "geometry",
    )  # fmt: skip
    for pk, name, country_id, crossed, exploitation, start, end, geom in rows:
        features.append(
            f'{{"type":"Feature","id":"route-{pk}","geometry":{geom or "null"},"properties":{{'
            f'"record":"route","id":{pk},"name":{_text(name)},{owners[country_id]},'
            f'"countries":{crossings[tuple(crossed or ())]},"stops":{stops.get(pk, "[]")},'
            f'{forms[tuple(exploitation or ())]},"period":{periods(start, end)},'
            f'"url":{url(pk)}}}}}'
        )
    return features


# --- administrative areas ----------------------------------------------------------------


def area_counts(zones):
    """{area id: (number of zones, highest risk code)} of the zones of ``zones`` that lie in
    an area, in one aggregate query."""
    rank = Case(
        *[When(risk_level=code, then=Value(value)) for code, value in RISK_ORDER.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        zones.order_by()
        .filter(area__isnull=False)
        .values("area_id")
        .annotate(zones=Count("pk"), top=Max(rank))
        .values_list("area_id", "zones", "top")
    )
    return {area_id: (count, RISK_BY_RANK.get(top)) for area_id, count, top in rows}


def published_area_counts(zones):
    """``area_counts`` of zones already in memory (the approved versions the public map
    counts, from ``filters.published_zones``)."""
    ranks = {}
    for zone in zones:
        if zone.area_id is None:
            continue
        count, top = ranks.get(zone.area_id, (0, 0))
        ranks[zone.area_id] = (count + 1, max(top, RISK_ORDER.get(zone.risk_level, 0)))
    return {area_id: (count, RISK_BY_RANK.get(top)) for area_id, (count, top) in ranks.items()}


def area_features(areas, counts):
    """The text of one Feature per area of ``areas`` that has a boundary, with the number
    of zones in it and their highest risk level (``counts``, from ``area_counts``)."""
    features = []
    rows = (
        areas.exclude(geometry="")
        .order_by("country__iso2", "name")
        .values_list("pk", "name", "country__iso2", "note", "geometry")
    )
    for pk, name, iso2, note, geom in rows:
        count, top = counts.get(pk, (0, None))
        properties = {
            "id": pk,
            "name": name,
            "country": iso2,
            "note": note,
            "zones": count,
            "max_risk": top,
        }
        features.append(
            f'{{"type":"Feature","id":"area-{pk}","geometry":{geom},'
            f'"properties":{_dumps(properties)}}}'
        )
    return features


def areas_of(code=""):
    """The areas of the country with ISO code ``code``, or of every member when ``code`` is
    empty or names the regional level (whose zones lie in the members' areas)."""
    areas = AdminArea.objects.all()
    if code:
        regional = Exists(Country.objects.filter(iso2=code, is_regional=True))
        areas = areas.filter(Q(country__iso2=code) | Q(regional))
    return areas
