"""The regional annual report's page: a regional administrator chooses the year, the
language and the format, and the report is made in the background (``core.jobs``): the
job's page shows its progress and then offers the file.

Regional administrators only: the report gathers every country, and the country editors
have each capability's own pages and exports for their country.
"""

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalition.core import access, jobs
from coalition.reports import tasks
from coalition.reports.forms import AnnualReportForm


def _refusal(form):
    """400 naming each refused field."""
    lines = [
        f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    ]
    return HttpResponseBadRequest(
        escape("\n".join(lines)), content_type="text/plain; charset=utf-8"
    )


@access.rule(access.REGIONAL_ADMIN)
@require_http_methods(["GET", "POST"])
def annual_report(request):
    """The form (GET); generating it (POST) starts the job and goes to its page."""
    language = (translation.get_language() or "es")[:2]
    if request.method == "GET":
        return render(request, "reports/annual.html", {"form": AnnualReportForm(language=language)})
    form = AnnualReportForm(request.POST, language=language)
    if not form.is_valid():
        return _refusal(form)
    year, chosen, fmt = (form.cleaned_data[k] for k in ("year", "language", "format"))
    label = "PDF" if fmt == "pdf" else "Word"
    job = jobs.start(
        request,
        tasks.build_annual_report,
        kind="annual-report",
        title=_("Regional annual report %(year)s (%(format)s)") % {"year": year, "format": label},
        back_url=reverse("annual-report"),
        args=(year, chosen, fmt),
    )
    return redirect(job)
