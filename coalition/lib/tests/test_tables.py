"""Spreadsheets read as tables: CSV delimiters and encodings, empty rows skipped with their
row numbers kept, and the files refused with the reason."""

import pytest
from django.utils import translation

from coalition.lib.tables import MAX_ROWS, TableError, read_table


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def problems(content, filename="list.csv"):
    with pytest.raises(TableError) as error:
        read_table(content, filename)
    return [str(p) for p in error.value.problems]


def test_csv_with_semicolons_in_cp1252():
    content = "Nombre;Institución\nJosé Pérez;Fiscalía\n".encode("cp1252")
    headers, rows = read_table(content, "lista.csv")
    assert headers == ["Nombre", "Institución"]
    assert rows == [(2, ["José Pérez", "Fiscalía"])]


def test_empty_rows_are_skipped_with_their_numbers_kept():
    content = b"Name,Institution\n\n , \nAna,OIM\n\nLuis,UNODC\n"
    headers, rows = read_table(content, "list.csv")
    assert headers == ["Name", "Institution"]
    assert rows == [(4, ["Ana", "OIM"]), (6, ["Luis", "UNODC"])]


def test_empty_file():
    assert problems(b"") == ["The file has no rows."]
    assert problems(b"\n , \n\n") == ["The file has no rows."]


def test_binary_file_that_is_not_a_workbook():
    expected = ["This file is neither a CSV text file nor an Excel workbook."]
    assert problems(b"\x00\x01\x02binary\x00", "photo.jpg") == expected
    # Bytes that no text encoding reads are refused the same way.
    assert problems(b"\x81\x8d\x8f\x90\x9d", "photo.jpg") == expected


def test_too_many_rows():
    content = ("Name\n" + "".join(f"Person {n}\n" for n in range(MAX_ROWS + 1))).encode()
    assert problems(content) == [f"The file has more than {MAX_ROWS} rows."]
    headers, rows = read_table(content.rsplit(b"Person", 1)[0], "list.csv")
    assert len(rows) == MAX_ROWS
