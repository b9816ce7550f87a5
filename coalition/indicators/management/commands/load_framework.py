"""Load an indicator framework from its JSON file (the format: docs/indicators-framework.md).

The whole file is checked first; on any problem the command lists them all with their
place in the file, loads nothing and exits non-zero. A new code makes version 1; the same
file again changes nothing; a changed file updates the latest version while no assessment
of it was submitted, and makes the next version otherwise.
"""

from django.core.management.base import BaseCommand, no_translations

from coalition.indicators import loader
from coalition.lib.commands import nothing_imported, read_bytes


class Command(BaseCommand):
    help = "Load an indicator framework from its JSON file; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the framework's JSON file")

    @no_translations
    def handle(self, *args, **options):
        name = options["file"]
        content = read_bytes(name, max_bytes=loader.MAX_BYTES)
        try:
            result = loader.load_bytes(content, actor_repr=loader.ACTOR)
        except loader.FrameworkFileError as exc:
            raise nothing_imported(name, exc.problems) from None
        for notice in result.notices:
            self.stdout.write(f"note: {notice}")
        self.stdout.write(f"{name}: {result.framework.code}: {result.describe()}")
