"""Spreadsheets read as tables of text: the first sheet of an XLSX workbook, or a CSV file.

Shared by the imports (attendance lists, the directory): ``read_table`` gives the header
row and the rows that are not empty, each with its row number in the file, and a file that
cannot be read raises ``TableError`` with every ``Problem`` found.
"""

import codecs
import csv
import io

import openpyxl
from django.utils.translation import gettext as _

from coalition.lib.imports import ImportRefused, Problem
from coalition.lib.spreadsheets import WorkbookError, cell_text, check_archive, open_workbook

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


# --- streaming: files too large to hold (record-level imports) ------------------------------

# How much of a CSV file decides its encoding and delimiter.
_SNIFF_BYTES = 64 * 1024


def stream_table(handle, filename, max_bytes):
    """``(headers, rows, total)`` of a large table read a row at a time from ``handle`` (a
    binary file open for reading and seeking), so that memory does not grow with the file.

    ``rows`` yields (row number, [cell text, ...]) for each row that is not empty;
    ``total`` is the number of rows as far as the file tells it cheaply (for progress), 0
    when unknown. A file that cannot be read raises ``TableError``; a CSV line that cannot
    be read raises it while iterating."""
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    if size > max_bytes:
        raise TableError(
            [Problem(message=_("The file is larger than %(mb)s MB.") % {"mb": max_bytes >> 20})]
        )
    start = handle.read(4)
    handle.seek(0)
    if start == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        table, total = _stream_xlsx(handle)
    else:
        table, total = _stream_csv(handle)
    numbered = ((n, row) for n, row in table if any(row))  # cells come stripped
    first = next(numbered, None)
    if first is None:
        raise TableError([Problem(message=_("The file has no rows."))])
    return first[1], numbered, max(total - 1, 0)


def _stream_xlsx(handle):
    try:
        check_archive(handle)
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        total = sheet.max_row or 0
    except WorkbookError as exc:
        raise TableError(exc.problems) from None
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same
        raise TableError(
            [Problem(message=_("The workbook is damaged and cannot be read."))]
        ) from None

    def rows():
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [cell_text(v).strip() for v in values]
        finally:
            book.close()

    return rows(), total


def _stream_csv(handle):
    sample = handle.read(_SNIFF_BYTES)
    total = sample.count(b"\n")
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        total += chunk.count(b"\n")
    handle.seek(0)
    encoding = "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        encoding = "cp1252"
    if b"\x00" in sample:
        raise TableError(
            [Problem(message=_("This file is neither a CSV text file nor an Excel workbook."))]
        )
    first = sample.split(b"\n", 1)[0].decode(encoding, errors="replace")
    delimiter = max(",;\t", key=first.count)

    def rows():
        text = io.TextIOWrapper(handle, encoding=encoding, newline="")
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for row in reader:
                yield reader.line_num, [cell.strip() for cell in row]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise TableError(
                [
                    Problem(
                        reader.line_num + 1,
                        message=_("This line cannot be read as CSV (%(error)s).") % {"error": exc},
                    )
                ]
            ) from None
        finally:
            if not handle.closed:
                text.detach()  # the caller's file stays open

    return rows(), total
