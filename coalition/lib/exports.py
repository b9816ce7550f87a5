"""One way to write a table a user sees as a file: XLSX or CSV, the same columns and rows
whatever the page (a filtered list, a statistics table, a workbook sheet).

A page describes its columns once::

    COLUMNS = [
        exports.Column(_("Title"), "title", width=40),
        exports.Column(_("Country"), lambda event: event.country.name),
        exports.Column(_("Starts"), "starts"),
    ]
    content = exports.table("xlsx", _("Events"), COLUMNS, events)

and gets bytes it sends with ``exports.CONTENT_TYPES[fmt]``. Headers are translated when
the table is written, so the caller writes it inside ``translation.override(language)``.

- XLSX: a bold, filled, frozen header row, wrapped text, real date and number cells,
  text that stays text (``=cmd()`` never becomes a formula), through
  ``lib.spreadsheets.put_cell``; several tables are several sheets (``workbook``).
- CSV: UTF-8 with a byte-order mark (Excel opens accents correctly), comma-separated,
  every line ended by CRLF; a cell that a spreadsheet would run as a formula (starting
  with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is prefixed with an apostrophe.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from coalition.lib import spreadsheets

FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {"xlsx": spreadsheets.CONTENT_TYPE, "csv": "text/csv; charset=utf-8"}
# Excel's limit on a sheet's name, and the characters it refuses in one.
SHEET_NAME_CHARS = 31
SHEET_NAME_REFUSED = str.maketrans({c: " " for c in "[]:*?/\\"})
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60


@dataclass(frozen=True)
class Column:
    """A column: its header (a lazy translation) and how a row gives its value: an
    attribute path ("country.name"), a dict key, or a function of the row."""

    header: object
    value: str | Callable
    width: int = 18

    def of(self, row):
        if callable(self.value):
            return self.value(row)
        found = row
        for part in self.value.split("."):
            if found is None:
                return None
            found = found.get(part) if isinstance(found, dict) else getattr(found, part)
        return found() if callable(found) else found


@dataclass(frozen=True)
class Sheet:
    """One table of a workbook: its title, columns and rows."""

    title: object
    columns: list
    rows: Iterable


def cell_value(value):
    """A value as a cell holds it: text, a number, a date; None as an empty cell; a lazy
    translation or a choice label as its text; booleans as "1"/"0" are the caller's."""
    if value is None or isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(cell_value(v)) for v in value if v not in (None, ""))
    return str(value)


def table(fmt, title, columns, rows):
    """The bytes of one table in ``fmt`` ("xlsx" or "csv")."""
    if fmt == "csv":
        return _csv(columns, rows)
    if fmt == "xlsx":
        return workbook([Sheet(title, columns, rows)])
    raise ValueError(f"unknown export format {fmt!r}")


def workbook(sheets):
    """The bytes of an XLSX workbook with one sheet per ``Sheet``."""
    book = Workbook()
    book.remove(book.active)
    used = set()
    for sheet in sheets:
        ws = book.create_sheet(_sheet_name(sheet.title, used))
        write_sheet(ws, sheet.columns, sheet.rows)
    if not book.worksheets:
        book.create_sheet("-")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_sheet(ws, columns, rows, first_row=1):
    """Write a header row and the rows into an openpyxl worksheet; returns the next row."""
    bold = Font(bold=True)
    for col, column in enumerate(columns, start=1):
        cell = spreadsheets.put_cell(ws, first_row, col, str(column.header))
        cell.font, cell.fill, cell.border = bold, spreadsheets.HEADER_FILL, spreadsheets.BORDER
        cell.alignment = spreadsheets.WRAP
        ws.column_dimensions[get_column_letter(col)].width = min(column.width, MAX_WIDTH)
    r = first_row
    for row in rows:
        r += 1
        for col, column in enumerate(columns, start=1):
            cell = spreadsheets.put_cell(ws, r, col, cell_value(column.of(row)))
            cell.alignment = spreadsheets.WRAP
    ws.freeze_panes = ws.cell(first_row + 1, 1)
    return r + 1


def _csv(columns, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_text(str(c.header)) for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(column.of(row)) for column in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value):
    value = cell_value(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return _csv_text(value)
    return value


def _csv_text(text):
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _sheet_name(title, used):
    base = str(title).translate(SHEET_NAME_REFUSED).strip()[:SHEET_NAME_CHARS] or "-"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        suffix = f" ({n})"
        name = base[: SHEET_NAME_CHARS - len(suffix)] + suffix
    used.add(name.lower())
    return name
