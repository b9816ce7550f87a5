"""Import an event's attendance list (the event's template, XLSX or CSV) from a file.

Every row is checked first; on any problem the command lists them all with their row and
column, records nothing and exits non-zero. Importing the same list again changes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from coalition.events.attendance_io import AttendanceFileError, import_attendance
from coalition.events.models import Event
from coalition.lib.commands import nothing_imported, read_bytes

ACTOR = "system:import_attendance"


class Command(BaseCommand):
    help = "Import the attendance list of an event from an XLSX or CSV file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("event_id", metavar="EVENT_ID", help="the event's number")
        parser.add_argument("file", metavar="FILE", help="the filled template (.xlsx or .csv)")

    @no_translations
    def handle(self, *args, **options):
        event_id, name = options["event_id"], options["file"]
        if not str(event_id).isdigit():
            raise CommandError(f"EVENT_ID must be a number, not “{event_id}”.")
        event = Event.objects.select_related("country", "host_country").filter(pk=event_id).first()
        if event is None:
            raise CommandError(f"There is no event {event_id}.")
        path = Path(name)
        content = read_bytes(name)
        try:
            result = import_attendance(event, content, path.name, actor_repr=ACTOR)
        except AttendanceFileError as exc:
            raise nothing_imported(name, exc.problems) from None
        self.stdout.write(f"{event.title}: {result.describe()}")
