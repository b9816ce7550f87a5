"""The mapping lists as spreadsheets: each list's current filter, every page of it."""

import pytest
from django.urls import reverse

from coalition.core.tests.exports import check_list_export
from coalition.mapping.tests.conftest import make_zone, point

pytestmark = pytest.mark.django_db


def test_the_zone_list_exports_its_filter(
    client_for, countries, mapping, django_assert_max_num_queries
):
    for n in range(30):  # more than a page: the file holds them all, in bounded queries
        make_zone(countries["CR"], f"Zona {n:02}", geometry=point(-84.1, 9.9))
    rows = check_list_export(
        client_for,
        reverse("zone-list"),
        bounded=django_assert_max_num_queries,
        max_queries=16,
        exporter="cr_editor",
        filters={"country": "CR"},
        shown=["Litoral de Limón", "Zona 00", "Zona 29", "Peñas Blancas"],
        hidden=["Tecún Umán", "Golfo de Fonseca"],
        bad_filter={"risk": "extreme"},
    )
    assert rows[0][:4] == ["Name", "Country", "Kind", "Risk level"]
    critical = check_list_export(
        client_for,
        reverse("zone-list"),
        bounded=django_assert_max_num_queries,
        max_queries=16,
        filters={"risk": ["critical"]},
        shown=["Litoral de Limón"],
        hidden=["Golfo de Fonseca", "Zona 00"],
        refused="cr_contributor",
    )
    assert len(critical) == 2


def test_the_route_list_exports_the_victims_as_the_page_shows_them(
    client_for, mapping, django_assert_max_num_queries
):
    rows = check_list_export(
        client_for,
        reverse("route-list"),
        bounded=django_assert_max_num_queries,
        max_queries=16,
        exporter="gt_editor",
        filters={"country": "GT"},
        shown=["Quetzaltenango"],
        hidden=["Managua"],
        refused="auditor",
    )
    assert rows[0][-1] == "Victims (aggregate)"


def test_the_gazetteer_exports_its_places_and_areas(
    client_for, mapping, django_assert_max_num_queries
):
    check_list_export(
        client_for,
        reverse("place-list"),
        bounded=django_assert_max_num_queries,
        max_queries=16,
        filters={"country": "GT"},
        shown=["Tecún Umán"],
        hidden=["Peñas Blancas"],
    )
    check_list_export(
        client_for,
        reverse("area-list"),
        bounded=django_assert_max_num_queries,
        max_queries=16,
        filters={"country": "CR"},
        headers=("Country", "País"),
        shown=["Guanacaste"],
        hidden=["Guatemala\t"],
    )


def test_the_export_links_keep_the_filter_and_show_to_exporters_only(client_for, mapping):
    page = client_for("cr_editor").get(reverse("zone-list"), {"risk": "critical"}).content
    assert b"risk=critical&amp;export=xlsx" in page
    assert b"export=csv" not in client_for("partner").get(reverse("zone-list")).content
