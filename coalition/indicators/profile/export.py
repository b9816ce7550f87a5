"""The files of a country's profile and of one assessment: the profile as a PDF (its
charts drawn as CSS bars, since WeasyPrint runs no JavaScript), the profile's trend as a
workbook, and an assessment's answers and scores as a workbook. Written in the active
language (the views set it); cells through ``lib.spreadsheets.put_cell``.
"""

import io

import openpyxl
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from coalition.indicators.models import Answer, AnswerEvidence, Indicator
from coalition.indicators.profile.build import shown_value
from coalition.indicators.scoring import formula, percent
from coalition.lib.pdf import render_pdf
from coalition.lib.spreadsheets import BORDER, HEADER_FILL, WRAP, put_cell


def place(country):
    return "regional" if country.is_regional else country.iso2.lower()


def profile_stem(country, year, language):
    return f"{'perfil' if language == 'es' else 'profile'}-{place(country)}-{year}"


def assessment_stem(assessment, language):
    word = "evaluacion" if language == "es" else "assessment"
    return f"{word}-{place(assessment.country)}-{assessment.year}"


def profile_title(country):
    if country.is_regional:
        return _("Regional compliance profile")
    return _("Compliance profile of %(country)s") % {"country": country.name}


def _save(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _headers(sheet, row, texts_and_widths):
    for col, (text, width) in enumerate(texts_and_widths, start=1):
        cell = put_cell(sheet, row, col, str(text))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = sheet.cell(row + 1, 1).coordinate


def _line(sheet, row, values):
    for col, value in enumerate(values, start=1):
        cell = put_cell(sheet, row, col, value)
        cell.alignment = WRAP
        cell.border = BORDER


def _title(sheet, title, subtitle):
    put_cell(sheet, 1, 1, title).font = Font(bold=True, size=14)
    generated = date_format(timezone.localtime(), "DATETIME_FORMAT")
    text = f"{subtitle} · " if subtitle else ""
    put_cell(sheet, 2, 1, text + _("Generated %(date)s") % {"date": generated}).font = Font(
        italic=True, color="6C757D"
    )


def _score_cell(value):
    """A 0–100 score as a number cell (None: an empty cell)."""
    return None if value is None else float(value)


def assessment_xlsx(assessment, score, approved):
    """Two sheets: every indicator's answer and score; the pillars' and overall scores
    with their formulas. ``score``: its ``AssessmentScore``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Answers")[:31]
    state = _("approved") if approved else _("provisional: not yet approved")
    _title(
        sheet,
        _("Assessment of %(country)s, %(year)s")
        % {"country": assessment.country.name, "year": assessment.year},
        f"{assessment.framework} · {state}",
    )
    heads = [
        (_("Pillar"), 22),
        (_("Code"), 9),
        (_("Question"), 50),
        (_("Legal reference"), 24),
        (_("Answer type"), 16),
        (_("Answer"), 24),
        (_("Score (0–100)"), 10),
        (_("Formula"), 30),
        (_("Weight"), 8),
        (_("Comment"), 36),
        (_("Evidence link"), 30),
        (_("Evidence files"), 30),
        (_("Computed"), 10),
    ]
    _headers(sheet, 4, heads)
    indicators = (
        Indicator.objects.filter(framework_id=assessment.framework_id)
        .select_related("pillar", "instrument")
        .order_by("pillar__order", "order", "code")
    )
    answers = {
        a.indicator_id: a
        for a in Answer.objects.filter(assessment=assessment).prefetch_related(
            Prefetch("files", queryset=AnswerEvidence.objects.order_by("original_name"))
        )
    }
    for row, indicator in enumerate(indicators, start=5):
        answer = answers.get(indicator.pk)
        files = ", ".join(f.original_name for f in answer.files.all()) if answer else ""
        _line(
            sheet,
            row,
            [
                indicator.pillar.name,
                indicator.code,
                indicator.question,
                indicator.reference,
                indicator.get_answer_type_display(),
                shown_value(indicator, answer),
                percent(answer.score) if answer else None,
                formula(indicator),
                float(indicator.weight),
                answer.comment if answer else "",
                answer.evidence_url if answer else "",
                files,
                _("Yes") if indicator.computed else _("No"),
            ],
        )
    _scores_sheet(book, score)
    return _save(book)


def _scores_sheet(book, score):
    sheet = book.create_sheet(_("Scores")[:31])
    _headers(
        sheet,
        1,
        [(_("Pillar"), 30), (_("Score (0–100)"), 12), (_("Weight"), 8), (_("Formula"), 70)],
    )
    row = 2
    for pillar in score.pillars.values():
        _line(
            sheet,
            row,
            [pillar.name, _score_cell(pillar.score), float(pillar.weight), pillar.formula],
        )
        row += 1
    _line(sheet, row, [_("Overall"), _score_cell(score.score), None, score.formula])
    for col in range(1, 5):
        sheet.cell(row, col).font = Font(bold=True)


def profile_xlsx(profile):
    """The trend: one row per year the reader may see, one column per pillar."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Trend")[:31]
    _title(sheet, profile_title(profile.country), _("Scores from 0 to 100"))
    heads = [(_("Year"), 8), (_("State"), 14), (_("Overall"), 10)]
    heads += [(name, 16) for _code, name in profile.pillar_heads]
    heads.append((_("Formula"), 60))
    _headers(sheet, 4, heads)
    for row, (year, overall, pillars) in enumerate(profile.trend_table, start=5):
        state = _("Approved") if year.approved else _("Provisional")
        values = [year.year, state, _score_cell(overall)]
        values += [_score_cell(score) for score in pillars]
        values.append(year.score.formula)
        _line(sheet, row, values)
    return _save(book)


def profile_pdf(profile, generated_by=""):
    return render_pdf(
        "indicators/profile/pdf.html",
        {
            "profile": profile,
            "title": profile_title(profile.country),
            "generated_at": timezone.localtime(),
            "generated_by": generated_by,
        },
    )
