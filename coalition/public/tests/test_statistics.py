"""The published statistics: approved years only, every figure disclosure-controlled, the
same figures on the page, in its chart, in its CSV and in the home page's block."""

import csv
import datetime
import io

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.public.views.statistics import latest_figures
from coalition.sentences.models import APPROVAL_KIND, Source
from coalition.sentences.tests.factories import sentence

pytestmark = pytest.mark.django_db
URL = "/statistics/"
EN_URL = "/en/statistics/"
CSV_URL = "/en/statistics.csv"


def approve(country, year):
    Approval.objects.create(
        kind=APPROVAL_KIND, country=country, year=year, state=ApprovalState.APPROVED
    )


@pytest.fixture
def published(countries):
    """Guatemala 2021 (approved): 2 women and 7 men convicted, 3 girls victims; Costa Rica
    2021 (approved): 12 men convicted, 8 women victims; Guatemala 2022 (not approved): 40
    men convicted, 60 victims."""
    sentence(
        countries["GT"],
        final_date=datetime.date(2021, 6, 30),
        defendants=(
            ("convicted", "female", "adult", "GT", 2),
            ("convicted", "male", "adult", "GT", 7),
        ),
        victims=(("female", "minor", "GT", "sexual", 3),),
    )
    sentence(
        countries["CR"],
        final_date=datetime.date(2021, 4, 1),
        defendants=(("convicted", "male", "adult", "CR", 12),),
        victims=(("female", "adult", "NI", "sexual", 8),),
    )
    sentence(
        countries["GT"],
        final_date=datetime.date(2022, 3, 1),
        defendants=(("convicted", "male", "adult", "SV", 40),),
        victims=(("male", "adult", "SV", "forced_labour", 60),),
    )
    approve(countries["GT"], 2021)
    approve(countries["CR"], 2021)
    return countries


def table(response, table_id):
    """{row key or label: [figures as shown]} of one table of the page."""
    found = next(t for t in response.context["stats"].tables if t.id == table_id)
    return {(row.key or row.label): [str(c) for c in row.cells] for row in found.rows}


def test_the_page_shows_the_approved_years_per_year_and_per_country(client, published):
    response = client.get(EN_URL)
    assert response.status_code == 200
    trend = table(response, "trend")
    assert list(trend) == ["2021", "Total"]
    assert trend["2021"][1] == "21"  # 9 in Guatemala, 12 in Costa Rica
    per_country = table(response, "countries")
    assert per_country["GT"][1] == "9"
    assert per_country["CR"][1] == "12"
    assert "Per country" in response.text


def test_a_year_not_approved_is_never_published(client, published):
    page = client.get(EN_URL)
    assert '<option value="2022"' not in page.text
    assert "40" not in [cell for row in table(page, "trend").values() for cell in row]
    asked = client.get(EN_URL, {"year_from": "2022", "year_to": "2022"})
    assert asked.status_code == 200
    assert asked.context["stats"] is None
    assert "No figures are published for these years" in asked.text
    assert client.get(CSV_URL, {"year_from": "2022", "year_to": "2022"}).status_code == 404
    whole = client.get(CSV_URL, {"year_from": "2021", "year_to": "2022"}).content.decode()
    assert "2022" not in whole
    assert latest_figures()["year"] == 2021


def test_a_small_regional_cell_shows_below_five_and_its_complement_is_hidden(client, published):
    convicted = table(client.get(EN_URL), "convicted-sex-age")
    assert convicted["female"][-1] == "<5"  # two women, in Guatemala only
    assert convicted["male"][-1] in ("x", "12–16")  # never 19: 21 - 2 would give them away
    assert "19" not in convicted["male"]


def test_one_country_shows_its_own_tables_without_the_per_country_table(client, published):
    response = client.get(EN_URL, {"country": "gt"})
    assert response.status_code == 200
    assert "countries" not in [t.id for t in response.context["stats"].tables]
    assert table(response, "trend")["2021"][1] == "9"
    assert "Guatemala" in response.text


def test_the_csv_is_exactly_what_the_page_shows(client, published):
    page = client.get(EN_URL, {"country": "GT"})
    download = client.get(CSV_URL, {"country": "GT"})
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert (
        (download["Content-Disposition"])
        == 'attachment; filename="statistics-GT-national-2021-2021-en.csv"'
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["Table", "Row", "Column", "Shown", "Number", "Note"]
    shown = [
        [str(t.title), str(r.label), str(c), str(n)]
        for t in page.context["stats"].tables
        for r in t.rows
        for c, n in zip(t.columns, r.cells, strict=True)
    ]
    assert [row[:4] for row in rows[1:]] == shown
    assert ["Persons convicted by sex and age", "Female", "Total", "<5"] in shown


def test_the_csv_speaks_the_language_of_its_address(client, published):
    spanish = client.get("/statistics.csv").content.decode("utf-8-sig")
    assert spanish.startswith("Tabla,")
    assert "spanish" not in spanish
    english = client.get(CSV_URL).content.decode("utf-8-sig")
    assert english.startswith("Table,")


def test_the_page_speaks_both_languages_and_explains_its_signs(client, published):
    spanish = client.get(URL)
    english = client.get(EN_URL)
    assert '<html lang="es">' in spanish.text
    assert "Por año" in spanish.text
    assert "Per year" in english.text
    assert "Fewer than 5" in english.text
    assert "GLOTIP" in english.text
    assert "Regional Technical Secretariat" in english.text
    assert "(not yet approved)" not in english.text


def test_the_chart_draws_exactly_the_exact_figures_of_the_per_year_table(client, published):
    response = client.get(EN_URL)
    chart = response.context["chart"]
    assert chart["labels"] == ["2021"]
    assert chart["datasets"][1]["data"] == [21]
    assert 'id="statistics-chart-data"' in response.text
    assert "vendor/chart.js/chart.umd.min.js" in response.text


def test_a_glotip_release_is_shown_as_unodc_published_it(client, published):
    source = Source.objects.create(kind="glotip", name="GLOTIP, release 2023-05-30")
    for iso2, value, censored in (("HN", 5, True), ("PA", 31, False)):
        source.figures.create(
            country=published[iso2],
            year=2020,
            indicator="convicted",
            dimension="total",
            category="total",
            sex="total",
            age="total",
            value=value,
            censored=censored,
        )
    response = client.get(EN_URL, {"source": source.pk})
    assert response.status_code == 200
    assert table(response, "trend")["2020"][1] == "31–35"  # 31 and <5, as published
    assert table(response, "countries")["HN"][1] == "<5"
    assert '<option value="2020"' in response.text
    assert "GLOTIP, release 2023-05-30" in response.text


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"year_from": "soon"}, "year_from"),
        ({"year_to": "99999"}, "year_to"),
        ({"year_from": "2021", "year_to": "2020"}, "year_to"),
        ({"source": "999999"}, "source"),
        ({"source": "<b>"}, "source"),
    ],
)
def test_a_wrong_value_is_answered_400_naming_the_field(client, published, query, field):
    for url in (EN_URL, CSV_URL):
        response = client.get(url, query)
        assert response.status_code == 400
        assert response.content.decode().startswith(f"{field}:")


def test_an_unknown_country_is_answered_404(client, published):
    assert client.get(EN_URL, {"country": "ZZ"}).status_code == 404
    assert client.get(CSV_URL, {"country": "ZZ"}).status_code == 404


def test_nothing_approved_yet_shows_an_empty_page_and_no_home_block(client, countries):
    sentence(countries["GT"], final_date=datetime.date(2021, 6, 30))
    response = client.get(EN_URL)
    assert response.status_code == 200
    assert "No figures have been published yet" in response.text
    assert latest_figures() is None
    assert client.get(CSV_URL).status_code == 404


def test_the_home_block_shows_the_latest_regional_figures_as_the_page_shows_them(client, published):
    figures = latest_figures()
    trend = table(client.get(EN_URL, {"year_from": "2021", "year_to": "2021"}), "trend")
    assert [f["shown"] for f in figures["figures"]] == trend["2021"]
    with translation.override("en"):
        html = render_to_string("public/_latest_figures.html", {"figures": latest_figures()})
    assert "Latest published figures (2021)" in html
    assert "/statistics/?year_from=2021&amp;year_to=2021" in html
    assert "2 of " in html  # Guatemala and Costa Rica of the member countries


def test_the_page_reads_its_figures_in_a_bounded_number_of_queries(
    client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert client.get(EN_URL).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(CSV_URL).status_code == 200


def test_a_country_with_nothing_published_is_listed_never_counted_as_zero(client, published):
    response = client.get(EN_URL)
    assert set(table(response, "countries")) == {"GT", "CR", "Total"}
    assert "Nothing is published for these years of:" in response.text
    assert "El Salvador" in response.text.split('id="statistics-unpublished"')[1]
    assert table(response, "trend")["2021"] == ["21", "21", "8–12"]  # 3 victims hidden: <5
    alone = client.get(EN_URL, {"country": "SV"})
    assert alone.status_code == 200
    assert alone.context["stats"] is None


def test_a_year_approved_reaches_the_page_and_the_home_block_once_committed(
    client, published, django_capture_on_commit_callbacks
):
    assert '<option value="2022"' not in client.get(EN_URL).text
    with django_capture_on_commit_callbacks(execute=True):
        approve(published["GT"], 2022)
    assert '<option value="2022"' in client.get(EN_URL).text
    assert latest_figures()["year"] == 2022


def test_with_nothing_approved_a_glotip_release_is_still_reachable(client, countries):
    source = Source.objects.create(kind="glotip", name="GLOTIP, release 2023-05-30")
    source.figures.create(
        country=countries["PA"],
        year=2020,
        indicator="victims",
        dimension="total",
        category="total",
        sex="total",
        age="total",
        value=31,
    )
    empty = client.get(EN_URL)
    assert "No figures have been published yet" in empty.text
    assert f'href="/en/statistics/?source={source.pk}"' in empty.text
    release = client.get(EN_URL, {"source": source.pk})
    assert table(release, "trend")["2020"][2] == "31"
