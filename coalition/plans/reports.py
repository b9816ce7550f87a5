"""The PDF progress report of a plan (WeasyPrint): summary figures, heatmap, overdue list,
and each activity's status per country, its products' status, its narrative and evidence
file names; of the current figures or the approved ones (``plans.figures``), as it says."""

from collections import defaultdict
from types import SimpleNamespace

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from coalition.core import access, audit
from coalition.core.choices import AuditAction
from coalition.lib.pdf import html_to_pdf
from coalition.plans import figures as modes
from coalition.plans.models import Evidence
from coalition.plans.progress import FORMULA
from coalition.plans.stats import plan_stats


def evidence_names(stats, user):
    """{progress_id: [original file name, ...]} for the progress shown, in one query."""
    ids = [c.progress.pk for c in stats.all_cells() if c.progress and c.progress.pk]
    names = defaultdict(list)
    rows = access.restrict(Evidence.objects.filter(progress_id__in=ids), user)
    for progress_id, name in rows.order_by("original_name").values_list(
        "progress_id", "original_name"
    ):
        names[progress_id].append(name)
    return names


def report_context(plan, request, data, today=None, figures=modes.CURRENT):
    stats = plan_stats(
        plan,
        request.user,
        data=data,
        request=request,
        today=today,
        details=True,
        figures=figures,
    )
    names = evidence_names(stats, request.user) if figures == modes.CURRENT else {}
    event_figures = _event_figures(stats.activities)
    knowledge = _knowledge_figures(stats.activities)
    rows = []
    for activity in stats.activities:
        cells = stats.cells_of(activity)
        reported = [
            (cell, names.get(cell.progress.pk, [])) for cell in cells if cell.progress is not None
        ]
        silent = [cell.country for cell in cells if cell.progress is None and not cell.no_report]
        rows.append(
            (activity, reported, silent, event_figures.get(activity.pk), knowledge.get(activity.pk))
        )
    return {
        "plan": plan,
        "stats": stats,
        "rows": rows,
        "country": stats.selected_country,
        "figure_mode": figures,
        "figure_mode_label": modes.MODE_LABELS[figures],
        "formula": FORMULA,
        "generated_at": timezone.localtime(),
        "generated_by": request.user.get_full_name() or request.user.get_username(),
    }


def _event_figures(activities):
    """Each activity's live verification from the events app (two queries in all)."""
    from coalition.events import metrics

    return metrics.activity_figures([a.pk for a in activities])


def _knowledge_figures(activities):
    """Each activity's agreements and campaigns from the knowledge app (one query in all)."""
    from coalition.knowledge import metrics

    return metrics.activity_figures([a.pk for a in activities])


def render_report(plan, request, data, language, today=None, progress=None, figures=modes.CURRENT):
    """The report as PDF bytes, written in ``language`` ("es" or "en"). ``progress(done,
    total)``, if given, hears of its three steps: figures, page, PDF."""
    step = progress or (lambda done, total: None)
    with translation.override(language):
        context = report_context(plan, request, data, today=today, figures=figures)
        step(1, 3)
        context["language"] = language
        html = render_to_string("plans/report.html", context)
        step(2, 3)
    return html_to_pdf(html)


def report_file(
    plan, user, country, language, *, request=None, progress=None, figures=modes.CURRENT
):
    """The report of ``plan`` for ``user`` (of ``country``, or of every country the user
    sees) as ``(PDF bytes, file name)``, written to the audit log as an export. ``request``
    is None in the background (``plans.tasks``)."""
    data = {"country": country.iso2} if country else {}
    content = render_report(
        plan,
        request or SimpleNamespace(user=user),
        data,
        language,
        progress=progress,
        figures=figures,
    )
    scope = country.scope_code if country else "all"
    kind = "-approved" if figures == modes.APPROVED else ""
    filename = f"{plan.code}-{scope}{kind}-{language}-{timezone.localdate():%Y-%m-%d}.pdf"
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            plan,
            actor=user,
            country=country,
            after={
                "format": "pdf",
                "country": scope,
                "language": language,
                "figures": figures,
                "file": filename,
            },
        )
    return content, filename
