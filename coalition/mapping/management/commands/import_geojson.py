"""Import zones and routes from a GeoJSON file (the format of ``docs/geojson.md``, as the
map's export writes it).

Every feature is checked first; on any problem the command lists them all, naming the
feature and the property, records nothing and exits non-zero. A feature whose id names a
record ("zone-12") updates it, so importing an export changes nothing. ``--dry-run`` checks
the file and says what would change, without writing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, no_translations

from coalition.core import access
from coalition.core.commands import acting_user
from coalition.lib.commands import nothing_imported, read_bytes
from coalition.mapping.exchange.common import MAX_BYTES, GeoJSONError
from coalition.mapping.exchange.importing import import_geojson

ACTOR = "system:import_geojson"


class Command(BaseCommand):
    help = "Import zones and routes from a GeoJSON FeatureCollection (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the GeoJSON file (.geojson or .json)")
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="import as this user, within the countries it may edit (default: the whole "
            f"region, recorded as {ACTOR})",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, without writing anything",
        )

    @no_translations
    def handle(self, *args, **options):
        name, username, dry_run = options["file"], options.get("username"), options["dry_run"]
        user = acting_user(
            username, lambda u: access.editable_country_ids(u) != set(), "may not write map data"
        )
        content = read_bytes(name, max_bytes=MAX_BYTES)
        try:
            result = import_geojson(
                content,
                Path(name).name,
                user=user,
                actor_repr=None if user else ACTOR,
                dry_run=dry_run,
            )
        except GeoJSONError as exc:
            raise nothing_imported(name, exc.problems) from None
        if dry_run:
            self.stdout.write(f"{name}: the file is right; nothing was written (--dry-run).")
            self.stdout.write(f"Importing it would give {result.describe()}")
        else:
            self.stdout.write(f"{name}: {result.describe()}")
