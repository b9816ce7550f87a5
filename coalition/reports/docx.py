"""The annual report as an editable Word document (python-docx): the same content as the PDF,
with Word's own heading styles (so that Word can build a table of contents), tables with a
repeated header row and the same chart images, on A4 with the PDF's margins."""

import io
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from coalition.reports import charts

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_WIDTH = Mm(180)


def _repeat_header(row):
    """Word repeats this row at the top of each page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _contents(document):
    """A table of contents field (headings 1–2), which Word fills in when the document is
    opened (it asks to update the fields) or on "Update field"."""
    paragraph = document.add_paragraph()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), 'TOC \\o "1-2" \\h \\z \\u')
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = _("Update this field to build the table of contents (right-click → Update field).")
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _cell_text(cell):
    if cell is None or cell == "":
        return "–"
    if isinstance(cell, int | float | Decimal):
        return formats.localize(cell)
    return str(cell)


def _table(document, table):
    document.add_paragraph(table.title, style="Caption")
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    _repeat_header(header)
    for index, column in enumerate(table.columns):
        paragraph = header.cells[index].paragraphs[0]
        run = paragraph.add_run(str(column))
        run.bold = True
        run.font.size = Pt(8)
    grid.autofit = False
    widths = [int(TEXT_WIDTH * share / 100) for share in table.widths()]
    for values in table.rows:
        cells = grid.add_row().cells
        for index, value in enumerate(values):
            paragraph = cells[index].paragraphs[0]
            paragraph.add_run(_cell_text(value)).font.size = Pt(8)
            if index in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for note in table.notes:
        document.add_paragraph(note).runs[0].font.size = Pt(8)


def render(report, images=None, generated_by=""):
    """The .docx bytes of ``report``."""
    images = images if images is not None else charts.draw_all(report)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(18)
    section.left_margin = section.right_margin = Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Sans"
    normal.font.size = Pt(9)
    with translation.override(report.language):
        document.core_properties.title = report.title
        document.core_properties.language = report.language
        document.add_heading(report.title, level=0)
        document.add_paragraph(report.subtitle)
        generated = formats.date_format(report.generated, "DATETIME_FORMAT")
        document.add_paragraph(f"{_('Year')}: {report.year}")
        document.add_paragraph(f"{_('Countries')}: {', '.join(report.countries)}")
        who = f" · {generated_by}" if generated_by else ""
        document.add_paragraph(f"{_('Generated')}: {generated}{who}")
        document.add_paragraph(_("Contents"), style="TOC Heading")
        _contents(document)
        document.add_page_break()
        for number, part in enumerate(report.sections, start=1):
            document.add_heading(f"{number}. {part.title}", level=1)
            if part.intro:
                document.add_paragraph(part.intro)
            if part.is_empty:
                document.add_paragraph(part.empty)
                continue
            for label, value in part.figures:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(f"{label}: ")
                paragraph.add_run(str(value)).bold = True
            for chart in part.charts:
                document.add_picture(io.BytesIO(images[id(chart)]), width=Mm(170))
                document.add_paragraph(chart.title, style="Caption")
            for table in part.tables:
                _table(document, table)
        document.add_heading(_("Notes on method"), level=1)
        for note in report.notes:
            document.add_paragraph(note, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
