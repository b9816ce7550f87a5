"""The map's GeoJSON import and its GeoJSON and KML export (``mapping.exchange`` does the
reading and writing; the format is ``docs/geojson.md``).

The import page is for those who edit a country's data: the file is checked as a whole,
every problem is listed with its feature and property, and nothing is recorded unless
the whole file is right. The export, like the directory's, is for the roles that may
export (regional admin, country editors), holds only what the user may see, narrowed by
the map's filters, and is written to the audit log with its counts.
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from coalition.core import access, jobs
from coalition.core.files import download_response
from coalition.mapping import tasks as mapping_tasks
from coalition.mapping.exchange import common, export
from coalition.mapping.exchange.importing import import_geojson
from coalition.mapping.filters import RouteFilterSet, ZoneFilterSet
from coalition.mapping.models import Route, Zone

FORMATS = ("geojson", "kml")
RECORDS = ("", "zone", "route")
EXAMPLE = Path(__file__).resolve().parent / "data" / "example-import.geojson"
FORMAT_REFERENCE = Path(settings.BASE_DIR) / "docs" / "geojson.md"
EXTENSIONS = (".geojson", ".json")


class GeoJSONFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Zones and routes (.geojson or .json)"),
        help_text=gettext_lazy(
            "A GeoJSON FeatureCollection, such as the map's export. Every feature is checked; "
            "nothing is recorded unless the whole file is right."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".geojson,.json,application/geo+json,application/json"}
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file: record nothing"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(
                _("Choose a GeoJSON file (.geojson or .json); “%(name)s” is not one.")
                % {"name": upload.name}
            )
        if upload.size > common.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": common.MAX_BYTES // 2**20}
            )
        return upload


def _bad_request(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@access.rule(access.READER)
@require_GET
def map_export(request):
    """The zones and routes the user may see as GeoJSON (default) or KML (?format=kml),
    narrowed by the map's filters (country, exploitation, year, risk, kind; risk and kind
    apply to zones) and by ?record=zone or ?record=route."""
    if not access.can_export(request.user):
        access.deny(request, reason="export")
    fmt = request.GET.get("format") or "geojson"
    if fmt not in FORMATS:
        return _bad_request(
            _("«%(value)s» is not an export format (geojson, kml).") % {"value": fmt}
        )
    record = request.GET.get("record", "")
    if record not in RECORDS:
        return _bad_request(
            _("«%(value)s» is not a kind of record (zone, route).") % {"value": record}
        )
    zones_filter = ZoneFilterSet.for_list(
        request, access.restrict(Zone.objects.all(), request.user)
    )
    routes_filter = RouteFilterSet.for_list(
        request, access.restrict(Route.objects.all(), request.user)
    )
    errors = {**routes_filter.errors, **zones_filter.errors}
    if errors:
        # An unknown filter value would otherwise be dropped, exporting more than asked.
        return _bad_request(
            _("The filters are not valid: %(errors)s")
            % {"errors": "; ".join(f"{key}: {' '.join(text)}" for key, text in errors.items())}
        )
    zones, routes = export.export_querysets(zones_filter.qs, routes_filter.qs)
    zones = list(zones) if record in ("", "zone") else []
    routes = list(routes) if record in ("", "route") else []
    filename = export.export_filename(fmt)
    content, content_type = export.export_content(
        fmt, zones, routes, lambda country_id: access.sees_exact_counts(request.user, country_id)
    )
    asked = zones_filter.data
    filters = {
        key: ", ".join(asked.getlist(key))
        for key in asked
        if key != "format" and any(asked.getlist(key))
    }
    export.record_export(request, fmt, filename, zones, routes, filters=filters)
    return download_response(content, content_type, filename)


def _after_import():
    try:
        return reverse("map")
    except NoReverseMatch:
        return reverse("map-import")


@access.rule(access.EDITOR)
@require_http_methods(["GET", "POST"])
def map_import(request):
    """Upload a GeoJSON file of zones and routes: every problem is listed with its feature
    and property, and nothing is recorded unless the whole file is right. Features whose
    id names a record ("zone-12") update it. A file of more than ``jobs.BACKGROUND_ROWS``
    features is imported (or checked) in the background: the user follows it on the job's
    page."""
    form = GeoJSONFileForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        content = upload.read()
        # A file of too many features is refused at once, by the importer.
        if jobs.BACKGROUND_ROWS < common.count_features(content) <= common.MAX_FEATURES:
            job = jobs.start(
                request,
                mapping_tasks.import_map_file,
                kind="map-import",
                title=_("Check of map data") if dry_run else _("Import of map data"),
                upload=upload,
                next_url=reverse("map-import") if dry_run else _after_import(),
                back_url=reverse("map-import"),
                args=(dry_run,),
            )
            return redirect(job)
        try:
            result = import_geojson(
                content,
                upload.name,
                user=request.user,
                request=request,
                dry_run=dry_run,
                max_features=common.MAX_FEATURES,
            )
        except common.GeoJSONError as exc:
            problems = exc.problems
        else:
            messages.success(request, mapping_tasks.import_message(result, dry_run))
            return redirect("map-import" if dry_run else _after_import())
    return render(
        request,
        "mapping/import.html",
        {
            "form": form,
            "problems": problems,
            "back_url": _after_import(),
            "max_features": f"{common.MAX_FEATURES:,}",
            "background_features": jobs.BACKGROUND_ROWS,
        },
        status=400 if request.method == "POST" else 200,
    )


@access.rule(access.EDITOR)
@require_GET
def map_import_example(request):
    """A small valid file to start from: two zones and a route, all fictitious."""
    return download_response(
        EXAMPLE.read_bytes(), common.GEOJSON_CONTENT_TYPE, "coalition-map-example.geojson"
    )


@access.rule(access.EDITOR)
@require_GET
def map_import_format(request):
    """The file format's reference (docs/geojson.md), as text."""
    try:
        text = FORMAT_REFERENCE.read_text(encoding="utf-8")
    except OSError:
        raise Http404 from None
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    return response
