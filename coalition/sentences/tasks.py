"""The sentences' background work (``core.jobs``): a large file of sentences imported."""

from django.utils.translation import gettext as _

from coalition.core import jobs
from coalition.sentences import io as sentences_io


@jobs.task()
def import_sentences_file(job_id):
    """Import the file the job was started with, as its user, all or nothing."""
    jobs.run(job_id, _import)


def _import(job, progress):
    try:
        with job.upload.open("rb") as handle:
            result = sentences_io.import_sentences(
                handle, job.upload_name, user=job.user, progress=progress
            )
    except sentences_io.SentenceFileError as exc:
        raise jobs.Refused(_("The file has problems to fix."), exc.problems) from None
    return jobs.Outcome(messages=[result.describe()])
