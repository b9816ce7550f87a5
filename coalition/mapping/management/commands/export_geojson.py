"""Export the map's zones and routes as GeoJSON (the import's format, ``docs/geojson.md``)
or as KML for Google Earth.

The whole region by default, or one country's (``--country CR``: its zones, and the routes
that belong to it or cross it). The format follows the file's extension (``.kml``, else
GeoJSON) unless ``--format`` says otherwise; FILE "-" writes to the standard output. Each
export is written to the audit log with its counts.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from coalition.mapping.exchange import export
from coalition.mapping.filters import RouteFilterSet, ZoneFilterSet
from coalition.mapping.models import Route, Zone

ACTOR = "system:export_geojson"


class Command(BaseCommand):
    help = "Export the map's zones and routes as GeoJSON or KML."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="where to write (- for the output)")
        parser.add_argument(
            "--country", metavar="ISO", help="one country's data (e.g. CR; XR: regional level)"
        )
        parser.add_argument(
            "--format",
            choices=["geojson", "kml"],
            help="default: kml for a .kml file, geojson otherwise",
        )
        parser.add_argument(
            "--record", choices=["zone", "route"], help="only zones, or only routes"
        )

    @no_translations
    def handle(self, *args, **options):
        name = options["file"]
        fmt = options["format"] or ("kml" if name.lower().endswith(".kml") else "geojson")
        params = {"country": options["country"].upper()} if options["country"] else {}
        zones_filter = ZoneFilterSet(params, queryset=Zone.objects.all())
        routes_filter = RouteFilterSet(params, queryset=Route.objects.all())
        if not zones_filter.is_valid() or not routes_filter.is_valid():
            raise CommandError(f"--country: “{options['country']}” is not an active country.")
        zones, routes = export.export_querysets(zones_filter.qs, routes_filter.qs)
        record = options["record"]
        zones = list(zones) if record in (None, "zone") else []
        routes = list(routes) if record in (None, "route") else []
        content, _content_type = export.export_content(fmt, zones, routes)
        if name == "-":
            self.stdout.write(content.decode("utf-8"), ending="")
            report = self.stderr
        else:
            try:
                Path(name).write_bytes(content)
            except OSError as exc:
                raise CommandError(f"{name}: cannot be written ({exc.strerror}).") from None
            report = self.stdout
        filters = {key: value for key, value in (*params.items(), ("record", record)) if value}
        export.record_export(None, fmt, name, zones, routes, actor_repr=ACTOR, filters=filters)
        report.write(f"{name}: {len(zones)} zones and {len(routes)} routes written ({fmt}).")
