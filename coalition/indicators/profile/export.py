"""The files of a country's profile and of one assessment: the profile as a PDF (its
charts drawn as CSS bars, since WeasyPrint runs no JavaScript), the profile's trend as a
workbook, and an assessment's answers and scores as a workbook. Written in the active
language (the views set it); tables through ``lib.exports``.
"""

import io
from operator import itemgetter

import openpyxl
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from coalition.indicators.models import Answer, AnswerEvidence, Indicator
from coalition.indicators.profile.build import shown_value
from coalition.indicators.scoring import formula, percent
from coalition.lib import exports
from coalition.lib.pdf import render_pdf
from coalition.lib.spreadsheets import put_cell


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


def _table(sheet, first_row, heads, rows):
    """A table of ``heads`` ((text, width) pairs) and ``rows`` (lists of values) from
    ``first_row``, written by ``lib.exports``; returns the row after it."""
    columns = [exports.Column(text, itemgetter(i), width) for i, (text, width) in enumerate(heads)]
    return exports.write_sheet(sheet, columns, rows, first_row=first_row)


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
    rows = []
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        files = ", ".join(f.original_name for f in answer.files.all()) if answer else ""
        rows.append(
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
            ]
        )
    _table(sheet, 4, heads, rows)
    _scores_sheet(book, score)
    return _save(book)


def _scores_sheet(book, score):
    sheet = book.create_sheet(_("Scores")[:31])
    heads = [(_("Pillar"), 30), (_("Score (0–100)"), 12), (_("Weight"), 8), (_("Formula"), 70)]
    rows = [
        [pillar.name, _score_cell(pillar.score), float(pillar.weight), pillar.formula]
        for pillar in score.pillars.values()
    ]
    rows.append([_("Overall"), _score_cell(score.score), None, score.formula])
    last = _table(sheet, 1, heads, rows) - 1
    for col in range(1, 5):
        sheet.cell(last, col).font = Font(bold=True)


def profile_xlsx(profile):
    """The trend: one row per year the reader may see, one column per pillar."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Trend")[:31]
    _title(sheet, profile_title(profile.country), _("Scores from 0 to 100"))
    heads = [(_("Year"), 8), (_("State"), 14), (_("Overall"), 10)]
    heads += [(name, 16) for _code, name in profile.pillar_heads]
    heads.append((_("Formula"), 60))
    rows = []
    for year, overall, pillars in profile.trend_table:
        state = _("Approved") if year.approved else _("Provisional")
        values = [year.year, state, _score_cell(overall)]
        values += [_score_cell(score) for score in pillars]
        values.append(year.score.formula)
        rows.append(values)
    _table(sheet, 4, heads, rows)
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
