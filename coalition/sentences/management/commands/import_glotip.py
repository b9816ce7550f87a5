"""Import a UNODC GLOTIP file (the data portal's CSV, or its workbook) as the source
"GLOTIP, release DATE".

Every row is checked first; on any problem the command lists them all with their row and
column, records nothing and exits non-zero. Labels the reviewed mapping cannot read are
imported as published and listed; rows of countries that are not members are skipped and
counted. Importing the same release again replaces its figures.
"""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from coalition.lib.commands import nothing_imported, read_bytes
from coalition.sentences import glotip

ACTOR = "system:import_glotip"


class Command(BaseCommand):
    help = "Import a GLOTIP file (CSV or XLSX) as the source “GLOTIP, release DATE”."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the GLOTIP data (.csv or .xlsx)")
        parser.add_argument(
            "--released",
            metavar="YYYY-MM-DD",
            required=True,
            help="the release's date, as UNODC published it (e.g. 2023-05-30)",
        )

    @no_translations
    def handle(self, *args, **options):
        name = options["file"]
        try:
            released = datetime.date.fromisoformat(options["released"])
        except ValueError:
            raise CommandError(
                f"--released must be a date as YYYY-MM-DD, not {options['released']!r}."
            ) from None
        content = read_bytes(name, max_bytes=glotip.MAX_BYTES)
        try:
            result = glotip.import_release(content, Path(name).name, released, actor_repr=ACTOR)
        except glotip.GlotipFileError as exc:
            raise nothing_imported(name, exc.problems) from None
        for notice in result.notices:
            self.stdout.write(f"warning: {notice}")
        source = result.records[0]
        replaced = f" (replacing {result.replaced} figures)" if result.replaced else ""
        self.stdout.write(f"{name}: {source.name}{replaced}: {result.describe()}")
        self.stdout.write(f"SHA-256 {source.file_sha256}")
