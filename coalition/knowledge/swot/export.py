"""A SWOT as an Excel workbook and as a PDF with the classic 2x2 matrix, and the
comparison of countries as a workbook. Written in the active language (the views set it).

Cells are written through ``lib.spreadsheets.put_cell``, so a text that starts with "=" stays
text. The quadrants' colours are here once, for the workbook, the PDF and the pages.
"""

import io
from dataclasses import dataclass

import openpyxl
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from coalition.knowledge.choices import Quadrant
from coalition.lib.pdf import render_pdf
from coalition.lib.spreadsheets import BORDER, HEADER_FILL, WRAP, put_cell


@dataclass(frozen=True)
class Look:
    """How a quadrant is drawn: its Bootstrap colour on the pages, its fill and ink in the
    workbook and the PDF."""

    bootstrap: str
    fill: str
    ink: str


LOOKS = {
    Quadrant.STRENGTH: Look("success", "D1E7DD", "0F5132"),
    Quadrant.WEAKNESS: Look("danger", "F8D7DA", "842029"),
    Quadrant.OPPORTUNITY: Look("primary", "CFE2FF", "084298"),
    Quadrant.THREAT: Look("warning", "FFF3CD", "664D03"),
}
# The classic matrix: internal factors above, external below.
MATRIX = [(Quadrant.STRENGTH, Quadrant.WEAKNESS), (Quadrant.OPPORTUNITY, Quadrant.THREAT)]


def file_stem(swot, language):
    place = "regional" if swot.country.is_regional else swot.country.iso2.lower()
    return f"{'foda' if language == 'es' else 'swot'}-{place}-{swot.year}"


def sources_text(item):
    """ "CR: text; GT: text" for a regional item's sources (a source whose text the user
    may not read: its country's code only)."""
    return "; ".join(
        f"{s.swot.country.iso2}: {s.text}" if s.text else s.swot.country.iso2
        for s in item.sources.all()
    )


def _item_line(item):
    return f"• {item.text} ({item.get_axis_display()})"


def _save(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet, row, col, text, fill=HEADER_FILL, ink="000000"):
    cell = put_cell(sheet, row, col, str(text))
    cell.font = Font(bold=True, color=ink)
    cell.fill = fill
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    cell.border = BORDER
    return cell


def _body(sheet, row, col, text, fill=None):
    cell = put_cell(sheet, row, col, str(text))
    cell.alignment = WRAP
    cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    return cell


def _height(texts, width):
    lines = max((sum(1 + len(line) // width for line in t.splitlines()) for t in texts), default=1)
    return min(409, 15 * max(lines, 1) + 4)


def _landscape(sheet):
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _fill(quadrant):
    return PatternFill("solid", fgColor=LOOKS[quadrant].fill)


def swot_title(swot):
    if swot.country.is_regional:
        return _("Regional SWOT, %(year)s") % {"year": swot.year}
    return _("SWOT of %(country)s, %(year)s") % {"country": swot.country.name, "year": swot.year}


def swot_xlsx(swot, items):
    """Two sheets: the 2x2 matrix, and the items one per row with where each came from.
    ``items``: the SWOT's items, with their sources (and their SWOT and country)."""
    book = openpyxl.Workbook()
    matrix = book.active
    matrix.title = _("SWOT")[:31]
    put_cell(matrix, 1, 1, swot_title(swot)).font = Font(bold=True, size=14)
    generated = date_format(timezone.localtime(), "DATETIME_FORMAT")
    put_cell(matrix, 2, 1, _("Generated %(date)s") % {"date": generated}).font = Font(
        italic=True, color="6C757D"
    )
    by_quadrant = {q: [i for i in items if i.quadrant == q] for q in Quadrant.values}
    row = 4
    for pair in MATRIX:
        texts = []
        for col, quadrant in enumerate(pair, start=1):
            look = LOOKS[quadrant]
            _header(matrix, row, col, Quadrant(quadrant).label, _fill(quadrant), look.ink)
            text = "\n".join(_item_line(i) for i in by_quadrant[quadrant]) or "—"
            texts.append(text)
            _body(matrix, row + 1, col, text, _fill(quadrant))
        matrix.row_dimensions[row + 1].height = _height(texts, 60)
        row += 3
    for col in (1, 2):
        matrix.column_dimensions[get_column_letter(col)].width = 60
    _landscape(matrix)

    listing = book.create_sheet(_("Items")[:31])
    headers = [_("Quadrant"), _("Axis of action"), _("Item"), _("Evidence"), _("Consolidated from")]
    widths = [16, 26, 60, 40, 60]
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        _header(listing, 1, col, text)
        listing.column_dimensions[get_column_letter(col)].width = width
    listing.freeze_panes = "A2"
    for row, item in enumerate(items, start=2):
        values = [
            item.get_quadrant_display(),
            item.get_axis_display(),
            item.text,
            item.evidence,
            sources_text(item),
        ]
        for col, value in enumerate(values, start=1):
            _body(listing, row, col, value)
    _landscape(listing)
    return _save(book)


def swot_pdf(swot, items, generated_by=""):
    """The SWOT on one A4 landscape page (more when long): title, country, exercise,
    generated date and the coloured 2x2 matrix."""
    by_quadrant = {q: [i for i in items if i.quadrant == q] for q in Quadrant.values}
    rows = [
        [
            {
                "code": quadrant,
                "label": Quadrant(quadrant).label,
                "look": LOOKS[quadrant],
                "items": by_quadrant[quadrant],
            }
            for quadrant in pair
        ]
        for pair in MATRIX
    ]
    return render_pdf(
        "knowledge/pdf/swot.html",
        {
            "swot": swot,
            "title": swot_title(swot),
            "rows": rows,
            "generated_at": timezone.localtime(),
            "generated_by": generated_by,
        },
    )


def compare_xlsx(year, columns, cells, filters=""):
    """The comparison: one column per SWOT, one row per quadrant; then every item on its
    own row. ``cells``: {swot pk: {quadrant: [items]}}."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Comparison")[:31]
    title = _("SWOT comparison, %(year)s") % {"year": year}
    put_cell(sheet, 1, 1, title).font = Font(bold=True, size=14)
    if filters:
        put_cell(sheet, 2, 1, filters).font = Font(italic=True, color="6C757D")
    _header(sheet, 4, 1, _("Quadrant"))
    sheet.column_dimensions["A"].width = 18
    for col, swot in enumerate(columns, start=2):
        _header(sheet, 4, col, swot.country.name)
        sheet.column_dimensions[get_column_letter(col)].width = 45
    for row, quadrant in enumerate(Quadrant.values, start=5):
        _header(sheet, row, 1, Quadrant(quadrant).label, _fill(quadrant), LOOKS[quadrant].ink)
        texts = []
        for col, swot in enumerate(columns, start=2):
            text = "\n".join(_item_line(i) for i in cells[swot.pk][quadrant]) or "—"
            texts.append(text)
            _body(sheet, row, col, text, _fill(quadrant))
        sheet.row_dimensions[row].height = _height(texts, 45)
    sheet.freeze_panes = "B5"
    _landscape(sheet)

    listing = book.create_sheet(_("Items")[:31])
    headers = [_("Country"), _("Quadrant"), _("Axis of action"), _("Item"), _("Evidence")]
    widths = [20, 16, 26, 60, 40]
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        _header(listing, 1, col, text)
        listing.column_dimensions[get_column_letter(col)].width = width
    listing.freeze_panes = "A2"
    row = 2
    for swot in columns:
        for quadrant in Quadrant.values:
            for item in cells[swot.pk][quadrant]:
                values = [
                    swot.country.name,
                    item.get_quadrant_display(),
                    item.get_axis_display(),
                    item.text,
                    item.evidence,
                ]
                for col, value in enumerate(values, start=1):
                    _body(listing, row, col, value)
                row += 1
    _landscape(listing)
    return _save(book)
