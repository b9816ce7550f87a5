"""The page of a background job (``core.jobs``): a progress bar that the page polls while the
job runs, then its result, its row-by-row problems or why it failed, and its file.

Only the user who started the job, and the regional administrator, may open it; anyone
else gets 404, as if it did not exist.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from coalition.core import access, jobs
from coalition.core.choices import JobStatus
from coalition.core.models import Job

JOB_RULE = access.owner_rule(Job, regional_admin=True)


@access.rule(JOB_RULE)
@require_GET
def job_detail(request, pk):
    """The job's page; to HTMX's polling, only the part that changes."""
    job = jobs.settle(get_object_or_404(Job, pk=pk))
    done, total = jobs.progress_of(job) if not job.is_over else (0, 0)
    percent = 100 if job.is_over else (min(100, done * 100 // total) if total else 0)
    context = {
        "job": job,
        "done": done,
        "total": total,
        "percent": percent,
        "waiting": job.status == JobStatus.QUEUED,
        "problems": job.result.get("problems", []) if job.status == JobStatus.FAILED else [],
        "messages_": job.result.get("messages", []) if job.status == JobStatus.DONE else [],
    }
    if request.htmx:
        return render(request, "core/_job_status.html", context)
    return render(request, "core/job_detail.html", context)


@access.rule(JOB_RULE)
@require_GET
def job_download(request, pk):
    """The file the job made (a PDF), under its name; 404 while there is none."""
    job = get_object_or_404(Job, pk=pk)
    if job.status != JobStatus.DONE or not job.output:
        raise Http404
    try:
        handle = job.output.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=job.output_name, content_type=job.output_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
