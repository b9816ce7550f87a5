"""The sentence list as a file: CSV (UTF-8 with a BOM, so that Excel reads the accents) or
an XLSX workbook, with the list's columns, in the language asked for."""

import csv
import datetime
import io

import openpyxl
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from coalition.core.files import download_response
from coalition.lib.spreadsheets import CONTENT_TYPE, HEADER_FILL, put_cell

CSV = "text/csv; charset=utf-8"


def headers():
    return [
        _("Reference"),
        _("Country"),
        _("Year"),
        _("Date final"),
        _("Court level"),
        _("First-level area"),
        _("Offences"),
        _("Forms of exploitation"),
        _("Persons convicted"),
        _("Persons acquitted"),
        _("Victims"),
        _("Prison term (years)"),
        _("Fines (US dollars)"),
        _("Reparation ordered"),
        _("Reparation amount (US dollars)"),
        _("Approval"),
    ]


def cells(record):
    """One row: ``record`` as the list annotates it (counts, approval label)."""
    return [
        record.reference,
        record.country.name,
        record.year,
        record.final_date,
        record.get_court_level_display(),
        record.area.name if record.area else "",
        "; ".join(f"{o.name} ({o.legal_article})" for o in record.offences.all()),
        "; ".join(str(label) for label in record.exploitation_labels()),
        record.convicted,
        record.acquitted,
        record.victim_count,
        record.prison_years,
        record.fine_amount,
        _("Yes") if record.reparation_ordered else _("No"),
        record.reparation_amount,
        str(record.approval_label),
    ]


def _csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in rows:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, datetime.date) else v for v in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Sentences")[:31]
    for col, header in enumerate(headers(), start=1):
        cell = put_cell(sheet, 1, col, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = 40 if col == 7 else 16
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            put_cell(sheet, number, col, float(value) if hasattr(value, "as_tuple") else value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sentences(records, fmt, language):
    """(download response, file name) of ``records`` in ``fmt`` ("csv" or "xlsx")."""
    with translation.override(language):
        rows = [cells(record) for record in records]
        filename = f"{_('sentences')}-{timezone.localdate():%Y-%m-%d}.{fmt}"
        if fmt == "xlsx":
            return download_response(_xlsx(rows), CONTENT_TYPE, filename), filename
        return download_response(_csv(rows), CSV, filename), filename
