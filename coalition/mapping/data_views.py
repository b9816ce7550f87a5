"""The map's data: what the map page draws, as GeoJSON (``application/geo+json``).

- ``map-data``: the zones and routes the user may see (``access.restrict``), filtered with
  the same FilterSets as the lists and the API, as one FeatureCollection with a ``counts``
  member; ``record=zone`` or ``route`` asks for one layer. ``risk`` and ``kind`` narrow the
  zones only (routes have neither); ``country`` finds the routes that cross it too.
  Whole-area zones have no geometry of their own: the page draws them from the areas'
  layer by ``area_id``.
- ``map-areas``: the administrative areas with a boundary, each with the number of
  matching zones the user may see in it and their highest risk level (the choropleth).
- The public map's layer (the public site's ``map-areas``) is the same for anyone,
  counting only the zones approved for the public map, as they were approved
  (``metrics.public_area_layer``).

A filter value that is not valid answers 400 with the reasons as JSON, never an error page.
The bodies are assembled by ``mapping.features`` without parsing stored geometries.
"""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition.core import access, scopes
from coalition.mapping import features
from coalition.mapping.filters import RouteFilterSet, ZoneFilterSet
from coalition.mapping.models import Route, Zone

RECORDS = ("zone", "route")


def _geojson(text):
    return HttpResponse(text, content_type=features.GEOJSON)


def _invalid(errors):
    """400 with the problems of each parameter, as JSON."""
    fields = {name: [str(message) for message in messages] for name, messages in errors.items()}
    return JsonResponse({"error": _("Invalid filter."), "fields": fields}, status=400)


def _params(request):
    """The query's filter parameters, with the scope switcher's country as on the lists;
    the map has no order, so ``ordering`` is left out (the zones' and the routes' take
    different values)."""
    params = scopes.filter_data(request)
    params.pop("ordering", None)
    return params


def _filter(filterset_class, queryset, params):
    """(filtered queryset, None), or (None, errors) when a value is not valid."""
    filterset = filterset_class(params, queryset=queryset)
    if not filterset.is_valid():
        return None, filterset.errors
    return filterset.qs, None


@access.rule(access.READER)
@require_GET
def map_data(request):
    """The zones and routes the user may see, filtered: a FeatureCollection."""
    record = request.GET.get("record", "")
    if record and record not in RECORDS:
        return _invalid({"record": [_("Use “zone” or “route”.")]})
    params = _params(request)
    user = request.user
    zones, zone_errors = _filter(ZoneFilterSet, access.restrict(Zone.objects.all(), user), params)
    routes, route_errors = _filter(
        RouteFilterSet, access.restrict(Route.objects.all(), user), params
    )
    if zone_errors or route_errors:
        return _invalid({**(route_errors or {}), **(zone_errors or {})})
    countries = features.countries_by_id()
    zone_parts = features.zone_features(zones, countries) if record != "route" else []
    route_parts = features.route_features(routes, countries) if record != "zone" else []
    return _geojson(
        features.collection(
            zone_parts + route_parts,
            counts={"zones": len(zone_parts), "routes": len(route_parts)},
        )
    )


def _areas_response(zones, params):
    zones, errors = _filter(ZoneFilterSet, zones, params)
    if errors:
        return _invalid(errors)
    areas = features.areas_of(params.get("country", ""))
    return _geojson(features.collection(features.area_features(areas, features.area_counts(zones))))


@access.rule(access.READER)
@require_GET
def map_areas(request):
    """The administrative areas, each with the matching zones the user may see in it."""
    zones = access.restrict(Zone.objects.all(), request.user)
    return _areas_response(zones, _params(request))
