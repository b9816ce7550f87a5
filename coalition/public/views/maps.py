"""The public map: per province or department, how many zones of risk or vulnerability the
member countries approved for publication, and the highest risk among them (the approved,
generalized versions that ``mapping.metrics`` gives). No zone's name, shape or route, and
only filters that cannot single a zone out. The map is drawn by ``static/js/map.js`` over
boundaries served here (never tiles from another host); without JavaScript the table under
it says the same."""

from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from coalition.core import access
from coalition.core.models import Country
from coalition.mapping import metrics
from coalition.mapping.models import RiskLevel
from coalition.public import pages

GEOJSON = "application/geo+json"


def _config(request):
    """What ``map.js`` needs (its "public" mode), as JSON in the page."""
    return {
        "mode": "public",
        "countries": static("vendor/world-atlas/countries-50m.json"),
        "areas": pages.url("map-areas", pages.language_of(request)),
        # A visitor's address is never sent to another host: no tiles, whatever the setting.
        "tiles": "",
        "tilesAttribution": "",
        "language": pages.language_of(request),
        "labels": {
            "risk": dict(RiskLevel.choices),
            "noZones": _("No zones"),
            "publicCount": _("%(count)s publishable zones, highest risk: %(risk)s"),
            "publicShown": _("Publishable zones: %(zones)s, in %(areas)s administrative areas."),
            "loading": _("Loading the map data…"),
            "failed": _("The map data could not be loaded."),
            "tilesLayer": _("Map tiles"),
        },
    }


@pages.page
def public_map(request):
    data, errors = metrics.public_filters(request.GET)
    choices = metrics.public_filter_choices()
    context = {
        "section": "map",
        "config": _config(request),
        "countries": Country.objects.members().active().order_by("name_es"),
        "exploitation_forms": choices["exploitation"],
        "zone_kinds": choices["kind"],
        "risk_levels": RiskLevel.choices,
        "errors": errors,
        "rows": metrics.public_area_rows(data) if data is not None else [],
        "filtered": any(request.GET.get(name) for name in metrics.PUBLIC_FILTERS),
    }
    return render(request, "public/map.html", context, status=400 if errors else 200)


@pages.page
def map_areas(request):
    """The administrative areas, each with the published zones in it: how many and their
    highest risk level, as GeoJSON; 400 with the reasons (JSON) for a filter not valid."""
    data, errors = metrics.public_filters(request.GET)
    if errors:
        fields = {name: [str(message) for message in messages] for name, messages in errors.items()}
        return JsonResponse({"error": _("Invalid filter."), "fields": fields}, status=400)
    return HttpResponse(metrics.public_area_layer(data), content_type=GEOJSON)


def _moved(name):
    """The old address of a public map page, sent on for good to its new one (query kept)."""

    @access.rule(access.PUBLIC)
    @require_safe
    def moved(request):
        query = request.GET.urlencode()
        return HttpResponsePermanentRedirect(
            pages.url(name, pages.language_of(request), query=query)
        )

    return moved


urls = [
    path("risk-map/", public_map, name="map"),
    path("risk-map/areas.geojson", map_areas, name="map-areas"),
    # Where the map was before the public site had its own app.
    path("map/public/", _moved("map"), name="map-moved"),
    path("map/public/areas.geojson", _moved("map-areas"), name="map-areas-moved"),
]

SITEMAP = [("map", None)]
