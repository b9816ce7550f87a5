"""The scope switcher ("Working on"): every list, in every app, and the map show the chosen
country by default, and the reader can still ask for another country or for all of them.

The rows are those the URL sweep's samples create (``<app>/tests/sweep.py``: records in
Costa Rica, Guatemala and at the regional level); a list's rows are the records its page
links to.
"""

import re

import pytest
from django.urls import Resolver404, resolve, reverse

from coalition.core import scopes
from coalition.core.tests.test_url_sweep import collect_samples

# (list URL, its query besides the country, the page each row links to)
LISTS = [
    ("organization-list", "", "organization-detail"),
    ("event-list", "when=all", "event-detail"),
    ("participant-list", "", "participant-detail"),
    ("directory", "", "contact-detail"),
    ("map-data", "", "zone-detail"),
    ("map-data", "", "route-detail"),
    ("zone-list", "", "zone-detail"),
    ("route-list", "", "route-detail"),
    ("swot-list", "", "swot-detail"),
    ("practice-list", "", "practice-detail"),
    ("agreement-list", "", "agreement-detail"),
    ("campaign-list", "", "campaign-detail"),
]

QUOTED_PATH = re.compile(r'"(/[^"?#]*)')


def linked(response, target):
    """The paths of ``target`` pages a response links to (HTML or GeoJSON)."""
    assert response.status_code == 200, response.status_code
    found = set()
    for path in QUOTED_PATH.findall(response.content.decode()):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.url_name == target:
            found.add(path)
    return found


@pytest.fixture
def working_on_costa_rica(countries, organizations, personas, client_for):
    """The regional administrator (who reads every country), working on Costa Rica; the
    sweep's records of every app."""
    collect_samples({"countries": countries, "organizations": organizations, "personas": personas})
    client = client_for("regional_admin")
    response = client.post(reverse("switch-scope"), {"scope": "CR", "next": "/home/"})
    assert response.status_code == 302
    assert client.session[scopes.SESSION_KEY] == "CR"
    return client


@pytest.mark.parametrize(("name", "query", "target"), LISTS, ids=[f"{n}-{t}" for n, _q, t in LISTS])
def test_a_list_shows_the_chosen_country_by_default_and_any_other_on_request(
    name, query, target, working_on_costa_rica
):
    client = working_on_costa_rica
    url = reverse(name) + "?" + query

    def rows(country=None):
        extra = "" if country is None else f"&country={country}"
        return linked(client.get(url + extra), target)

    scoped, costa_rica, guatemala, everything = rows(), rows("CR"), rows("GT"), rows("")
    assert scoped, "no Costa Rica row to show"
    assert scoped == costa_rica
    assert everything > scoped, "the scope narrowed nothing, or All does not widen it"
    assert guatemala and guatemala != scoped


def test_without_a_chosen_country_a_list_shows_all_of_the_users(
    client_for, countries, organizations, personas
):
    collect_samples({"countries": countries, "organizations": organizations, "personas": personas})
    client = client_for("regional_admin")
    assert linked(client.get(reverse("zone-list")), "zone-detail") == linked(
        client.get(reverse("zone-list") + "?country="), "zone-detail"
    )


def test_the_list_filter_shows_the_chosen_country_as_selected(working_on_costa_rica):
    for name in ("zone-list", "map", "swot-list", "organization-list", "event-list"):
        html = working_on_costa_rica.get(reverse(name)).content.decode()
        assert re.search(r'<option value="CR"[^>]* selected', html), name


def test_the_map_areas_follow_the_chosen_country(working_on_costa_rica):
    areas = working_on_costa_rica.get(reverse("map-areas")).json()["features"]
    everywhere = working_on_costa_rica.get(reverse("map-areas") + "?country=").json()["features"]
    assert areas and len(areas) < len(everywhere)


def test_the_plan_table_shows_the_chosen_country_by_default(working_on_costa_rica):
    from coalition.plans.models import Plan

    url = reverse("plan-detail", kwargs={"code": Plan.objects.first().code})
    scoped = working_on_costa_rica.get(url).content.decode()
    everyone = working_on_costa_rica.get(url + "?country=").content.decode()
    assert "Estado en Costa Rica." in scoped
    assert "Estado en Costa Rica." not in everyone


def test_the_directory_freshness_opens_on_the_chosen_country(working_on_costa_rica):
    url = reverse("directory-freshness")
    scoped = working_on_costa_rica.get(url).content.decode()
    overview = working_on_costa_rica.get(url + "?country=").content.decode()
    assert 'aria-current="page">Costa Rica</li>' in scoped
    assert 'aria-current="page">Costa Rica</li>' not in overview


def test_an_export_holds_what_the_list_shows(working_on_costa_rica):
    from coalition.directory.models import Contact

    csv = working_on_costa_rica.get(reverse("directory-export")).content.decode()
    everyone = working_on_costa_rica.get(reverse("directory-export") + "?country=").content
    names = {contact.country.iso2: contact.name for contact in Contact.objects.all()}
    assert names["CR"] in csv and names["GT"] not in csv
    assert names["GT"] in everyone.decode()


def test_the_event_figures_and_calendar_show_the_chosen_country_by_default(working_on_costa_rica):
    figures = reverse("event-figures")
    scoped = working_on_costa_rica.get(figures).content.decode()
    everyone = working_on_costa_rica.get(figures + "?country=").content.decode()
    assert "<td>Costa Rica</td>" in scoped and "<td>Guatemala</td>" not in scoped
    assert "<td>Guatemala</td>" in everyone
    calendar = reverse("event-calendar") + "?month=2026-09"
    assert "Reunión técnica con la PNC" not in working_on_costa_rica.get(calendar).content.decode()
    assert (
        "Reunión técnica con la PNC"
        in working_on_costa_rica.get(calendar + "&country=").content.decode()
    )
