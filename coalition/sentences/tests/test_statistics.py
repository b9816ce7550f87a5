"""The statistics pages, their exports and API: exact for a country's own editors, approved
and disclosure-controlled for everyone else."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.utils import timezone

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.sentences.choices import SourceKind
from coalition.sentences.models import (
    APPROVAL_KIND,
    AgreementCountry,
    Figure,
    SharingAgreement,
    Source,
)
from coalition.sentences.sharing_access import covered_country_ids
from coalition.sentences.statistics.counts import Count, total
from coalition.sentences.tests.factories import sentence

pytestmark = pytest.mark.django_db
URL = "/sentences/statistics/"
Y2021 = datetime.date(2021, 6, 30)
Y2022 = datetime.date(2022, 3, 1)


def approve(country, year):
    Approval.objects.create(
        kind=APPROVAL_KIND, country=country, year=year, state=ApprovalState.APPROVED
    )


def agreement(organization, countries, *, approved=True, today=None):
    today = today or timezone.localdate()
    made = SharingAgreement.objects.create(
        partner=organization,
        purpose="Regional report",
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today + datetime.timedelta(days=30),
    )
    for country in countries:
        AgreementCountry.objects.create(
            agreement=made, country=country, approved_at=timezone.now() if approved else None
        )
    return made


@pytest.fixture
def guatemala(countries):
    """Guatemala 2021 (approved): 2 women and 7 men convicted, 3 girls victims; 2022 (not
    approved): 4 men convicted."""
    sentence(
        countries["GT"],
        final_date=Y2021,
        defendants=(
            ("convicted", "female", "adult", "GT", 2),
            ("convicted", "male", "adult", "GT", 7),
        ),
        victims=(("female", "minor", "GT", "sexual", 3),),
    )
    sentence(
        countries["GT"],
        final_date=Y2022,
        defendants=(("convicted", "male", "adult", "SV", 4),),
        victims=(("male", "adult", "SV", "forced_labour", 6),),
    )
    approve(countries["GT"], 2021)


def table(response, table_id):
    """{row key or label: [shown figures]} of one table of the page."""
    found = next(t for t in response.context["stats"].tables if t.id == table_id)
    return {(row.key or row.label): [str(c) for c in row.cells] for row in found.rows}


def test_a_country_editor_sees_every_year_of_their_country_exactly(
    client_for, guatemala, in_english
):
    response = client_for("gt_editor").get(URL, {"country": "GT"})
    assert response.status_code == 200
    convicted = table(response, "convicted-sex-age")
    assert convicted["female"] == ["0", "2", "0", "2"]
    assert table(response, "trend")["2022"] == ["4", "4", "6"]
    assert "not yet approved" in response.content.decode()


def test_the_regional_admin_sees_every_country_exactly(client_for, guatemala, countries):
    sentence(
        countries["CR"], final_date=Y2021, defendants=(("convicted", "male", "adult", "CR", 1),)
    )
    response = client_for("regional_admin").get(URL)
    countries_table = table(response, "countries")
    assert countries_table["CR"] == ["1", "1", "3"]
    assert countries_table["GT"] == ["13", "13", "9"]


def test_a_partner_with_a_valid_agreement_sees_small_counts_as_below_five(
    client_for, guatemala, countries, organizations
):
    agreement(organizations["oim"], [countries["GT"]])
    response = client_for("partner").get(URL, {"country": "GT"})
    convicted = table(response, "convicted-sex-age")
    assert convicted["female"][1] == "<5"
    assert "2" not in convicted["female"]
    assert_nothing_recoverable(response)


def assert_nothing_recoverable(response):
    """No row or column of any table has exactly one hidden figure beside an exact total
    (the check a reader would make first; ``disclosure`` proves the rest)."""
    for shown_table in response.context["stats"].tables:
        rows = [row.cells for row in shown_table.rows]
        is_crosstab = shown_table.id.endswith("sex-age")
        lines = []
        if is_crosstab:
            lines += [cells for cells in rows]  # cells ..., row total
        columns = list(zip(*rows, strict=True))
        lines += [list(column[:-1]) + [column[-1]] for column in columns]
        for line in lines:
            *parts, line_total = line
            hidden = [c for c in parts if not c.is_exact]
            if line_total.is_exact and len(hidden) == 1:
                known = total(c for c in parts if c.is_exact).low
                raise AssertionError(
                    f"{shown_table.id}: a hidden figure is {line_total.low - known}"
                )


def test_the_years_not_approved_are_hidden_from_partners_and_other_countries(
    client_for, guatemala, countries, organizations
):
    agreement(organizations["oim"], [countries["GT"]])
    for persona in ("partner", "cr_editor", "cr_contributor"):
        response = client_for(persona).get(
            URL, {"country": "GT", "year_from": 2021, "year_to": 2022}
        )
        trend = table(response, "trend")
        assert trend["2022"] == ["0", "0", "0"], persona
        assert "SV" not in table(response, "citizenship"), persona


def test_a_partner_without_a_valid_agreement_gets_an_explanation_and_no_figures(
    client_for, guatemala, countries, organizations, in_english
):
    agreement(organizations["oim"], [countries["GT"], countries["CR"]], approved=False)
    response = client_for("partner").get(URL)
    assert response.status_code == 200
    assert "no valid sharing agreement" in response.content.decode()
    assert "stats" not in response.context
    assert client_for("partner").get(URL + "statistics.csv").status_code == 404


def test_an_agreement_counts_only_when_every_country_approved_it_and_it_is_in_force(
    personas, countries, organizations
):
    partner = personas["partner"]
    agreement(organizations["oim"], [countries["GT"]], approved=True)
    assert covered_country_ids(partner) == {countries["GT"].pk}
    later = timezone.localdate() + datetime.timedelta(days=60)
    assert covered_country_ids(partner, today=later) == set()


def test_a_partner_cannot_open_a_country_its_agreements_do_not_cover(
    client_for, guatemala, countries, organizations
):
    agreement(organizations["oim"], [countries["GT"]])
    assert client_for("partner").get(URL, {"country": "CR"}).status_code == 404


def test_the_auditor_and_anonymous_visitors_see_no_statistics(client_for):
    assert client_for("auditor").get(URL).status_code == 403
    assert client_for("anonymous").get(URL).status_code == 302


def test_a_wrong_year_is_refused_naming_the_field(client_for):
    response = client_for("gt_editor").get(URL, {"year_from": "soon"})
    assert response.status_code == 400
    assert "year_from" in response.content.decode()
    assert client_for("gt_editor").get(URL, {"year_from": 2022, "year_to": 2020}).status_code == 400


@pytest.mark.parametrize("persona", ["gt_editor", "cr_editor"])
def test_the_exports_hold_exactly_what_the_page_shows(client_for, guatemala, persona):
    client = client_for(persona)
    page = client.get(URL, {"year_from": 2021, "year_to": 2022})
    shown = [
        [t.title, row.label, column, str(count)]
        for t in page.context["stats"].tables
        for row in t.rows
        for column, count in zip(t.columns, row.cells, strict=True)
    ]
    exported = client.get(URL + "statistics.csv", {"year_from": 2021, "year_to": 2022})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))[1:]
    assert [row[:4] for row in rows] == shown
    workbook = client.get(URL + "statistics.xlsx", {"year_from": 2021, "year_to": 2022})
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    cells = [[str(v) for v in row[:4]] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert cells == shown


def test_a_censored_figure_is_shown_below_five_and_a_total_with_one_is_a_range():
    assert str(Count.below(5)) == "<5"
    assert str(Count.exact(35) + Count.below(5)) == "35–39"
    assert str(Count.exact(35) + Count(0, None, hidden=True)) == "x"
    assert str(Count(35, None)) == "≥35"
    assert str(total([Count.exact(3), Count.exact(4)])) == "7"


def test_a_glotip_release_shows_its_censored_values_and_ranges(client_for, countries):
    source = Source.objects.create(kind=SourceKind.GLOTIP, name="GLOTIP, release 2024-12-01")
    rows = [("GT", "total", "total", 35, False), ("HN", "total", "total", 5, True)]
    rows += [("GT", "citizenship", "HN", 5, True)]
    for iso2, dimension, category, value, censored in rows:
        Figure.objects.create(
            source=source,
            country=countries[iso2],
            year=2021,
            indicator="convicted",
            dimension=dimension,
            category=category,
            sex="total",
            age="total",
            value=value,
            censored=censored,
        )
    response = client_for("cr_editor").get(URL, {"source": source.pk})
    assert table(response, "trend")["2021"][1] == "35–39"
    assert table(response, "citizenship")["HN"][1] == "<5"


def test_the_page_reads_the_figures_in_few_queries(
    client_for, guatemala, countries, organizations, django_assert_max_num_queries
):
    agreement(organizations["oim"], [countries["GT"]])
    for persona in ("regional_admin", "cr_editor", "partner"):
        client = client_for(persona)
        client.get(URL)
        with django_assert_max_num_queries(18):
            assert client.get(URL).status_code == 200


# --- API --------------------------------------------------------------------------------

API = "/api/sentence-statistics/"


def test_the_api_gives_the_partner_protected_figures_with_a_censored_flag(
    client_for, guatemala, countries, organizations
):
    agreement(organizations["oim"], [countries["GT"]])
    answer = client_for("partner").get(API, {"indicator": "convicted"}).json()
    female = next(f for f in answer["figures"] if f["sex"] == "female" and f["age"] == "adult")
    assert female["shown"] == "<5"
    assert female["censored"] is True and female["value"] is None
    assert {f["indicator"] for f in answer["figures"]} == {"convicted"}


def test_the_api_gives_a_country_editor_exact_figures_of_their_country(client_for, guatemala):
    answer = (
        client_for("gt_editor")
        .get(API, {"country": "GT", "year": 2022, "dimension": "citizenship"})
        .json()
    )
    salvadorans = [f for f in answer["figures"] if f["category"] == "SV"]
    assert [f["value"] for f in salvadorans] == [4, 4, 6]


def test_the_api_refuses_bad_filters_naming_the_field(client_for, organizations, countries):
    client = client_for("gt_editor")
    assert "year_to" in client.get(API, {"year_to": "x"}).json()
    assert "indicator" in client.get(API, {"indicator": "bananas"}).json()
    assert client_for("partner").get(API, {"country": "CR"}).status_code == 400


def test_the_api_answers_in_few_queries(client_for, guatemala, django_assert_max_num_queries):
    client = client_for("cr_editor")
    client.get(API)
    with django_assert_max_num_queries(16):
        assert client.get(API).status_code == 200


def test_the_statistics_api_is_in_the_schema(client_for):
    schema = client_for("regional_admin").get("/api/schema/").content.decode()
    assert "/api/sentence-statistics/" in schema


def test_the_regional_page_cannot_be_differenced_against_a_country_page(
    client_for, guatemala, countries
):
    sentence(
        countries["CR"],
        final_date=Y2021,
        defendants=(("convicted", "female", "adult", "CR", 6),),
    )
    approve(countries["CR"], 2021)
    client = client_for("cr_contributor")
    costa_rica = table(client.get(URL, {"country": "CR", "year": 2021}), "convicted-sex-age")
    regional = table(client.get(URL, {"year": 2021}), "convicted-sex-age")
    assert costa_rica["female"][1] == "6"
    # Guatemala's two women are hidden: the region's women are a range, not 8.
    assert regional["female"][1] == "6–10"


def test_the_penalties_add_up_and_are_hidden_outside_for_a_year_of_few_sentences(
    client_for, countries, organizations
):
    for n in range(2):
        sentence(
            countries["GT"],
            final_date=Y2021,
            prison_years=8 + n,
            fine_amount=1000,
            reparation_ordered=True,
            reparation_amount=500,
        )
    approve(countries["GT"], 2021)
    agreement(organizations["oim"], [countries["GT"]])
    editor = table(client_for("gt_editor").get(URL, {"country": "GT"}), "penalties")
    assert editor["2021"] == ["2", "2", "17", "2000", "2", "1000"]
    partner = table(client_for("partner").get(URL, {"country": "GT"}), "penalties")
    assert partner["2021"] == ["x"] * 6


def test_the_page_follows_every_write_and_every_approval(client_for, guatemala, countries):
    client = client_for("cr_editor")
    assert table(client.get(URL, {"country": "GT", "year": 2021}), "trend")["2021"][1] == "9"
    Approval.objects.filter(country=countries["GT"], year=2021).update(
        state=ApprovalState.OPEN, updated=timezone.now()
    )
    assert table(client.get(URL, {"country": "GT", "year": 2021}), "trend")["2021"][1] == "0"
    gt = client_for("gt_editor")
    assert table(gt.get(URL, {"country": "GT", "year": 2021}), "trend")["2021"][1] == "9"
    sentence(
        countries["GT"], final_date=Y2021, defendants=(("convicted", "male", "adult", "GT", 5),)
    )
    assert table(gt.get(URL, {"country": "GT", "year": 2021}), "trend")["2021"][1] == "14"


def test_convicted_figures_that_equal_each_other_stay_shown_beside_hidden_prosecuted_ones():
    """Six men convicted, three women acquitted: the women are hidden (<5) and the men
    prosecuted with them, but the convicted figures (all six: the total, the men, the
    adults, the Guatemalans) tell nothing hidden and are shown. They can only be shown
    together: showing one tells the others."""
    from collections import defaultdict

    from coalition.sentences.statistics import tables
    from coalition.sentences.statistics.counts import Count

    def parts(values):
        found = defaultdict(lambda: tables.ZERO)
        found.update({part: Count.exact(n) for part, n in values.items()})
        return found

    convicted = {
        ("total",): 6, ("sex", "male"): 6, ("age", "adult"): 6, ("cell", "male", "adult"): 6,
        ("citizenship", "GT"): 6, ("exploitation", "sexual"): 6,
    }  # fmt: skip
    prosecuted = {
        ("total",): 9, ("sex", "male"): 6, ("sex", "female"): 3, ("age", "adult"): 9,
        ("cell", "male", "adult"): 6, ("cell", "female", "adult"): 3,
        ("citizenship", "GT"): 6, ("citizenship", "HN"): 3, ("exploitation", "sexual"): 9,
    }  # fmt: skip
    shown = tables._protect(
        {(1, 2023, "convicted"): parts(convicted), (1, 2023, "prosecuted"): parts(prosecuted)}
    )
    for part in convicted:
        assert shown[("c", 1, 2023, "convicted", *part)] == (6, 6, False), part
    assert shown[("c", 1, 2023, "prosecuted", "sex", "female")] == (0, 4, False)
    assert shown[("c", 1, 2023, "prosecuted", "sex", "male")][2] is True
    assert shown[("c", 1, 2023, "prosecuted", "total")] == (9, 9, False)
