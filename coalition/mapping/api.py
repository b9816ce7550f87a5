"""REST API of the mapping: zones, routes and the gazetteer's places, read-only, as GeoJSON.

GIS tools (QGIS, a partner's own map) read GeoJSON directly, so a list is a
FeatureCollection (with the page's ``count``, ``next`` and ``previous`` as foreign
members) and one record is a Feature. Zones and routes pass through the access layer like
every other country record; places are the shared gazetteer, which every reader sees.
Whole-area zones carry their area's boundary here, so each Feature stands on its own
(the map's own data, ``data_views``, sends them without it).

Changes go through the pages and the GeoJSON import, where geometries are checked and
every change is audited.
"""

import json

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from coalition.core import access
from coalition.mapping import features
from coalition.mapping.filters import PlaceFilterSet, RouteFilterSet, ZoneFilterSet
from coalition.mapping.models import Place, Route, RouteStop, Zone, country_names

# --- GeoJSON in and around DRF -----------------------------------------------------------

# The values of GeoJSON's "type" members; the two that the schema turns into components are
# named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
FEATURE_TYPES = ["Feature"]
COLLECTION_TYPES = ["FeatureCollection"]
GEOMETRY_TYPES = ["Point", "LineString", "Polygon", "MultiPolygon"]
POINT_TYPES = ["Point"]
POSITION = {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 3}
GEOMETRY_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": "A GeoJSON geometry (RFC 7946: WGS 84, longitude first).",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": GEOMETRY_TYPES},
        "coordinates": {
            "type": "array",
            "description": "A position, or arrays of positions nested as the type needs.",
            "items": {},
        },
    },
}
POINT_SCHEMA = {
    "type": "object",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": POINT_TYPES},
        "coordinates": POSITION,
    },
}


class GeoJSONRenderer(JSONRenderer):
    """The same JSON, for clients that ask for ``application/geo+json``."""

    media_type = features.GEOJSON
    format = "geojson"


class FeatureCollectionPagination(PageNumberPagination):
    """Pages as FeatureCollections: ``count``, ``next`` and ``previous`` are foreign
    members, ``features`` the page's Features."""

    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 5000

    def get_paginated_response(self, data):
        return Response(
            {
                "type": "FeatureCollection",
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "features": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["type", "count", "features"],
            "properties": {
                "type": {"type": "string", "enum": COLLECTION_TYPES},
                "count": {"type": "integer", "example": 123},
                "next": link,
                "previous": link,
                "features": schema,
            },
        }


class FeatureSerializer(serializers.ModelSerializer):
    """A Feature: ``type``, ``id`` (the record's), ``geometry`` and ``properties`` (the
    subclass's ``properties`` serializer, fed the whole record)."""

    type = serializers.SerializerMethodField()
    id = serializers.IntegerField(source="pk", read_only=True)
    geometry = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "enum": FEATURE_TYPES})
    def get_type(self, obj):
        return "Feature"

    @extend_schema_field(GEOMETRY_SCHEMA)
    def get_geometry(self, obj):
        return json.loads(obj.geometry) if obj.geometry else None


def _page_url(serializer, obj):
    request = serializer.context.get("request")
    url = obj.get_absolute_url()
    return request.build_absolute_uri(url) if request else url


def _names(serializer):
    """{ISO code: country name}, read once per response (kept in the context)."""
    names = serializer.context.get("country_names")
    if names is None:
        names = serializer.context["country_names"] = country_names()
    return names


# --- zones -------------------------------------------------------------------------------


class ZonePropertiesSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    risk_label = serializers.CharField(source="get_risk_level_display", read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True, allow_null=True)
    period = serializers.CharField(source="period_label", read_only=True)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Zone
        fields = [
            "name",
            "description",
            "kind",
            "kind_label",
            "risk_level",
            "risk_label",
            "shape",
            "country",
            "country_name",
            "area",
            "area_name",
            "social_factors",
            "populations",
            "exploitation_forms",
            "sources",
            "confidence",
            "period_start",
            "period_end",
            "period",
            "publishable",
            "page",
            "created",
            "updated",
        ]
        read_only_fields = fields

    def get_page(self, zone) -> str:
        return _page_url(self, zone)


class ZoneFeatureSerializer(FeatureSerializer):
    """A zone. A whole-area zone has its area's boundary as its geometry."""

    properties = ZonePropertiesSerializer(source="*", read_only=True)

    class Meta:
        model = Zone
        fields = ["type", "id", "geometry", "properties"]

    @extend_schema_field(GEOMETRY_SCHEMA)
    def get_geometry(self, zone):
        text = zone.geometry or (zone.area.geometry if zone.area_id else "")
        if not text:
            return None
        # Several zones of a page may share an area: parse its boundary once.
        parsed = self.context.setdefault("parsed_geometries", {})
        if text not in parsed:
            parsed[text] = json.loads(text)
        return parsed[text]


# --- routes ------------------------------------------------------------------------------


class StopSerializer(serializers.ModelSerializer):
    place_name = serializers.CharField(source="place.name", read_only=True)
    country = serializers.CharField(source="place.country_code", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    longitude = serializers.FloatField(source="place.longitude", read_only=True)
    latitude = serializers.FloatField(source="place.latitude", read_only=True)

    class Meta:
        model = RouteStop
        fields = [
            "position",
            "place",
            "place_name",
            "country",
            "stage",
            "stage_label",
            "longitude",
            "latitude",
        ]
        read_only_fields = fields


class RoutePropertiesSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    countries_crossed = serializers.ListField(child=serializers.CharField(), read_only=True)
    countries_crossed_names = serializers.SerializerMethodField()
    stops = StopSerializer(many=True, read_only=True)
    exploitation_labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    transport_labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    victims_total = serializers.IntegerField(read_only=True, allow_null=True)
    victims_shown = serializers.SerializerMethodField(
        help_text=_(
            "The victim counts as the route's page shows them to the caller: the number; "
            "“<5” for a count below the threshold (DISCLOSURE_MIN_COUNT, 5 unless set "
            "otherwise); “x” for a count hidden so that a small one cannot be worked out "
            "from the total (for both, the count itself is null); null when not known. "
            "Only the route's own country sees every count."
        )
    )
    period = serializers.CharField(source="period_label", read_only=True)
    page = serializers.SerializerMethodField()

    class Meta:
        model = Route
        fields = [
            "name",
            "description",
            "country",
            "country_name",
            "countries_crossed",
            "countries_crossed_names",
            "stops",
            "exploitation_forms",
            "exploitation_labels",
            "transport_modes",
            "transport_labels",
            *Route.VICTIM_FIELDS,
            "victims_total",
            "victims_shown",
            "sources",
            "confidence",
            "period_start",
            "period_end",
            "period",
            "page",
            "created",
            "updated",
        ]
        read_only_fields = fields

    def _shown_victims(self, route):
        """The route's victim counts for the caller (``lib.disclosure`` outside its
        country), computed once per route."""
        cached = getattr(route, "_shown_victims", None)
        if cached is None:
            request = self.context.get("request")
            user = request.user if request else None
            exact = access.sees_exact_counts(user, route.country_id)
            cached = route._shown_victims = route.shown_victims(exact)
        return cached

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                name: {"type": "string", "nullable": True}
                for name in (*Route.VICTIM_FIELDS, "victims_total")
            },
        }
    )
    def get_victims_shown(self, route):
        shown = self._shown_victims(route)
        return {
            name: str(shown[name]) if name in shown else None
            for name in (*Route.VICTIM_FIELDS, "victims_total")
        }

    def to_representation(self, route):
        data = super().to_representation(route)
        for name, figure in self._shown_victims(route).items():
            data[name] = figure.value
        return data

    def get_countries_crossed_names(self, route) -> list[str]:
        names = _names(self)
        return [names.get(code, code) for code in route.countries_crossed]

    def get_page(self, route) -> str:
        return _page_url(self, route)


class RouteFeatureSerializer(FeatureSerializer):
    """A route: its line through the stops, in order (null with fewer than two)."""

    properties = RoutePropertiesSerializer(source="*", read_only=True)

    class Meta:
        model = Route
        fields = ["type", "id", "geometry", "properties"]


# --- places ------------------------------------------------------------------------------


class PlacePropertiesSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    country = serializers.CharField(source="country_code", read_only=True)
    country_name = serializers.SerializerMethodField()
    area_name = serializers.CharField(source="area.name", read_only=True, allow_null=True)

    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "kind_label",
            "country",
            "country_name",
            "area",
            "area_name",
            "note",
        ]
        read_only_fields = fields

    def get_country_name(self, place) -> str:
        return _names(self).get(place.country_code, place.country_code)


class PlaceFeatureSerializer(FeatureSerializer):
    """A place of the gazetteer: a Point."""

    properties = PlacePropertiesSerializer(source="*", read_only=True)

    class Meta:
        model = Place
        fields = ["type", "id", "geometry", "properties"]

    @extend_schema_field(POINT_SCHEMA)
    def get_geometry(self, place):
        return {"type": "Point", "coordinates": place.point}


# --- viewsets ----------------------------------------------------------------------------

# The FilterSets' ``country`` takes an ISO code; its choices are read from the database,
# which the schema generator cannot see.
COUNTRY_PARAMETER = OpenApiParameter(
    "country",
    OpenApiTypes.STR,
    description=_("ISO code of a member country, or XR for the regional level."),
)


class GeoJSONViewSet(viewsets.ReadOnlyModelViewSet):
    access_rule = access.READER
    pagination_class = FeatureCollectionPagination
    renderer_classes = [JSONRenderer, GeoJSONRenderer, BrowsableAPIRenderer]
    # Sorting is the FilterSets' ``ordering``: DRF's own would read the same parameter.
    filter_backends = [DjangoFilterBackend]


@extend_schema_view(
    list=extend_schema(
        summary=_("Zones the caller may see, as a GeoJSON FeatureCollection"),
        parameters=[COUNTRY_PARAMETER],
    ),
    retrieve=extend_schema(summary=_("One zone, as a GeoJSON Feature")),
)
class ZoneViewSet(GeoJSONViewSet):
    """Vulnerable and risk zones: points, polygons and whole administrative areas, of the
    caller's countries and the regional level."""

    serializer_class = ZoneFeatureSerializer
    filterset_class = ZoneFilterSet

    def get_queryset(self):
        zones = access.restrict(Zone.objects.all(), self.request.user)
        return zones.select_related("country", "area").order_by("name", "pk")


@extend_schema_view(
    list=extend_schema(
        summary=_("Routes the caller may see, as a GeoJSON FeatureCollection"),
        parameters=[
            OpenApiParameter(
                "country",
                OpenApiTypes.STR,
                description=_(
                    "ISO code of a member country, or XR for the regional level: "
                    "the routes it owns and those that cross it."
                ),
            )
        ],
    ),
    retrieve=extend_schema(summary=_("One route, as a GeoJSON Feature")),
)
class RouteViewSet(GeoJSONViewSet):
    """Trafficking routes: their stops in order, the line through them, the countries they
    cross and the victims' aggregate profile (counts only). ``country`` also finds the
    routes that cross a country."""

    serializer_class = RouteFeatureSerializer
    filterset_class = RouteFilterSet

    def get_queryset(self):
        routes = access.restrict(Route.objects.all(), self.request.user)
        stops = RouteStop.objects.select_related("place").order_by("position")
        return (
            routes.select_related("country")
            .prefetch_related(Prefetch("stops", queryset=stops))
            .order_by("name", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Places of the gazetteer, as a GeoJSON FeatureCollection"),
        parameters=[
            OpenApiParameter(
                "country",
                OpenApiTypes.STR,
                description=_("ISO code of a member country or of a neighbour routes reach."),
            )
        ],
    ),
    retrieve=extend_schema(summary=_("One place, as a GeoJSON Feature")),
)
class PlaceViewSet(GeoJSONViewSet):
    """Named places (border crossings, ports, airports, cities) that routes stop at: the
    gazetteer every reader shares."""

    serializer_class = PlaceFeatureSerializer
    filterset_class = PlaceFilterSet

    def get_queryset(self):
        return Place.objects.select_related("area").order_by("country_code", "name", "pk")


# The collections this app adds to /api/ (gathered by coalition/urls.py).
ROUTES = [
    ("zones", ZoneViewSet, "zone"),
    ("routes", RouteViewSet, "route"),
    ("places", PlaceViewSet, "place"),
]
