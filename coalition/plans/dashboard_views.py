"""A plan's dashboard, timeline and PDF progress report: figures only, through the access
layer (each user sees the countries whose progress they may read)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from coalition.core import access, jobs, scopes
from coalition.core.files import bad_request, export_language
from coalition.core.models import Country
from coalition.plans import figures
from coalition.plans import tasks as plan_tasks
from coalition.plans.choices import ProgressStatus
from coalition.plans.models import Plan
from coalition.plans.reports import report_file
from coalition.plans.stats import DUE_SOON_DAYS, plan_stats

# The dashboard lists this many overdue (and due soon) activities; the filters and the PDF
# report show the rest.
LIST_LIMIT = 25


def _badges(rows):
    """Each listed activity's open countries as badges, built here rather than in the
    template: a long list of them is most of the page's rendering time."""
    regional = _("Reg.")
    for due in rows:
        due.badges = format_html_join(
            " ",
            '<span class="badge rounded-pill status-badge status-{}" title="{}: {}, {}%{}">'
            "{} · {}%</span>",
            (
                (
                    cell.status,
                    cell.country.name,
                    cell.status_label,
                    cell.percent,
                    _products_done(cell),
                    regional if cell.country.is_regional else cell.country.iso2,
                    cell.percent,
                )
                for cell in due.open_cells
            ),
        )
    return rows


def _figures(request):
    """The figures the user asked for (``?figures=current|approved``) and may see, or
    ``(None, the 400 answer)``."""
    try:
        return figures.mode_for(request.user, request.GET.get("figures")), None
    except figures.BadFigures as error:
        return None, bad_request(str(error))


def _switch(data, mode):
    """The query string of the same page with the other figures."""
    data = data.copy()
    data["figures"] = mode
    return data.urlencode()


def _products_done(cell):
    """ ", 1 of 2 products done" for an activity with products; nothing otherwise."""
    if not cell.products:
        return ""
    done = sum(1 for part in cell.products if part.status == ProgressStatus.DONE)
    return " · " + ngettext(
        "%(done)d of %(total)d product done",
        "%(done)d of %(total)d products done",
        len(cell.products),
    ) % {"done": done, "total": len(cell.products)}


def _context(request, code, mode):
    plan = get_object_or_404(Plan, code=code)
    data = scopes.filter_data(request)
    stats = plan_stats(
        plan, request.user, data=data, request=request, figures=mode, report_states=True
    )
    return {
        "figures": mode,
        "figure_modes": [
            (value, figures.MODE_LABELS[value], _switch(data, value)) for value in figures.MODES
        ],
        "may_choose": figures.may_choose(request.user),
        "plan": plan,
        "stats": stats,
        "filter": stats.filterset,
        "due_soon_days": DUE_SOON_DAYS,
        "overdue_shown": _badges(stats.overdue[:LIST_LIMIT]),
        "due_soon_shown": _badges(stats.due_soon[:LIST_LIMIT]),
        "statuses": ProgressStatus,
        # The report and the other views follow the filters shown, scope included.
        "query": data.urlencode(),
    }


@access.rule(access.READER)
@require_GET
def plan_dashboard(request, code):
    """Completion per objective and country, overdue activities, deadlines coming up."""
    mode, refusal = _figures(request)
    if refusal:
        return refusal
    context = _context(request, code, mode)
    template = "plans/dashboard.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template = "plans/dashboard_results.html"
    return render(request, template, context)


@access.rule(access.READER)
@require_GET
def plan_timeline(request, code):
    """Gantt-style bars of the activities over the plan's span, today marked."""
    mode, refusal = _figures(request)
    if refusal:
        return refusal
    context = _context(request, code, mode)
    template = "plans/timeline.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template = "plans/timeline_results.html"
    return render(request, template, context)


def _report_choices(request):
    """``(language, country or None, figures, None)`` from ``?lang=``, ``?country=`` and
    ``?figures=``, or ``(None, None, None, the 400 answer)``; 404 for a country whose
    current figures the user may not see."""
    language, refusal = export_language(request)
    if refusal:
        return None, None, None, refusal
    mode, refusal = _figures(request)
    if refusal:
        return None, None, None, refusal
    language, country, refusal = _report_country(request, language, mode)
    return language, country, mode, refusal


def _report_country(request, language, mode):
    code_given = request.GET.get("country", "").strip()
    if not code_given:
        return language, None, None
    country = Country.objects.active().filter(iso2__iexact=code_given).first()
    if country is None:
        return (
            None,
            None,
            bad_request(_("Unknown country code: %(code)s.") % {"code": code_given[:10]}),
        )
    visible = access.visible_country_ids(request.user)
    if mode == figures.CURRENT and visible is not None and country.pk not in visible:
        raise Http404
    return language, country, None


@access.rule(access.READER)
@require_GET
def plan_report(request, code):
    """The PDF progress report, of every visible country or of one (``?country=CR``), in
    Spanish or English (``?lang=``, the user's language by default). Audited."""
    plan = get_object_or_404(Plan, code=code)
    language, country, mode, refusal = _report_choices(request)
    if refusal:
        return refusal
    content, filename = report_file(
        plan, request.user, country, language, request=request, figures=mode
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@access.rule(access.READER)
@require_POST
def plan_report_job(request, code):
    """The same report, made in the background: the user follows it on the job's page
    and downloads it from there."""
    plan = get_object_or_404(Plan, code=code)
    language, country, mode, refusal = _report_choices(request)
    if refusal:
        return refusal
    job = jobs.start(
        request,
        plan_tasks.build_plan_report,
        kind="plan-report",
        title=_("Progress report of %(plan)s (PDF)") % {"plan": plan.code},
        next_url=reverse("plan-dashboard", kwargs={"code": plan.code}),
        args=(plan.pk, country.pk if country else None, language, mode),
    )
    return redirect(job)
