"""Spreadsheet helpers every import and export shares: safe cells, the house styles, and
opening an uploaded workbook without trusting it (size, zip bomb, damaged file)."""

import datetime
import io
import zipfile

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, PatternFill, Side

from coalition.lib.imports import ImportRefused

MAX_BYTES = 10 * 1024 * 1024
# A workbook that unpacks to more than this is refused (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


class WorkbookError(ImportRefused):
    """The workbook cannot be imported; ``problems`` lists every reason (a plain message
    is the problem of the whole workbook)."""


# Dates are real date cells, shown the ISO way in every language (2026-12-02): a day-first
# or month-first display would read differently in Costa Rica and in the United States.
DATE_CELL_FORMAT = "yyyy-mm-dd"
DATETIME_CELL_FORMAT = "yyyy-mm-dd hh:mm"


def put_cell(sheet, row, col, value):
    """Write text as text (a cell that starts with "=" must not become a formula), and
    dates as date cells in ``DATE_CELL_FORMAT`` (times in the server's time zone)."""
    cell = sheet.cell(row, col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    elif isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        cell.value = value
        cell.number_format = DATETIME_CELL_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_CELL_FORMAT
    else:
        cell.value = value
    return cell


def open_workbook(content):
    """An openpyxl workbook from uploaded bytes, or ``WorkbookError`` saying why not."""
    if len(content) > MAX_BYTES:
        raise WorkbookError([_("The file is larger than 10 MB.")])
    check_archive(io.BytesIO(content))
    try:
        return openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same
        raise WorkbookError([_("The workbook is damaged and cannot be read.")]) from None


def check_archive(handle):
    """Refuse (``WorkbookError``) a file that is no XLSX archive or that unpacks to more
    than ``MAX_UNPACKED_BYTES``; ``handle`` is a binary file, left at its start."""
    not_xlsx = _(
        "This file is not an Excel workbook (.xlsx). Save it as “Excel Workbook (.xlsx)” "
        "and try again."
    )
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise WorkbookError([not_xlsx]) from None
    finally:
        handle.seek(0)
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise WorkbookError([not_xlsx])
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError([_("The workbook is too large once unpacked.")])


def cell_text(value):
    """A cell's value as the text a person sees (2012, not 2012.0)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n")
