"""Import record-level sentences from a file (the sentences' template, XLSX or CSV).

Every row is checked; on any problem the command lists them with their row and column,
records nothing and exits non-zero. The file is read a row at a time: a country's whole
history imports at once.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, no_translations

from coalition.core import access
from coalition.core.commands import acting_user
from coalition.lib.commands import nothing_imported, open_file
from coalition.sentences.io import SentenceFileError, import_sentences

ACTOR = "system:import_sentences"


class Command(BaseCommand):
    help = "Import record-level sentences from an XLSX or CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the sentences (.xlsx or .csv)")
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="import as this user, within the countries whose sentences it may change "
            "(default: every country, recorded as system:import_sentences)",
        )

    @no_translations
    def handle(self, *args, **options):
        name, username = options["file"], options.get("user")
        user = acting_user(
            username, lambda u: access.sentence_country_ids(u) != set(), "may not import sentences"
        )
        path = Path(name)
        with open_file(name) as handle:
            try:
                result = import_sentences(
                    handle, path.name, user=user, actor_repr=None if user else ACTOR
                )
            except SentenceFileError as exc:
                raise nothing_imported(name, exc.problems) from None
        self.stdout.write(f"{name}: {result.describe()}")
