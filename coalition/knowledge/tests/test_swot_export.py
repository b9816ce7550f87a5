"""A SWOT's exports, read back: the workbook (the 2x2 matrix and the items with where
each came from), the PDF's matrix, and the comparison's workbook; who may export, and the
audit entries."""

import io

import openpyxl
import pytest
from django.urls import reverse
from pypdf import PdfReader

from coalition.core.choices import Axis
from coalition.core.models import AuditEntry
from coalition.core.tests.pdfs import assert_generated_once
from coalition.knowledge.choices import Quadrant
from coalition.knowledge.models import SwotItem
from coalition.knowledge.tests.conftest import YEAR, make_swot
from coalition.lib.spreadsheets import CONTENT_TYPE as XLSX

pytestmark = pytest.mark.usefixtures("in_english")


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Cache-Control"] == "private, no-store"
    return openpyxl.load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]


def pdf_text(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return reader, "".join(page.extract_text() for page in reader.pages)


def squeeze(value):
    return "".join(value.split())


def exports(action="export"):
    return AuditEntry.objects.filter(action=action, object_type="knowledge.swot")


# --- one SWOT as a workbook ------------------------------------------------------------------


def test_the_workbook_has_the_matrix_and_the_items_with_their_sources(client_for, knowledge):
    regional = knowledge["swots"]["regional"]
    response = client_for("regional_admin").get(reverse("swot-export-xlsx", args=[regional.pk]))
    book = workbook(response)
    assert response["Content-Disposition"] == f'attachment; filename="swot-regional-{YEAR}.xlsx"'
    matrix, listing = book.worksheets
    assert matrix["A1"].value == f"Regional SWOT, {YEAR}"
    assert [matrix["A4"].value, matrix["B4"].value] == ["Strengths", "Weaknesses"]
    assert [matrix["A7"].value, matrix["B7"].value] == ["Opportunities", "Threats"]
    assert matrix["A5"].value == "• Mesas interinstitucionales activas en la región (Prevention)"
    assert matrix["B5"].value == "—"
    assert matrix["A4"].fill.fgColor.rgb.endswith("D1E7DD")  # strengths in green
    assert rows(listing) == [
        ["Quadrant", "Axis of action", "Item", "Evidence", "Consolidated from"],
        [
            "Strengths",
            "Prevention",
            "Mesas interinstitucionales activas en la región",
            "",
            "CR: Mesa interinstitucional activa desde 2010; "
            "GT: Mesa interinstitucional que sesiona cada mes",
        ],
    ]
    entry = exports().get(object_id=str(regional.pk))
    assert entry.after == {
        "format": "xlsx", "file": f"swot-regional-{YEAR}.xlsx", "language": "en", "items": 1
    }  # fmt: skip


def test_the_workbook_follows_the_language_asked(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    url = reverse("swot-export-xlsx", args=[swot.pk])
    response = client_for("cr_editor").get(url, {"lang": "es"})
    book = workbook(response)
    assert response["Content-Disposition"] == f'attachment; filename="foda-cr-{YEAR}.xlsx"'
    assert "Prevención" in [row[1] for row in rows(book.worksheets[1])]
    listing = rows(workbook(client_for("cr_editor").get(url)).worksheets[1])
    # The items in the matrix's order: strengths, weaknesses, opportunities, threats.
    assert [row[0] for row in listing[1:]] == ["Strengths", "Weaknesses", "Threats"]


def test_a_text_that_looks_like_a_formula_stays_text(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    SwotItem.objects.create(swot=swot, quadrant="threat", axis="justice", text="=HYPERLINK(1)")
    book = workbook(client_for("cr_editor").get(reverse("swot-export-xlsx", args=[swot.pk])))
    cells = [c for row in book.worksheets[1].iter_rows() for c in row if c.value == "=HYPERLINK(1)"]
    assert cells and cells[0].data_type == "s"


def test_exports_answer_outsiders_404_and_those_who_may_not_export_403(client_for, knowledge):
    cr, regional = knowledge["swots"]["CR"], knowledge["swots"]["regional"]
    for name in ("swot-export-xlsx", "swot-export-pdf"):
        assert client_for("gt_editor").get(reverse(name, args=[cr.pk])).status_code == 404
        assert client_for("partner").get(reverse(name, args=[regional.pk])).status_code == 403
        assert client_for("cr_contributor").get(reverse(name, args=[cr.pk])).status_code == 403
    assert not exports().exists()
    assert (
        client_for("cr_editor").post(reverse("swot-export-xlsx", args=[cr.pk])).status_code == 405
    )


# --- one SWOT as a PDF -------------------------------------------------------------------------


def test_the_pdf_is_the_classic_matrix_on_a_landscape_page(client_for, knowledge):
    swot = knowledge["swots"]["CR"]
    response = client_for("cr_editor").get(reverse("swot-export-pdf", args=[swot.pk]))
    reader, content = pdf_text(response)
    assert response["Content-Disposition"] == f'attachment; filename="swot-cr-{YEAR}.pdf"'
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width)) == 842  # A4
    flat = squeeze(content)
    for expected in (
        f"SWOTofCostaRica,{YEAR}",
        "Strengths",
        "Weaknesses",
        "Opportunities",
        "Threats",
        "Mesainterinstitucionalactivadesde2010",
        "Rotacióndefiscalesespecializados(Prosecutionandjustice)",
        "Generated",
    ):
        assert expected in flat, expected
    assert flat.index("Strengths") < flat.index("Weaknesses") < flat.index("Opportunities")
    assert exports().get(object_id=str(swot.pk)).after["format"] == "pdf"


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_pdf_says_once_when_it_was_generated_with_an_unambiguous_date(
    client_for, knowledge, language
):
    swot = knowledge["swots"]["CR"]
    response = client_for("cr_editor").get(
        reverse("swot-export-pdf", args=[swot.pk]), {"lang": language}
    )
    reader, _content = pdf_text(response)
    assert_generated_once(reader.pages[0].extract_text(), language)


def test_the_pdf_of_the_regional_swot_says_where_items_came_from(client_for, knowledge):
    regional = knowledge["swots"]["regional"]
    response = client_for("regional_admin").get(
        reverse("swot-export-pdf", args=[regional.pk]), {"lang": "es"}
    )
    _reader, content = pdf_text(response)
    assert response["Content-Disposition"] == f'attachment; filename="foda-regional-{YEAR}.pdf"'
    flat = squeeze(content)
    assert "CR:Mesainterinstitucionalactivadesde2010" in flat
    assert "Prevención" in flat


# --- the comparison's workbook -----------------------------------------------------------------


def test_the_comparison_workbook_has_a_column_per_country_and_a_row_per_quadrant(
    client_for, knowledge
):
    response = client_for("regional_admin").get(
        reverse("swot-compare-export"), {"year": YEAR, "axis": "prevention"}
    )
    book = workbook(response)
    assert response["Content-Disposition"] == f'attachment; filename="swot-comparison-{YEAR}.xlsx"'
    sheet, listing = book.worksheets
    assert sheet["A1"].value == f"SWOT comparison, {YEAR}"
    assert sheet["A2"].value == f"{YEAR} · Axis of action: Prevention"
    assert [c.value for c in sheet[4]] == ["Quadrant", "Costa Rica", "Guatemala", "Regional"]
    assert [sheet.cell(r, 1).value for r in range(5, 9)] == [
        str(label) for label in Quadrant.labels
    ]
    assert sheet["C5"].value == "• Mesa interinstitucional que sesiona cada mes (Prevention)"
    assert sheet["B8"].value == "—"  # Costa Rica's threat is on justice, filtered out
    assert {row[2] for row in rows(listing)[1:]} == {"Prevention"}
    entry = exports().get(object_repr=f"SWOT comparison, {YEAR}")
    assert entry.after["countries"] == ["CR", "GT", "XR"] and entry.after["items"] == 4
    assert entry.after["axis"] == "prevention"


def test_the_comparison_workbook_holds_the_columns_the_user_sees(client_for, knowledge):
    book = workbook(client_for("cr_editor").get(reverse("swot-compare-export")))
    assert [c.value for c in book.worksheets[0][4]] == ["Quadrant", "Costa Rica", "Regional"]


def test_the_comparison_workbook_refuses_bad_filters_and_non_exporters(client_for, knowledge):
    response = client_for("regional_admin").get(reverse("swot-compare-export"), {"axis": "x"})
    assert response.status_code == 400
    assert "The filters are not valid" in response.content.decode()
    assert client_for("partner").get(reverse("swot-compare-export")).status_code == 403
    assert client_for("cr_contributor").get(reverse("swot-compare-export")).status_code == 403
    assert not exports().exists()


def test_the_comparison_workbook_of_a_chosen_year(client_for, countries, knowledge):
    make_swot(countries["GT"], year=2020, items=[("threat", Axis.JUSTICE, "Antigua amenaza")])
    book = workbook(
        client_for("regional_admin").get(reverse("swot-compare-export"), {"year": 2020})
    )
    assert [c.value for c in book.worksheets[0][4]] == ["Quadrant", "Guatemala"]
    assert "Antigua amenaza" in book.worksheets[0]["B8"].value


def test_an_export_of_the_regional_swot_names_but_does_not_quote_unseen_sources(
    client_for, knowledge
):
    regional = knowledge["swots"]["regional"]
    gt_text = knowledge["items"]["GT"][0].text
    response = client_for("cr_editor").get(reverse("swot-export-xlsx", args=[regional.pk]))
    cells = [c.value for row in workbook(response).worksheets[1].iter_rows() for c in row]
    sources = [v for v in cells if isinstance(v, str) and v.startswith("CR: ")]
    assert sources and sources[0].endswith("; GT")
    assert not any(isinstance(v, str) and gt_text in v for v in cells)
