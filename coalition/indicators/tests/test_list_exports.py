"""The assessment list as a spreadsheet: the filtered assessments with their state,
completion and overall score."""

import pytest
from django.urls import reverse

from coalition.core.tests.exports import check_list_export
from coalition.indicators.tests import factories
from coalition.indicators.tests.test_assessments import approve

pytestmark = pytest.mark.django_db


def test_the_assessment_list_exports_its_filter(
    client_for, countries, django_assert_max_num_queries
):
    made = factories.framework()
    for year in range(2015, 2023):
        factories.assessment(countries["CR"], year, made, factories.FULL)
    factories.assessment(countries["GT"], 2022, made)
    approve(countries["CR"], 2020)
    rows = check_list_export(
        client_for,
        reverse("assessment-list"),
        bounded=django_assert_max_num_queries,
        max_queries=22,
        filters={"state": "approved"},
        headers=("Country", "País"),
        shown=["Costa Rica\t2020"],
        hidden=["2019", "Guatemala"],
        bad_filter={"year": "not-a-year"},
    )
    assert rows[0][3:] == [
        "State",
        "Indicators answered",
        "Indicators",
        "Overall score",
        "Updated",
    ]
    assert rows[1][3] == "Approved" and rows[1][6] == "100.0"
    every_year = check_list_export(
        client_for,
        reverse("assessment-list"),
        bounded=django_assert_max_num_queries,
        max_queries=22,
        exporter="cr_editor",
        refused="cr_contributor",
        headers=("Country", "País"),
        shown=["Costa Rica\t2015", "Costa Rica\t2022"],
        hidden=["Guatemala"],
    )
    assert len(every_year) == 9
