"""Long work in the background, with progress: one mechanism for every capability.

A page that has long work to do (a large import, a PDF that takes seconds, e-mails) calls
``start``: it records a ``Job`` for the user, keeps the uploaded file where the worker
reads it, enqueues the capability's task and sends the user to the job's page, which shows
a progress bar (polled with HTMX) and then the result, the row-by-row problems, or why it
failed. The task itself, in the capability's ``tasks.py``, is a function decorated with
``task`` whose body is ``jobs.run(job_id, work)``; ``work(job, progress)`` does the job,
calls ``progress(done, total)`` now and then, and returns an ``Outcome`` or raises
``Refused`` (nothing written: say why, row by row).

Tasks are Django's tasks API (``django.tasks`` from Django 6, its backport ``django_tasks``
before), queued in the database by ``django_tasks_db`` and run by ``coalition db_worker``.
Their arguments are JSON: the job's id, and whatever else the task needs as plain values.

Progress is written to the "jobs" cache, not to the job's row: an import writes in one
transaction, and a row updated inside it would stay unseen until the end.
"""

import logging
import time
from dataclasses import dataclass, field

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coalition.core.choices import JobStatus
from coalition.core.models import Job
from coalition.lib.imports import as_problem

try:  # Django 6 has the tasks API built in; the backport has the same names.
    from django.tasks import TaskResultStatus, default_task_backend, task
except ImportError:
    from django_tasks import TaskResultStatus, default_task_backend, task

__all__ = ["Outcome", "Refused", "progress_of", "run", "start", "task"]

logger = logging.getLogger(__name__)
# An import of more rows than this runs in the background (a smaller one at once).
BACKGROUND_ROWS = 300
# Progress is written at most this often (seconds): the page asks once a second.
PROGRESS_EVERY = 0.25


@dataclass
class Outcome:
    """How a job ended well: lines to show, and a file to download (``content`` bytes)."""

    messages: list = field(default_factory=list)
    content: bytes | None = None
    filename: str = ""
    content_type: str = ""


class Refused(Exception):
    """The work cannot be done and wrote nothing: ``problems`` (``lib.imports.Problem`` or
    anything with ``row``, ``column`` and ``message``) say why, row by row; ``reason`` sums
    it up."""

    def __init__(self, reason, problems=()):
        self.reason = str(reason)
        self.problems = list(problems)
        super().__init__(self.reason)


def start(request, the_task, *, kind, title, upload=None, next_url="", back_url="", args=()):
    """Record a job for ``request.user``, keep ``upload`` (an uploaded file) for the worker,
    and enqueue ``the_task(job_id, *args)``. Returns the job; send the user to its page."""
    job = Job.objects.create(
        user=request.user,
        kind=kind,
        title=str(title)[:200],
        language=translation.get_language() or "es",
        next_url=next_url,
        back_url=back_url,
    )
    if upload is not None:
        upload.seek(0)
        job.upload_name = upload.name[:255]
        job.upload.save("upload", upload, save=False)
        job.save(update_fields=["upload", "upload_name"])
    result = the_task.enqueue(str(job.pk), *args)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def _cache():
    return caches["jobs"]


def _key(job_id):
    return f"job-progress:{job_id}"


def progress_of(job):
    """``(done, total)`` of a running job as last reported; ``(0, 0)`` before any."""
    return _cache().get(_key(job.pk), (0, 0))


class Progress:
    """``progress(done, total)``: what ``work`` calls; written at most every
    ``PROGRESS_EVERY`` seconds, and always when ``done`` reaches ``total``."""

    def __init__(self, job_id):
        self.key = _key(job_id)
        self.last = 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if done < total and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        _cache().set(self.key, (int(done), int(total)))


def run(job_id, work):
    """Run ``work(job, progress)`` for the job ``job_id`` (inside its task), in the language
    the user had, and record how it ended. An unexpected error is logged and the job says
    that it stopped; ``work`` must write in one transaction, so that nothing is left."""
    job = Job.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.is_over:
        return
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    with translation.override(job.language):
        try:
            outcome = work(job, Progress(job.pk))
        except Refused as refusal:
            job.status = JobStatus.FAILED
            job.error = refusal.reason[:500]
            job.result = {"problems": [_problem(p) for p in refusal.problems]}
        except Exception:
            logger.exception("Background job %s (%s) failed", job.pk, job.kind)
            job.status = JobStatus.FAILED
            job.error = _("An unexpected error stopped the work; nothing was recorded.")
        else:
            job.status = JobStatus.DONE
            job.result = {"messages": [str(m) for m in (outcome.messages if outcome else [])]}
            if outcome is not None and outcome.content is not None:
                job.output_name = outcome.filename[:255]
                job.output_type = outcome.content_type[:100]
                job.output.save("output", ContentFile(outcome.content), save=False)
    if job.upload:
        job.upload.delete(save=False)
    job.finished = timezone.now()
    job.save()
    _cache().delete(_key(job.pk))


def settle(job):
    """Mark failed a job whose task ended without recording it (it failed before or
    outside ``run``: a worker running older code, a job deleted meanwhile)."""
    if job.is_over or not job.task_id:
        return job
    try:
        result = default_task_backend.get_result(job.task_id)
    except Exception:  # a backend that keeps no results (the tests'), or a pruned one
        return job
    if result.status not in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL):
        return job
    job.refresh_from_db()
    if not job.is_over:
        job.status = JobStatus.FAILED
        job.error = _("An unexpected error stopped the work; nothing was recorded.")
        job.finished = timezone.now()
        job.save(update_fields=["status", "error", "finished"])
    return job


def _problem(problem):
    """A ``lib.imports.Problem`` (or a plain message) as JSON, for the job's page."""
    problem = as_problem(problem)
    return {
        "row": problem.row,
        "column": str(problem.column),
        "message": str(problem.message),
        "where": str(problem.where),
        "unit": problem.unit,
    }


def read_upload(job):
    """The bytes of the file the job was started with."""
    with job.upload.open("rb") as handle:
        return handle.read()
