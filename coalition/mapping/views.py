"""Mapping pages: the map, the lists and records of zones and routes (with their editors,
which draw on a map), the gazetteer (places and administrative areas, kept by regional
administrators) and the methodology. The public map is the public site's (``public``).

The map's data comes from ``data_views`` (GeoJSON, filtered like the lists); imports and
exports from ``io_views``. Every page asks ``core.access``; every change is audited.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, ProtectedError, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coalition.core import access, audit, exports, generic, publication, scopes, stale
from coalition.core.choices import AuditAction
from coalition.core.models import Country
from coalition.lib import disclosure
from coalition.mapping import geometry, list_exports
from coalition.mapping.choices import ExploitationForm, PlaceKind, RiskLevel, Shape, ZoneKind
from coalition.mapping.filters import PlaceFilterSet, RouteFilterSet, ZoneFilterSet
from coalition.mapping.forms import (
    AreaForm,
    PlaceForm,
    RouteForm,
    StopFormSet,
    ZoneForm,
)
from coalition.mapping.models import (
    AdminArea,
    Place,
    Route,
    Zone,
    country_names,
    place_country_choices,
)

PAGE_SIZE = 25
ZONE_RULE = access.object_rule(Zone)
ZONE_APPROVE_RULE = access.object_rule(Zone, "approve")
ROUTE_RULE = access.object_rule(Route)
ROUTE_EDIT_RULE = access.object_rule(Route, "edit")


def map_config(request, **extra):
    """What the map script needs, as JSON in the page (no inline script: CSP)."""
    config = {
        "countries": static("vendor/world-atlas/countries-50m.json"),
        "areas": reverse("map-areas"),
        "tiles": settings.MAP_TILES_URL,
        "tilesAttribution": settings.MAP_TILES_ATTRIBUTION,
        "language": get_language(),
        "labels": {
            "risk": dict(RiskLevel.choices),
            "open": _("Open the record"),
            "zones": _("Zones"),
            "routes": _("Routes"),
            "areas": _("Administrative areas"),
            "choropleth": _("Risk per administrative area"),
            "boundaries": _("Boundaries only"),
            "tilesLayer": _("Map tiles"),
            "noZones": _("No zones"),
            "zoneCount": _("%(count)s zones, highest risk: %(risk)s"),
            "legend": _("Risk level"),
            "loading": _("Loading the map data…"),
            "failed": _("The map data could not be loaded."),
            "shown": _("On the map: zones %(zones)s · routes %(routes)s."),
            "stops": _("Stops"),
            "addStop": _("Add this place as a stop"),
            "up": _("Move up"),
            "down": _("Move down"),
            "remove": _("Remove"),
        },
    }
    config.update(extra)
    return config


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rest = request.GET.copy()
    rest.pop("page", None)
    return page, rest.urlencode()


def _filter_context(request):
    countries = scopes.visible_countries(request.user)
    return {
        "countries": countries,
        "selected_country": scopes.filter_data(request).get("country", ""),
        "exploitation_forms": ExploitationForm.choices,
        "risk_levels": RiskLevel.choices,
        "zone_kinds": ZoneKind.choices,
        "selected_risks": request.GET.getlist("risk"),
        "can_export": access.can_export(request.user),
    }


# --- the map -----------------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def map_page(request):
    """Zones by risk level, routes as directed lines, the risk per administrative area, on
    boundaries from local files; editors draw new zones right on it."""
    can_edit = access.EDITOR.allows(request.user)
    config = map_config(
        request,
        mode="main",
        data=reverse("map-data"),
        draw=can_edit,
        zoneCreate=reverse("zone-create") if can_edit else "",
    )
    return render(
        request,
        "mapping/map.html",
        {
            **_filter_context(request),
            "config": config,
            "can_edit": can_edit,
        },
    )


@access.rule(access.PUBLIC)
@require_GET
def methodology(request):
    language = "en" if (get_language() or "es").startswith("en") else "es"
    return render(
        request,
        "mapping/methodology.html",
        {
            "body": f"mapping/_methodology_{language}.html",
            # The way back: the members' map to those who may open it, else the public one.
            "sees_map": access.READER.allows(request.user),
            "public_map": reverse("public-en:map" if language == "en" else "public:map"),
        },
    )


# --- zones -------------------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def zone_list(request):
    zones = access.restrict(Zone.objects.all(), request.user).select_related("country", "area")
    filterset = ZoneFilterSet.for_list(request, zones.order_by("name", "pk"))
    if exports.asked(request):
        return exports.respond(
            request,
            name=_("zones"),
            title=_("Zones"),
            columns=list_exports.ZONE_COLUMNS,
            rows=filterset.qs,
            model=Zone,
            filterset=filterset,
        )
    page, query = _page(request, filterset.qs)
    return render(
        request,
        "mapping/zone_list.html",
        {
            **_filter_context(request),
            "filter": filterset,
            "page_obj": page,
            "query": query,
            "can_add": access.EDITOR.allows(request.user),
        },
    )


def _zone_page(request, zone, status=200):
    feature = {"type": "Feature", "geometry": zone.geojson_geometry(),
               "properties": {"name": zone.name, "risk_level": zone.risk_level}}  # fmt: skip
    return render(
        request,
        "mapping/zone_detail.html",
        {
            "zone": zone,
            "changes": zone.pending_changes(),
            "can_approve": access.can_approve(request.user, zone),
            "can_edit": access.can_edit(request.user, zone),
            "publish_data": [("action", "publish")],
            "config": map_config(request, mode="feature", feature=feature),
        },
        status=status,
    )


@access.rule(ZONE_RULE)
@require_GET
def zone_detail(request, pk):
    return _zone_page(request, _zone(request, pk))


def _zone(request, pk):
    return access.get_visible_or_404(
        Zone.objects.select_related("country", "area", "created_by"), request.user, pk=pk
    )


class ZoneEdit:
    """The zone form, drawn on a map. Saving changes the working copy: the public map
    keeps counting the approved version; a zone no longer marked publishable leaves it at
    once (``Zone.save``)."""

    model = Zone
    form_class = ZoneForm
    template_name = "mapping/zone_form.html"
    context_object_name = "zone"

    def before_save(self, zone, form):
        if self.object is None:
            zone.created_by = self.request.user

    def after_save(self, zone, before):
        publication.record_withdrawal(self.request, zone, before)

    def saved(self, zone):
        if zone.awaits_approval:
            messages.warning(
                self.request,
                _(
                    "Zone “%(name)s” saved. The public map counts it as last approved (or "
                    "not at all) until a country editor approves it for the public map."
                )
                % {"name": zone.name},
            )
        else:
            messages.success(self.request, _("Zone “%(name)s” saved.") % {"name": zone.name})

    def get_context_data(self, **kwargs):
        codes = dict(Country.objects.values_list("pk", "iso2"))
        config = map_config(self.request, mode="zone-editor", countryCodes=codes)
        return super().get_context_data(config=config, **kwargs)


class ZoneCreateView(ZoneEdit, generic.RecordCreateView):
    def get_initial(self):
        initial = super().get_initial()
        # Drawn on the map page: kept when sound (the form checks it again on saving).
        drawn, _problems = geometry.check(self.request.GET.get("geometry", "")[:100_000] or "null")
        if drawn:
            point = json.loads(drawn)["type"] == "Point"
            initial.update(geometry=drawn, shape=Shape.POINT if point else Shape.POLYGON)
        return initial


class ZoneUpdateView(ZoneEdit, generic.RecordUpdateView):
    pass


@access.rule(ZONE_APPROVE_RULE)
@require_POST
def zone_publish(request, pk):
    """Approve a publishable zone for the public map as it is now (``action=publish``), or
    take it off the public map (``action=unpublish``): the country editors' and the
    regional secretariat's review of what the public map counts."""
    zone = _zone(request, pk)
    action = request.POST.get("action")
    if action == "publish" and not zone.publishable:
        messages.error(request, _("Mark the zone as publishable before approving it."))
    elif action not in ("publish", "unpublish"):
        messages.error(request, _("Unknown action: choose publish or unpublish."))
    else:
        with transaction.atomic():
            if action == "publish":
                publication.publish(request, zone)
                message = _("Approved: the public map counts the zone as it is now.")
            else:
                publication.unpublish(request, zone)
                zone.publishable = False
                zone.save(update_fields=["publishable", "updated"])
                message = _("The zone is no longer counted on the public map.")
        messages.success(request, message)
        return redirect(zone)
    return _zone_page(request, zone, status=400)


class ZoneDeleteView(generic.RecordDeleteView):
    model = Zone
    deleted_message = gettext_lazy("Zone “%(name)s” deleted.")
    list_url_name = "zone-list"


# --- routes ------------------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def route_list(request):
    routes = access.restrict(Route.objects.all(), request.user).select_related("country")
    filterset = RouteFilterSet.for_list(request, routes.order_by("name", "pk"))
    if exports.asked(request):
        return exports.respond(
            request,
            name=_("routes"),
            title=_("Routes"),
            columns=list_exports.route_columns(request.user),
            rows=filterset.qs,
            model=Route,
            filterset=filterset,
        )
    page, query = _page(request, filterset.qs)
    protected = False
    for route in page:
        exact = access.sees_exact_counts(request.user, route.country_id)
        route.shown_total = route.shown_victims(exact).get("victims_total")
        protected |= not exact and route.shown_total is not None
    return render(
        request,
        "mapping/route_list.html",
        {
            **_filter_context(request),
            "filter": filterset,
            "page_obj": page,
            "query": query,
            "can_add": access.EDITOR.allows(request.user),
            "disclosure_k": disclosure.min_count() if protected else None,
        },
    )


@access.rule(ROUTE_RULE)
@require_GET
def route_detail(request, pk):
    route = access.get_visible_or_404(
        Route.objects.select_related("country", "created_by"), request.user, pk=pk
    )
    stops = list(route.stops.select_related("place", "place__area"))
    feature = {
        "type": "Feature",
        "geometry": json.loads(route.geometry) if route.geometry else None,
        "properties": {"name": route.name, "record": "route"},
    }
    exact = access.sees_exact_counts(request.user, route.country_id)
    return render(
        request,
        "mapping/route_detail.html",
        {
            "route": route,
            "victim_profile": route.victim_profile(exact),
            "victims_total": route.shown_victims(exact).get("victims_total"),
            "exact_counts": exact,
            "stops": stops,
            "can_edit": access.can_edit(request.user, route),
            "config": map_config(request, mode="feature", feature=feature),
        },
    )


def _places_for_map():
    return [
        {"id": p.pk, "name": p.name, "country": p.country_code, "kind": p.kind,
         "lat": p.latitude, "lon": p.longitude}
        for p in Place.objects.order_by("country_code", "name")
    ]  # fmt: skip


def _route_form_page(request, form, formset, route):
    config = map_config(request, mode="route-editor", places=_places_for_map())
    return render(
        request,
        "mapping/route_form.html",
        {"form": form, "formset": formset, "route": route, "config": config},
        status=400 if (form.errors or formset.total_error_count()) else 200,
    )


def _save_route(request, form, formset, before=None):
    with transaction.atomic():
        route = form.save(commit=False)
        if before is None:
            route.created_by = request.user
        route.save()
        access.recheck_editable(request.user, route)
        route.replace_stops(
            (stop.cleaned_data["place"], stop.cleaned_data["stage"])
            for stop in formset.ordered_stops()
        )
        audit.record(
            request,
            AuditAction.UPDATE if before else AuditAction.CREATE,
            route,
            before=before,
            after=route.audit_snapshot(),
        )
    return route


@access.rule(access.EDITOR)
@require_http_methods(["GET", "POST"])
def route_create(request):
    form = RouteForm(request.POST or None, user=request.user)
    formset = StopFormSet(request.POST or None, instance=Route(), prefix="stops")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        route = _save_route(request, form, formset)
        messages.success(request, _("Route “%(name)s” saved.") % {"name": route.name})
        return redirect(route)
    return _route_form_page(request, form, formset, None)


@access.rule(ROUTE_EDIT_RULE)
@require_http_methods(["GET", "POST"])
def route_update(request, pk):
    route = access.get_editable_or_403(Route.objects.all(), request.user, request=request, pk=pk)
    before = route.audit_snapshot()
    form = RouteForm(request.POST or None, instance=route, user=request.user)
    formset = StopFormSet(request.POST or None, instance=route, prefix="stops")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        route = _save_route(request, form, formset, before=before)
        messages.success(request, _("Route “%(name)s” saved.") % {"name": route.name})
        return redirect(route)
    return _route_form_page(request, form, formset, route)


@access.rule(ROUTE_EDIT_RULE)
@require_POST
def route_delete(request, pk):
    route = access.get_editable_or_403(Route.objects.all(), request.user, request=request, pk=pk)
    with transaction.atomic():
        audit.record(request, AuditAction.DELETE, route, before=route.audit_snapshot())
        route.delete()
    messages.success(request, _("Route “%(name)s” deleted.") % {"name": route.name})
    return redirect("route-list")


# --- gazetteer ---------------------------------------------------------------------------


@access.rule(access.READER)
@require_GET
def place_list(request):
    params = request.GET
    filterset = PlaceFilterSet(params, queryset=Place.objects.select_related("area"))
    places = filterset.qs.order_by("country_code", "name")
    names = country_names()
    if exports.asked(request):
        return exports.respond(
            request,
            name=_("places"),
            title=_("Places"),
            columns=list_exports.place_columns(names),
            rows=places,
            model=Place,
            filterset=filterset,
        )
    page, query = _page(request, places)
    for place in page:
        place.country_label = names.get(place.country_code, place.country_code)
    return render(
        request,
        "mapping/place_list.html",
        {
            "page_obj": page,
            "query": query,
            "country_groups": place_country_choices(),
            "kinds": PlaceKind.choices,
            "selected": {key: params.get(key, "") for key in ("country", "kind", "q")},
            "can_manage": access.is_regional_admin(request.user),
            "can_export": access.can_export(request.user),
        },
    )


def _place_form_page(request, form, place, status=None):
    config = map_config(request, mode="place-editor")
    return render(
        request,
        "mapping/place_form.html",
        {"form": form, "place": place, "config": config},
        status=status or (400 if form.errors else 200),
    )


def _save_place(request, form, before=None):
    with transaction.atomic():
        place = form.save()
        audit.record(
            request,
            AuditAction.UPDATE if before else AuditAction.CREATE,
            place,
            before=before,
            after=audit.snapshot(place),
        )
        if before:  # the routes through it follow the place
            for route in Route.objects.filter(stops__place=place).distinct():
                route.refresh_path()
    return place


@access.rule(access.REGIONAL_ADMIN)
@require_http_methods(["GET", "POST"])
def place_create(request):
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        place = _save_place(request, form)
        messages.success(request, _("Place “%(name)s” saved.") % {"name": place.name})
        return redirect("place-list")
    return _place_form_page(request, form, None)


@access.rule(access.REGIONAL_ADMIN)
@require_http_methods(["GET", "POST"])
def place_update(request, pk):
    place = get_object_or_404(Place, pk=pk)
    before = audit.snapshot(place)
    form = PlaceForm(request.POST or None, instance=place)
    stale.add_field(form, place)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            current = stale.fresh(place)
            refused = stale.check(form, current)
            if refused is None:
                place = _save_place(request, form, before=before)
        if refused is not None:
            stale.refuse(form, refused, current)
            return _place_form_page(request, form, place, status=stale.STATUS)
        messages.success(request, _("Place “%(name)s” saved.") % {"name": place.name})
        return redirect("place-list")
    return _place_form_page(request, form, place)


@access.rule(access.REGIONAL_ADMIN)
@require_POST
def place_delete(request, pk):
    place = get_object_or_404(Place, pk=pk)
    try:
        with transaction.atomic():
            audit.record(request, AuditAction.DELETE, place, before=audit.snapshot(place))
            place.delete()
    except ProtectedError:
        messages.error(
            request,
            _("“%(name)s” is a stop of %(count)s routes: change those routes first.")
            % {"name": place.name, "count": place.stops.values("route").distinct().count()},
        )
        return redirect("place-update", pk=place.pk)
    messages.success(request, _("Place “%(name)s” deleted.") % {"name": place.name})
    return redirect("place-list")


@access.rule(access.READER)
@require_GET
def area_list(request):
    areas = AdminArea.objects.select_related("country").defer("geometry")
    code = request.GET.get("country", "")
    if code:
        areas = areas.filter(country__iso2=code)
    rows = areas.order_by("country__name_es", "name").annotate(
        has_boundary=ExpressionWrapper(~Q(geometry=""), output_field=BooleanField())
    )
    if exports.asked(request):
        return exports.respond(
            request,
            name=_("administrative-areas"),
            title=_("Administrative areas"),
            columns=list_exports.AREA_COLUMNS,
            rows=rows,
            model=AdminArea,
        )
    return render(
        request,
        "mapping/area_list.html",
        {
            "areas": rows,
            "countries": Country.objects.members().active().order_by("name_es"),
            "selected_country": code,
            "can_manage": access.is_regional_admin(request.user),
            "can_export": access.can_export(request.user),
        },
    )


@access.rule(access.REGIONAL_ADMIN)
@require_http_methods(["GET", "POST"])
def area_update(request, pk):
    area = get_object_or_404(AdminArea.objects.select_related("country"), pk=pk)
    before = {"note": area.note}
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit.record(
                request, AuditAction.UPDATE, area, before=before, after={"note": area.note}
            )
        messages.success(request, _("Note on %(name)s saved.") % {"name": area.name})
        return redirect(reverse("area-list") + f"?country={area.country.iso2}")
    return render(
        request,
        "mapping/area_form.html",
        {"form": form, "area": area},
        status=400 if form.errors else 200,
    )
