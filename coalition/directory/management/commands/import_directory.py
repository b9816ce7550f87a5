"""Import the directory's contacts from a file (the directory's template or an export,
XLSX or CSV).

Every row is checked first; on any problem the command lists them all with their row and
column, records nothing and exits non-zero. A row naming a contact already recorded (same
name and institution, or a shared e-mail) updates it; importing an export changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, no_translations

from coalition.core import access
from coalition.core.commands import acting_user
from coalition.directory.io import DirectoryFileError, import_directory
from coalition.lib.commands import nothing_imported, read_bytes

ACTOR = "system:import_directory"


class Command(BaseCommand):
    help = "Import the directory's contacts from an XLSX or CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the contacts (.xlsx or .csv)")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="import as this user, within the countries it may edit "
            "(default: the whole region, recorded as system:import_directory)",
        )

    @no_translations
    def handle(self, *args, **options):
        name, username = options["file"], options.get("user")
        user = acting_user(
            username, lambda u: access.editable_country_ids(u) != set(), "may not write contacts"
        )
        path = Path(name)
        content = read_bytes(name)
        try:
            result = import_directory(
                content, path.name, user=user, actor_repr=None if user else ACTOR
            )
        except DirectoryFileError as exc:
            raise nothing_imported(name, exc.problems) from None
        for notice in result.notices:
            self.stdout.write(str(notice))
        self.stdout.write(f"{name}: {result.describe()}")
