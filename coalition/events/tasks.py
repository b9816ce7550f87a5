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
        return jobs.Outcome(messages=[result.describe()])

    jobs.run(job_id, work)
