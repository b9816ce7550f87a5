"""The one export helper (``lib.exports``): the same columns and rows as XLSX or CSV, text
that stays text, dates and numbers as such, headers in the language being written."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from coalition.lib import exports
from coalition.lib.exports import Column, Sheet

ROWS = [
    {"title": "Taller", "when": datetime.date(2026, 8, 10), "people": 12, "tags": ["a", "b"]},
    {"title": '=HYPERLINK("http://x")', "when": None, "people": Decimal("2.5"), "tags": []},
    {"title": "+34 600", "when": datetime.date(2026, 1, 2), "people": 0, "tags": None},
]
COLUMNS = [
    Column(_("Title"), "title", width=40),
    Column(_("Starts"), "when"),
    Column(_("People"), "people"),
    Column("Tags", "tags"),
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def xlsx_rows(content, index=0):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return book, list(book.worksheets[index].iter_rows())


def csv_rows(content):
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_xlsx_has_a_bold_frozen_header_and_real_dates_and_numbers():
    book, rows = xlsx_rows(exports.table("xlsx", "Events", COLUMNS, ROWS))
    sheet = book.active
    assert sheet.title == "Events"
    assert [c.value for c in rows[0]] == ["Title", "Starts", "People", "Tags"]
    assert rows[0][0].font.bold and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 40
    assert rows[1][1].value == datetime.datetime(2026, 8, 10) and rows[1][1].is_date
    assert rows[1][2].value == 12 and rows[1][3].value == "a; b"
    assert rows[2][1].value is None


def test_a_cell_that_looks_like_a_formula_stays_text_in_both_formats():
    _book, rows = xlsx_rows(exports.table("xlsx", "t", COLUMNS, ROWS))
    assert rows[2][0].value == '=HYPERLINK("http://x")' and rows[2][0].data_type == "s"
    assert rows[3][0].value == "+34 600" and rows[3][0].data_type == "s"
    lines = csv_rows(exports.table("csv", "t", COLUMNS, ROWS))
    assert lines[2][0] == '\'=HYPERLINK("http://x")'
    assert lines[3][0] == "'+34 600"


def test_csv_is_utf8_with_a_bom_crlf_lines_iso_dates_and_empty_cells():
    content = exports.table("csv", "t", COLUMNS, ROWS)
    assert content.startswith("\ufeff".encode()) and b"\r\n" in content
    lines = csv_rows(content)
    assert lines[0] == ["Title", "Starts", "People", "Tags"]
    assert lines[1] == ["Taller", "2026-08-10", "12", "a; b"]
    assert lines[2][1] == "" and lines[3][3] == ""


def test_headers_and_choice_labels_are_written_in_the_language_active_when_writing():
    columns = [Column(_("Title"), "title"), Column(_("Country"), lambda row: _("Regional"))]
    with translation.override("es"):
        spanish = csv_rows(exports.table("csv", "t", columns, ROWS[:1]))
    with translation.override("en"):
        english = csv_rows(exports.table("csv", "t", columns, ROWS[:1]))
    assert spanish[0] == ["Título", "País"] and english[0] == ["Title", "Country"]
    assert english[1][1] == "Regional"


def test_a_column_reads_attribute_paths_dict_keys_methods_and_functions():
    class Thing:
        name = "x"
        country = None

        def label(self):
            return "L"

    thing = Thing()
    assert Column("", "name").of(thing) == "x"
    assert Column("", "country.name").of(thing) is None  # through an empty link
    assert Column("", "label").of(thing) == "L"
    assert Column("", lambda row: row.name * 2).of(thing) == "xx"
    assert Column("", "a.b").of({"a": {"b": 3}}) == 3


def test_a_workbook_has_one_sheet_per_table_with_valid_unique_names():
    content = exports.workbook(
        [
            Sheet("Events: 2026/12 [draft]", COLUMNS, ROWS),
            Sheet("Events: 2026/12 [draft]", COLUMNS, []),
            Sheet("x" * 40, COLUMNS, ROWS[:1]),
        ]
    )
    book = openpyxl.load_workbook(io.BytesIO(content))
    names = book.sheetnames
    assert len(names) == 3 and len(set(n.lower() for n in names)) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert [c.value for c in book.worksheets[1][1]] == ["Title", "Starts", "People", "Tags"]


def test_an_empty_table_still_has_its_header():
    _book, rows = xlsx_rows(exports.table("xlsx", "t", COLUMNS, []))
    assert len(rows) == 1
    assert csv_rows(exports.table("csv", "t", COLUMNS, [])) == [
        ["Title", "Starts", "People", "Tags"]
    ]


def test_an_unknown_format_is_an_error():
    with pytest.raises(ValueError):
        exports.table("ods", "t", COLUMNS, ROWS)
    assert exports.FORMATS == ("xlsx", "csv")
    assert set(exports.CONTENT_TYPES) == set(exports.FORMATS)


def test_cell_value_keeps_numbers_and_dates_and_joins_lists():
    assert exports.cell_value(None) is None
    assert exports.cell_value(3) == 3 and exports.cell_value(Decimal("1.5")) == Decimal("1.5")
    day = datetime.date(2026, 1, 1)
    assert exports.cell_value(day) is day
    assert exports.cell_value(["a", None, "", "b"]) == "a; b"
    assert exports.cell_value(_("Title")) in ("Title", "Título")
