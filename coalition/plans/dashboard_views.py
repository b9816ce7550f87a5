"""A plan's dashboard, timeline and PDF progress report: figures only, through the access
layer (each user sees the countries whose progress they may read)."""

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition.core import access, audit, scopes
from coalition.core.choices import AuditAction
from coalition.core.files import bad_request, export_language
from coalition.core.models import Country
from coalition.plans.choices import ProgressStatus
from coalition.plans.models import Plan
from coalition.plans.reports import render_report
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
            '<span class="badge rounded-pill status-badge status-{}" title="{}: {}, {}%">'
            "{} · {}%</span>",
            (
                (
                    cell.status,
                    cell.country.name,
                    cell.status_label,
                    cell.percent,
                    regional if cell.country.is_regional else cell.country.iso2,
                    cell.percent,
                )
                for cell in due.open_cells
            ),
        )
    return rows


def _context(request, code):
    plan = get_object_or_404(Plan, code=code)
    data = scopes.filter_data(request)
    stats = plan_stats(plan, request.user, data=data, request=request)
    return {
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
    context = _context(request, code)
    template = "plans/dashboard.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template = "plans/dashboard_results.html"
    return render(request, template, context)


@access.rule(access.READER)
@require_GET
def plan_timeline(request, code):
    """Gantt-style bars of the activities over the plan's span, today marked."""
    context = _context(request, code)
    template = "plans/timeline.html"
    if getattr(request, "htmx", False) and not request.htmx.boosted:
        template = "plans/timeline_results.html"
    return render(request, template, context)


@access.rule(access.READER)
@require_GET
def plan_report(request, code):
    """The PDF progress report, of every visible country or of one (``?country=CR``), in
    Spanish or English (``?lang=``, the user's language by default). Audited."""
    plan = get_object_or_404(Plan, code=code)
    language, refusal = export_language(request)
    if refusal:
        return refusal
    data = {}
    country = None
    code_given = request.GET.get("country", "").strip()
    if code_given:
        country = Country.objects.active().filter(iso2__iexact=code_given).first()
        if country is None:
            return bad_request(_("Unknown country code: %(code)s.") % {"code": code_given[:10]})
        visible = access.visible_country_ids(request.user)
        if visible is not None and country.pk not in visible:
            raise Http404
        data["country"] = country.iso2
    content = render_report(plan, request, data, language)
    scope = country.scope_code if country else "all"
    filename = f"{plan.code}-{scope}-{language}-{timezone.localdate():%Y-%m-%d}.pdf"
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            plan,
            country=country,
            after={"format": "pdf", "country": scope, "language": language, "file": filename},
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
