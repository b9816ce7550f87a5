"""Spreadsheets read as tables of text: the first sheet of an XLSX workbook, or a CSV file.

Shared by the imports (attendance lists, the directory): ``read_table`` gives the header
row and the rows that are not empty, each with its row number in the file, and a file that
cannot be read raises ``TableError`` with every ``Problem`` found.
"""

import csv
import io

from django.utils.translation import gettext as _

from coalition.lib.imports import ImportRefused, Problem
from coalition.lib.spreadsheets import WorkbookError, cell_text, open_workbook

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000


class TableError(ImportRefused):
    """The table cannot be read; ``problems`` lists every reason (``lib.imports.Problem``)."""


def read_table(content, filename, *, max_bytes=MAX_BYTES, max_rows=MAX_ROWS):
    """``(headers, rows)`` of the first sheet of an XLSX file or of a CSV file, as text.

    ``rows`` is a list of (row number, [cell text, ...]) without the empty rows. A file
    larger than ``max_bytes`` or with more than ``max_rows`` rows is refused.
    """
    if len(content) > max_bytes:
        raise TableError(
            [Problem(message=_("The file is larger than %(mb)s MB.") % {"mb": max_bytes // 2**20})]
        )
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        try:
            book = open_workbook(content)
        except WorkbookError as exc:
            raise TableError(exc.problems) from None
        sheet = book.worksheets[0]
        table = [
            (number, [cell_text(v).strip() for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    else:
        table = [(n, row) for n, row in enumerate(_csv_rows(content), start=1)]
    table = [(n, row) for n, row in table if any(cell.strip() for cell in row)]
    if not table:
        raise TableError([Problem(message=_("The file has no rows."))])
    headers, rows = table[0][1], table[1:]
    if len(rows) > max_rows:
        raise TableError(
            [Problem(message=_("The file has more than %(max)s rows.") % {"max": max_rows})]
        )
    return headers, rows


def _csv_rows(content):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = "\x00"  # bytes no text encoding reads: not a CSV file
    if "\x00" in text:
        raise TableError(
            [Problem(message=_("This file is neither a CSV text file nor an Excel workbook."))]
        )
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise TableError(
            [
                Problem(
                    reader.line_num,
                    message=_("This line cannot be read as CSV (%(error)s).") % {"error": exc},
                )
            ]
        ) from None
