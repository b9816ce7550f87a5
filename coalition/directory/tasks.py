"""The directory's background work (``core.jobs``): a large file of contacts imported, and
the key international contacts' cards printed."""

from django.utils.translation import gettext as _

from coalition.core import jobs
from coalition.core.models import Country
from coalition.directory import cards
from coalition.directory import io as directory_io


@jobs.task()
def import_directory_file(job_id):
    """Import the file the job was started with, as its user, all or nothing."""
    jobs.run(job_id, _import)


def _import(job, progress):
    try:
        result = directory_io.import_directory(
            jobs.read_upload(job), job.upload_name, user=job.user, progress=progress
        )
    except directory_io.DirectoryFileError as exc:
        raise jobs.Refused(_("The file has problems to fix."), exc.problems) from None
    return jobs.Outcome(messages=import_messages(result))


def import_messages(result, limit=30):
    """What an import tells the user: the counts, then the rows of known contacts (the
    first ``limit`` of them, the rest summed up in one line)."""
    lines = [result.describe()]
    lines += [str(notice) for notice in result.notices[:limit]]
    more = len(result.notices) - limit
    if more > 0:
        lines.append(_("… and %(n)s more rows of known contacts.") % {"n": more})
    return lines


@jobs.task()
def print_cards(job_id, scope_id, chosen, language):
    """Print the cards as the job's user may see them; the job's page offers the PDF."""

    def work(job, progress):
        scope = Country.objects.get(pk=scope_id)
        content, filename = cards.cards_file(job.user, scope, chosen, language, progress=progress)
        return jobs.Outcome(content=content, filename=filename, content_type="application/pdf")

    jobs.run(job_id, work)
