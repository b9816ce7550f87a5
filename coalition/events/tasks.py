"""The events' background work (``core.jobs``): a large attendance list imported."""

from django.utils.translation import gettext as _

from coalition.core import jobs
from coalition.events import attendance_io
from coalition.events.models import Event


@jobs.task()
def import_attendance_file(job_id, event_id):
    """Import the file the job was started with into the event, all or nothing."""

    def work(job, progress):
        event = Event.objects.get(pk=event_id)
        try:
            result = attendance_io.import_attendance(
                event, jobs.read_upload(job), job.upload_name, actor=job.user, progress=progress
            )
        except attendance_io.AttendanceFileError as exc:
            raise jobs.Refused(_("The file has problems to fix."), exc.problems) from None
        return jobs.Outcome(messages=[import_message(result)])

    jobs.run(job_id, work)


def import_message(result):
    """What an attendance import tells the user."""
    return _(
        "%(rows)s rows imported: %(new)s new people, %(known)s already known; "
        "%(added)s attendance records added, %(already)s already there."
    ) % {
        "rows": result.rows,
        "new": result.created,
        "known": result.matched,
        "added": result.added,
        "already": result.already,
    }
