"""Large tables read a row at a time (``stream_table``): the same reading as ``read_table``
(delimiters, encodings, empty rows skipped with their numbers kept), and a file refused
with the reason before any row is read."""

import io

import openpyxl
import pytest
from django.utils import translation

from coalition.lib.tables import TableError, stream_table


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def read(content, filename="big.csv", max_bytes=1 << 20):
    headers, rows, total = stream_table(io.BytesIO(content), filename, max_bytes)
    return headers, list(rows), total


def test_a_csv_file_with_semicolons_in_cp1252_is_read_row_by_row_with_its_numbers():
    content = "Nombre;Institución\n\nJosé Pérez;Fiscalía\n ; \nAna;OIM\n".encode("cp1252")
    headers, rows, total = read(content)
    assert headers == ["Nombre", "Institución"]
    assert rows == [(3, ["José Pérez", "Fiscalía"]), (5, ["Ana", "OIM"])]
    assert total == 4, "the lines after the header, for the progress bar"


def test_a_workbook_is_read_row_by_row():
    book = openpyxl.Workbook()
    book.active.append(["Name", "Count"])
    book.active.append(["Ana", 3])
    out = io.BytesIO()
    book.save(out)
    headers, rows, _total = read(out.getvalue(), "big.xlsx")
    assert headers == ["Name", "Count"]
    assert rows == [(2, ["Ana", "3"])]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"a" * 2048, "big.csv", "The file is larger than"),
        (b"", "big.csv", "The file has no rows."),
        (b"PK\x03\x04 not a zip", "big.xlsx", "not an Excel workbook"),
        (b"\x00\x01\x02", "big.csv", "neither a CSV text file nor an Excel workbook"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(content, filename, message):
    with pytest.raises(TableError) as refused:
        read(content, filename, max_bytes=1024)
    assert message in str(refused.value)
