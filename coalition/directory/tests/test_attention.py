"""The home page tells those who confirm a country's directory records (its editors, the
regional administrators) how many are due for verification, linked to the freshness
dashboard of that country."""

import datetime

import pytest
from django.utils import timezone

from coalition.core.models import Organization
from coalition.core.tests.attention import mentioning, opens, query_of
from coalition.directory.models import Contact
from coalition.directory.tests.conftest import make_contact

pytestmark = pytest.mark.usefixtures("in_english")

DUE = "due for verification"


@pytest.fixture
def records(organizations):
    """The personas' institutions, never verified (stale), and in Costa Rica a contact last
    verified a year ago (stale) and one verified today."""
    a_year_ago = timezone.localdate() - datetime.timedelta(days=365)
    make_contact(organizations["st_cr"], "Rosa Vargas", last_verified=a_year_ago)
    make_contact(organizations["st_cr"], "Mario Rojas")
    return organizations


def test_a_country_editor_sees_the_stale_records_of_its_country(records, client_for):
    client = client_for("cr_editor")
    [item] = mentioning(client, DUE)
    # Two institutions never verified and one contact verified a year ago.
    assert item.message == "3 institutions and contacts are due for verification in Costa Rica."
    assert item.level == "warning"
    assert query_of(item.link) == {"country": ["CR"]}
    page = client.get(item.link)
    assert page.status_code == 200
    assert "Rosa Vargas" in page.content.decode()
    assert "Mario Rojas" not in page.content.decode()


def test_another_country_editor_sees_only_its_own(records, client_for):
    [item] = mentioning(client_for("gt_editor"), DUE)
    assert item.message == "2 institutions and contacts are due for verification in Guatemala."


def test_the_regional_administrator_sees_every_country_in_one_item(records, client_for):
    client = client_for("regional_admin")
    [item] = mentioning(client, DUE)
    assert item.message == (
        "7 institutions and contacts are due for verification in 2 countries and the "
        "regional level."
    )
    assert query_of(item.link) == {}
    assert opens(client, item.link)


@pytest.mark.parametrize("persona", ["cr_contributor", "partner", "auditor"])
def test_those_who_do_not_confirm_records_are_not_asked_to(records, client_for, persona):
    assert mentioning(client_for(persona), DUE) == []


def test_nothing_is_asked_once_every_record_is_confirmed(records, client_for):
    Organization.objects.update(last_verified=timezone.localdate())
    Contact.objects.update(last_verified=timezone.localdate())
    assert mentioning(client_for("cr_editor"), DUE) == []
