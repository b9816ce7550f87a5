"""The regional comparison matrix, its CSV and XLSX exports, and a cell's drill-down to the
pillar's indicators of one assessment."""

from decimal import Decimal
from operator import itemgetter

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coalition.core import access, audit, files
from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.models import Country
from coalition.indicators.choices import AnswerType, YesPartialNo
from coalition.indicators.matrix.table import BINS, build
from coalition.indicators.models import Assessment, Pillar
from coalition.indicators.scores import scores_of
from coalition.indicators.scoring import figure, formula
from coalition.lib import exports
from coalition.lib.text import int_or_none


def _asked(request):
    """(year or None, provisional) from the query string; a bad year is a 400."""
    raw = request.GET.get("year", "").strip()
    year = int_or_none(raw, 1900, 2100) if raw else None
    if raw and year is None:
        return None, None, files.bad_request(_("year: enter a year such as 2023."))
    return year, request.GET.get("provisional") == "1", None


@access.rule(access.READER)
@require_GET
def matrix(request):
    """Countries × pillars for one year, coloured by score, with the change since the year
    before; approved assessments only unless asked (and allowed) otherwise."""
    year, provisional, refusal = _asked(request)
    if refusal:
        return refusal
    table = build(request.user, year, provisional)
    if year is not None and table.years and year not in table.years:
        raise Http404
    params = f"year={table.year}" + ("&provisional=1" if table.provisional else "")
    return render(
        request,
        "indicators/matrix/page.html",
        {"table": table, "bins": BINS, "params": params},
    )


def export_rows(table):
    """The matrix as shown: a row per country, for each column its score, bin and change
    (numbers, as a spreadsheet computes with them)."""
    header = [_("Country")]
    for name in [p.name for p in table.pillars] + [_("Overall")]:
        header += [name, _("%(column)s: level") % {"column": name}]
        header += [_("%(column)s: change") % {"column": name}]
    header.append(_("Provisional"))
    rows = []
    for row in table.rows:
        values = [row.country.name]
        for cell in [*row.cells, row.overall]:
            values += [
                float(cell.score) if cell.score is not None else "",
                str(cell.bin.label) if cell.bin else "",
                float(cell.change) if cell.change is not None else "",
            ]
        values.append(_("yes") if not row.approved else "")
        rows.append(values)
    return header, rows


@access.rule(access.READER)
@require_GET
def matrix_export(request, fmt):
    """The matrix as CSV or XLSX, in the page's language or ``?lang=``. Audited."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    language, refusal = files.export_language(request)
    if refusal:
        return refusal
    year, provisional, refusal = _asked(request)
    if refusal:
        return refusal
    with translation.override(language):
        table = build(request.user, year, provisional)
        if table.empty or (year is not None and year not in table.years):
            raise Http404
        header, rows = export_rows(table)
        stem = f"{_('indicators-matrix')}-{table.year}"
        columns = [exports.Column(text, itemgetter(i)) for i, text in enumerate(header)]
        content = exports.table(fmt, str(table.year), columns, rows)
        kind = exports.CONTENT_TYPES[fmt]
        filename = f"{stem}.{fmt}"
    with transaction.atomic():
        audit.record(
            request,
            AuditAction.EXPORT,
            object_type=Assessment._meta.label_lower,
            object_repr=_("Indicators matrix export"),
            after={
                "format": fmt,
                "file": filename,
                "year": table.year,
                "provisional": table.provisional,
                "count": sum(1 for row in table.rows if row.assessment_score),
            },
        )
    return files.download_response(content, kind, filename)


def _evidence_url(pk):
    """The download of an evidence file (None while the questionnaire's download page is
    not installed: the file is then listed by name)."""
    try:
        return reverse("answer-evidence-download", args=[pk])
    except NoReverseMatch:
        return None


@access.rule(access.READER)
@require_GET
def matrix_cell(request, iso2, year, pillar):
    """One cell's drill-down: the pillar's indicators in that assessment, each with its
    answer, score and formula, comment and evidence; 404 when the user may not read it."""
    country = get_object_or_404(Country, iso2=iso2.upper())
    assessment = access.get_visible_or_404(
        Assessment.objects.select_related("framework", "country"),
        request.user,
        country=country,
        year=year,
    )
    found = get_object_or_404(Pillar, framework=assessment.framework, code=pillar)
    scores = scores_of([assessment])[assessment.pk]
    answers = {
        answer.indicator_id: answer
        for answer in assessment.answers.filter(indicator__pillar=found).prefetch_related("files")
    }
    lines = []
    for indicator in found.indicators.select_related("instrument").order_by("order", "code"):
        answer = answers.get(indicator.pk)
        lines.append(
            {
                "indicator": indicator,
                "answer": answer,
                "value": _shown_value(indicator, answer),
                "score": _percent(answer.score) if answer and answer.score is not None else None,
                "formula": formula(indicator),
                "files": [
                    (evidence, _evidence_url(evidence.pk))
                    for evidence in (answer.files.all() if answer else [])
                ],
            }
        )
    context = {
        "assessment": assessment,
        "pillar": found,
        "pillar_score": scores.pillars.get(found.code),
        "approved": assessment.approval().state == ApprovalState.APPROVED,
        "lines": lines,
    }
    template = "indicators/matrix/cell.html"
    if request.htmx and not request.htmx.boosted:
        template = "indicators/matrix/cell_panel.html"
    return render(request, template, context)


def _percent(score):
    return figure(score * 100)


def _shown_value(indicator, answer):
    """The answer as the questionnaire writes it (None: unanswered)."""
    value = answer.value if answer is not None else None
    if value is None:
        return None
    if indicator.answer_type == AnswerType.YES_PARTIAL_NO and value in YesPartialNo.values:
        return YesPartialNo(value).label
    if isinstance(value, Decimal):
        return figure(value)
    return value
