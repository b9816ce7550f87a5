"""The inbox as a file: CSV (UTF-8 with a BOM, so that Excel reads the accents) or an XLSX
workbook, in the language asked for. The reference and the statistical fields only: never
the summary, a step's note or a message."""

import csv
import datetime
import io

import openpyxl
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from coalition.coordination.choices import Need
from coalition.core.choices import Exploitation, Language
from coalition.core.files import download_response
from coalition.lib import iso3166
from coalition.lib.spreadsheets import CONTENT_TYPE, HEADER_FILL, put_cell

CSV = "text/csv; charset=utf-8"

# What the export reads of a referral: its summary never leaves the database.
FIELDS = (
    "reference",
    "kind",
    "urgency",
    "status",
    "sent_at",
    "acknowledge_by",
    "respond_by",
    "acknowledged_at",
    "closed_at",
    "age_group",
    "sex",
    "nationality",
    "languages",
    "needs",
    "exploitation",
    "consent",
    "sender__name",
    "sender__acronym",
    "receiver__name",
    "receiver__acronym",
    "country__iso2",
    "country__name_es",
    "country__name_en",
    "receiving_country__iso2",
    "receiving_country__name_es",
    "receiving_country__name_en",
)


def headers():
    return [
        _("Reference"),
        _("Sending country"),
        _("Sending office"),
        _("Receiving country"),
        _("Receiving office"),
        _("Type"),
        _("Urgency"),
        _("Status"),
        _("Sent"),
        _("Acknowledge by"),
        _("Respond by"),
        _("Acknowledged"),
        _("Closed"),
        _("Overdue"),
        _("Answered in time"),
        _("Age group"),
        _("Sex"),
        _("Nationality"),
        _("Languages"),
        _("Needs"),
        _("Forms of exploitation"),
        _("Consent to share"),
    ]


def _labels(codes, choices):
    names = dict(choices)
    return "; ".join(str(names.get(code, code)) for code in codes or [])


def _yes_no(value):
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def cells(record, now):
    """One row of ``record``: what the statistics count, and its reference."""
    overdue = record.acknowledgement_overdue(now) or record.response_overdue(now)
    return [
        record.reference,
        record.country.name,
        str(record.sender),
        record.receiving_country.name,
        str(record.receiver),
        record.get_kind_display(),
        record.get_urgency_display(),
        record.get_status_display(),
        record.sent_at,
        record.acknowledge_by,
        record.respond_by,
        record.acknowledged_at,
        record.closed_at,
        _yes_no(overdue),
        _yes_no(record.answered_in_time),
        record.get_age_group_display(),
        record.get_sex_display(),
        iso3166.name(record.nationality) if record.nationality else "",
        _labels(record.languages, Language.choices),
        _labels(record.needs, Need.choices),
        _labels(record.exploitation, Exploitation.choices),
        _yes_no(record.consent),
    ]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value


def _csv(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_text(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Referrals")[:31]
    for col, header in enumerate(headers(), start=1):
        cell = put_cell(sheet, 1, col, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = 18
    sheet.freeze_panes = "B2"
    for number, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if isinstance(value, datetime.datetime):
                value = timezone.localtime(value)
            put_cell(sheet, number, col, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def referrals(records, fmt, language):
    """(download response, file name) of ``records`` in ``fmt`` ("csv" or "xlsx")."""
    now = timezone.now()
    with translation.override(language):
        rows = [cells(record, now) for record in records]
        filename = f"{_('referrals')}-{timezone.localdate():%Y-%m-%d}.{fmt}"
        if fmt == "xlsx":
            return download_response(_xlsx(rows), CONTENT_TYPE, filename), filename
        return download_response(_csv(rows), CSV, filename), filename
