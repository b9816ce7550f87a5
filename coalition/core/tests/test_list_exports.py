"""Core's lists as spreadsheets: countries, organizations and approvals."""

import pytest
from django.urls import reverse

from coalition.core.tests.exports import check_list_export
from coalition.core.tests.test_approval_pages import move

pytestmark = pytest.mark.django_db


def test_the_country_list_exports_what_the_user_may_see(
    client_for, personas, django_assert_max_num_queries
):
    rows = check_list_export(
        client_for,
        reverse("country-list"),
        bounded=django_assert_max_num_queries,
        max_queries=16,
        headers=("Country", "País"),
        shown=["Costa Rica", "CR / CRI", "Guatemala"],
    )
    assert rows[0][-1] == "Users"  # counted for regional administrators only, as on the page
    editor = check_list_export(
        client_for,
        reverse("country-list"),
        bounded=django_assert_max_num_queries,
        max_queries=16,
        exporter="cr_editor",
        refused="auditor",
        headers=("Country", "País"),
        shown=["Costa Rica"],
    )
    assert "Users" not in editor[0]


def test_the_organization_list_exports_its_filter(
    client_for, personas, django_assert_max_num_queries
):
    rows = check_list_export(
        client_for,
        reverse("organization-list"),
        bounded=django_assert_max_num_queries,
        max_queries=16,
        filters={"country": "GT"},
        shown=["Fiscalía contra la Trata de Guatemala", "ST-GT"],
        hidden=["Fundación Atención Integral"],
        bad_filter={"kind": "nonsense"},
    )
    assert rows[0] == ["Name", "Acronym", "Kind", "Country", "Axes of action"]
    assert "Prevention" in rows[1][-1]


def test_the_approval_list_exports_its_filter(
    client_for, personas, countries, django_assert_max_num_queries
):
    for iso2, year in (("GT", 2020), ("GT", 2021), ("CR", 2021)):
        move(personas["regional_admin"], "submit", countries[iso2], year)
    rows = check_list_export(
        client_for,
        reverse("approval-list"),
        bounded=django_assert_max_num_queries,
        max_queries=16,
        filters={"country": "GT", "ordering": "year"},
        headers=("Data", "Datos"),
        shown=["Guatemala\t2020\tSubmitted", "Guatemala\t2021"],
        hidden=["Costa Rica"],
        bad_filter={"year": "99999999999"},
        refused="cr_contributor",
    )
    assert [row[2] for row in rows[1:]] == ["2020", "2021"]
    assert rows[1][5] == "regional_admin"


def test_the_lists_offer_their_export_to_exporters(client_for, personas):
    page = client_for("gt_editor").get(reverse("organization-list"), {"kind": "government"})
    assert b"kind=government&amp;export=csv" in page.content
    assert b"export=xlsx" not in client_for("partner").get(reverse("country-list")).content
