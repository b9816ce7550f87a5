import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalition.core.choices import ApprovalState, AuditAction
from coalition.core.models import Approval, AuditEntry
from coalition.indicators.matrix.table import BINS, bin_of, contrast, luminance
from coalition.indicators.models import APPROVAL_KIND, Framework
from coalition.indicators.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

MATRIX = reverse("indicator-matrix")
SCORES = reverse("api:indicator-scores")


def approve(record):
    Approval.objects.create(
        kind=APPROVAL_KIND, country=record.country, year=record.year, state=ApprovalState.APPROVED
    )
    return record


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def row_of(page, iso2):
    start = page.index(f'id="row-{iso2}"')
    return page[start : page.index("</tr>", start)]


@pytest.fixture
def guatemala(countries):
    """Guatemala approved in 2022 (prosecution 50) and 2023 (prosecution 100)."""
    made = factories.framework()
    approve(factories.assessment(countries["GT"], 2022, made, {**factories.FULL, "PR-01": "no"}))
    return approve(factories.assessment(countries["GT"], 2023, made, factories.FULL))


def test_the_matrix_shows_approved_scores_with_the_change_since_last_year(client_for, guatemala):
    page = text(client_for("partner").get(MATRIX))
    row = row_of(page, "GT")
    assert "Regional comparison · 2023" in page
    assert "100.0" in row
    # Prosecution went from 33.3 (PR-01 "no": 0 × 2 + 1 × 1 of 3) to 100.
    assert "▲ 66.7" in row
    assert "Very high" in row


def test_a_cell_without_a_previous_year_shows_a_dash(client_for, countries):
    approve(factories.assessment(countries["HN"], 2023, answers=factories.FULL))
    row = row_of(text(client_for("partner").get(MATRIX)), "HN")
    assert '<span class="matrix-change">—</span>' in row
    assert "▲" not in row


def test_the_matrix_leaves_out_assessments_not_yet_approved(client_for, guatemala, countries):
    factories.assessment(countries["CR"], 2023, answers=factories.FULL)
    page = text(client_for("cr_editor").get(MATRIX))
    assert "no assessment" in row_of(page, "CR")
    assert "100.0" not in row_of(page, "CR")
    assert "provisional" not in row_of(page, "CR")


def test_an_editor_who_asks_sees_their_provisional_scores_marked(client_for, guatemala, countries):
    factories.assessment(countries["CR"], 2023, answers=factories.FULL)
    factories.assessment(countries["HN"], 2023, answers=factories.FULL)
    page = text(client_for("cr_editor").get(MATRIX, {"provisional": "1"}))
    assert "100.0" in row_of(page, "CR")
    assert "provisional" in row_of(page, "CR")
    assert "matrix-provisional" in row_of(page, "CR")
    # Honduras's draft is not Costa Rica's editor's to read.
    assert "no assessment" in row_of(page, "HN")


def test_a_partner_cannot_ask_for_provisional_scores(client_for, guatemala, countries):
    factories.assessment(countries["CR"], 2023, answers=factories.FULL)
    page = text(client_for("partner").get(MATRIX, {"provisional": "1"}))
    assert "f-provisional" not in page
    assert "100.0" not in row_of(page, "CR")


def test_the_auditor_does_not_see_the_matrix(client_for, guatemala):
    assert client_for("auditor").get(MATRIX).status_code in (403, 404)


def test_the_matrix_says_so_when_no_year_is_approved(client_for, countries):
    factories.assessment(countries["CR"], 2023, answers=factories.FULL)
    page = text(client_for("partner").get(MATRIX))
    assert 'id="matrix-empty"' in page
    assert "No year has approved assessments yet." in page


def test_the_matrix_answers_400_to_a_bad_year(client_for, guatemala):
    response = client_for("partner").get(MATRIX, {"year": "twenty"})
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_the_year_selector_offers_the_approved_years_latest_first(client_for, guatemala):
    page = text(client_for("partner").get(MATRIX, {"year": "2022"}))
    assert "Regional comparison · 2022" in page
    assert page.index('value="2023"') < page.index('value="2022"')
    assert '<option value="2022" selected>' in page


def test_the_legend_lists_every_bin_with_its_range(client_for, guatemala):
    page = text(client_for("partner").get(MATRIX))
    start = page.index('id="matrix-legend"')
    legend = page[start : page.index("</ul>", start)]
    for found in BINS:
        assert f"{found.label}: {found.range}" in legend


def test_the_scale_darkens_steadily_so_that_it_reads_in_grayscale():
    lightness = [luminance(found.background) for found in BINS]
    assert lightness == sorted(lightness, reverse=True)
    steps = zip(lightness, lightness[1:], strict=False)
    assert all(first - second > 0.08 for first, second in steps)


def test_every_bins_text_contrasts_enough_with_its_colour():
    for found in BINS:
        assert contrast(found.background, found.text) >= 4.5, found.label


def test_the_style_sheet_paints_each_bin_as_the_scale_says():
    sheet = (Path(settings.BASE_DIR) / "static/css/indicators-matrix.css").read_text()
    for index, found in enumerate(BINS):
        assert (
            f".matrix-bin-{index} {{ background-color: {found.background}; color: {found.text}; "
            in sheet
        )


def test_a_score_falls_in_its_bin():
    assert bin_of(Decimal("19.9")) == BINS[0]
    assert bin_of(Decimal(20)) == BINS[1]
    assert bin_of(Decimal(100)) == BINS[4]
    assert bin_of(None) is None


def test_a_cell_carries_its_formula_in_its_title(client_for, guatemala):
    row = row_of(text(client_for("partner").get(MATRIX)), "GT")
    assert 'title="100 × Σ(score × weight) ÷ Σ weight = 100 × 3 ÷ 3"' in row


def test_the_drill_down_shows_the_indicators_with_their_formula(client_for, guatemala):
    url = reverse("indicator-matrix-cell", args=["GT", 2023, "prosecution"])
    page = text(client_for("partner").get(url))
    assert "Question PR-01" in page
    assert "Palermo Protocol, art. 5.1" in page
    assert "Yes" in page
    assert "100 × Σ(score × weight) ÷ Σ weight = 100 × 3 ÷ 3" in page
    assert "Value ÷ 20, at most 1; weight 1" in page
    assert "Question PP-01" not in page


def test_the_drill_down_comes_as_a_panel_to_htmx(client_for, guatemala):
    url = reverse("indicator-matrix-cell", args=["GT", 2023, "prosecution"])
    page = text(client_for("partner").get(url, headers={"HX-Request": "true"}))
    assert page.lstrip().startswith('<div class="card" id="matrix-cell">')


def test_the_drill_down_answers_404_to_an_outsider(client_for, countries):
    factories.assessment(countries["HN"], 2023, answers=factories.FULL)
    url = reverse("indicator-matrix-cell", args=["HN", 2023, "prosecution"])
    assert client_for("cr_editor").get(url).status_code == 404
    assert client_for("partner").get(url).status_code == 404
    assert client_for("regional_admin").get(url).status_code == 200


def test_the_drill_down_answers_404_to_an_unknown_pillar(client_for, guatemala):
    url = reverse("indicator-matrix-cell", args=["GT", 2023, "nothing"])
    assert client_for("partner").get(url).status_code == 404


def test_the_csv_export_is_the_matrix_as_shown_and_audited(client_for, guatemala):
    response = client_for("partner").get(reverse("indicator-matrix-export", args=["csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Country", "Prosecution", "Prosecution: level", "Prosecution: change"]
    guatemala_row = next(row for row in rows if row[0] == "Guatemala")
    assert guatemala_row[1:4] == ["100.0", "Very high", "66.7"]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_the_xlsx_export_holds_the_scores_as_numbers(client_for, guatemala):
    response = client_for("partner").get(
        reverse("indicator-matrix-export", args=["xlsx"]), {"year": "2023"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    guatemala_row = next(row for row in values if row[0] == "Guatemala")
    assert guatemala_row[1] == 100.0


def test_the_matrix_is_in_spanish_by_default(client_for, guatemala, personas):
    personas["partner"].language = "es"
    personas["partner"].save()
    page = client_for("partner").get(MATRIX).content.decode()
    assert "Comparación regional" in page
    assert "Muy alto" in page


def queries_of(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def many_years(countries, years):
    made = Framework.objects.first() or factories.framework()
    for iso2 in ("GT", "HN", "SV", "NI", "CR", "PA", "BZ", "DO")[: len(years)]:
        for year in years:
            approve(factories.assessment(countries[iso2], year, made, factories.FULL))


def test_the_matrix_queries_do_not_grow_with_countries_and_years(client_for, countries):
    many_years(countries, [2022, 2023])
    admin, editor = client_for("regional_admin"), client_for("cr_editor")
    few = (queries_of(admin, MATRIX), queries_of(editor, MATRIX, {"provisional": "1"}))
    many_years(countries, [2016, 2017, 2018, 2019, 2020, 2021, 2024])
    many = (queries_of(admin, MATRIX), queries_of(editor, MATRIX, {"provisional": "1"}))
    assert few == many
    assert max(many) <= 20


def test_the_scores_api_answers_approved_scores_with_their_formula_and_change(
    client_for, guatemala
):
    data = client_for("partner").get(SCORES, {"year": "2023"}).json()
    assert data["count"] == 1
    found = data["results"][0]
    assert (found["country"], found["year"], found["framework_version"]) == ("GT", 2023, 1)
    assert found["score"] == 100.0
    assert found["formula"].startswith("Pillars weighted")
    prosecution = found["pillars"][0]
    assert prosecution["code"] == "prosecution"
    assert prosecution["change"] == 66.7
    assert "100 × 3 ÷ 3" in prosecution["formula"]


def test_the_scores_api_gives_provisional_scores_only_to_those_who_may_see_them(
    client_for, countries
):
    factories.assessment(countries["CR"], 2023, answers=factories.FULL)
    editor = client_for("cr_editor")
    assert editor.get(SCORES).json()["count"] == 0
    found = editor.get(SCORES, {"provisional": "1"}).json()["results"]
    assert [(row["country"], row["approved"]) for row in found] == [("CR", False)]
    assert client_for("partner").get(SCORES, {"provisional": "1"}).status_code == 400


def test_the_scores_api_names_a_bad_filter(client_for, guatemala):
    response = client_for("partner").get(SCORES, {"country": "QQ"})
    assert response.status_code == 400
    assert "country" in response.json()


def test_the_scores_api_queries_do_not_grow_with_assessments(client_for, countries):
    many_years(countries, [2022, 2023])
    client = client_for("regional_admin")
    few = queries_of(client, SCORES)
    many_years(countries, [2018, 2019, 2020, 2021])
    assert queries_of(client, SCORES) == few


def test_the_scores_api_is_in_the_schema(client_for):
    schema = client_for("regional_admin").get(reverse("api-schema")).content.decode()
    assert "/api/indicator-scores/" in schema
