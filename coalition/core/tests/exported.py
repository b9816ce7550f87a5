"""Reading back what a list page exports (``?export=xlsx`` or ``?export=csv``), for the
tests of every app's exports."""

import csv
import io

import openpyxl


def table(response):
    """The rows of an exported file (header first) as tuples of cell values: openpyxl's
    for XLSX (dates as datetimes, numbers as numbers), text for CSV."""
    assert response.status_code == 200, response.content[:300]
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        return [tuple(row) for row in csv.reader(io.StringIO(text[1:]))]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def by_first(rows):
    """{first cell: row} of the data rows (the header left out)."""
    return {row[0]: row for row in rows[1:]}


def column(rows, header):
    """The values of the column named ``header``, data rows only."""
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def cell(rows, first, header):
    """The value in the row whose first cell is ``first``, column ``header``."""
    return by_first(rows)[first][rows[0].index(header)]
