"""Import record-level sentences from a file (the sentences' template, XLSX or CSV).

Every row is checked; on any problem the command lists them with their row and column,
records nothing and exits non-zero. The file is read a row at a time: a country's whole
history imports at once.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from coalition.core import access
from coalition.core.models import User
from coalition.lib.commands import nothing_imported
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
        user = None
        if username:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"There is no user “{username}”.")
            if not user.is_active:
                raise CommandError(f"The user “{username}” is not active.")
            if access.sentence_country_ids(user) == set():
                raise CommandError(f"The user “{username}” may not import sentences.")
        path = Path(name)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise CommandError(f"{name}: no such file.") from None
        except IsADirectoryError:
            raise CommandError(f"{name}: is a folder, not a file.") from None
        except OSError as exc:
            raise CommandError(f"{name}: cannot be read ({exc.strerror}).") from None
        with handle:
            try:
                result = import_sentences(
                    handle, path.name, user=user, actor_repr=None if user else ACTOR
                )
            except SentenceFileError as exc:
                raise nothing_imported(name, exc.problems) from None
        self.stdout.write(f"{name}: {result.describe()}")
