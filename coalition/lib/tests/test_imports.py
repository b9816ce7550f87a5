"""The problem, the refusal and the result every import shares, and the one table that
shows a refused file's problems in every import page."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from coalition.lib.imports import FEATURE, PLACE, ImportRefused, ImportResult, Problem
from coalition.lib.spreadsheets import WorkbookError
from coalition.lib.tables import TableError


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_problem_names_its_row_and_column_or_its_feature_or_its_place():
    assert str(Problem(3, "Nombre", "This field is required.")) == (
        "Row 3, column “Nombre”: This field is required."
    )
    assert str(Problem(3, message="two people")) == "Row 3: two people"
    assert str(Problem(2, 'property "kind"', "unknown", unit=FEATURE)) == (
        'feature 2, property "kind": unknown'
    )
    assert str(Problem(message="missing", where="Plan!D7 (Metas)", unit=PLACE)) == (
        "Plan!D7 (Metas): missing"
    )
    assert str(Problem(0, "Nombre", "The file has no rows.")) == "The file has no rows."


def test_every_importer_refuses_with_the_same_error_listing_every_problem():
    for error in (TableError, WorkbookError):
        with pytest.raises(ImportRefused) as caught:
            raise error([Problem(2, "País", "unknown country"), "The file is damaged."])
        first, second = caught.value.problems
        assert (first.row, first.column) == (2, "País")
        assert second == Problem(message="The file is damaged.")
        assert str(caught.value) == "Row 2, column “País”: unknown country; The file is damaged."


def test_a_result_counts_each_outcome_and_tells_them_in_one_translated_line():
    line = gettext_lazy(
        "%(rows)s rows imported: %(created)s contacts created, %(updated)s updated, "
        "%(unchanged)s unchanged."
    )
    result = ImportResult(line, rows=3, created=0, updated=0, unchanged=0)
    result.add("created", 2)
    result.add("unchanged")
    assert (result.rows, result.created, result.updated) == (3, 2, 0)
    assert result.summary() == {"rows": 3, "created": 2, "updated": 0, "unchanged": 1}
    assert result.describe() == "3 rows imported: 2 contacts created, 0 updated, 1 unchanged."
    with translation.override("es"):
        assert result.describe().startswith("3 filas importadas")
    with pytest.raises(KeyError):
        result.add("deleted")
    with pytest.raises(AttributeError):
        result.deleted  # noqa: B018


@pytest.mark.parametrize(
    ("problems", "headers", "cells"),
    [
        ([Problem(4, "País", "unknown")], ["Row", "Column", "Problem"], ["4", "País", "unknown"]),
        (
            [Problem(2, 'property "kind"', "unknown", unit=FEATURE)],
            ["Feature", "Where", "Problem"],
            ["2", "property &quot;kind&quot;", "unknown"],
        ),
        (
            [Problem(message="missing", where="Info!B2 (code)", unit=PLACE)],
            ["Where", "Problem"],
            ["Info!B2 (code)", "Missing"],
        ),
    ],
)
def test_the_problem_table_has_the_columns_of_the_files_kind(problems, headers, cells):
    html = render_to_string("includes/import_problems.html", {"problems": problems})
    assert "Nothing was recorded: the file has 1 problem to fix." in html
    for text in headers:
        assert f'<th scope="col">{text}</th>' in html
    assert html.count('<th scope="col">') == len(headers)
    for text in cells:
        assert f">{text}</td>" in html
