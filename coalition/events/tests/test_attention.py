"""The home page announces the events starting within 14 days that its reader may see, and
tells those who edit a country's events which past ones have no attendance recorded; each
linked to the list of events, filtered."""

import datetime

import pytest
from django.utils import timezone

from coalition.core.tests.attention import mentioning, opens, query_of
from coalition.events.choices import EventStatus
from coalition.events.tests.conftest import attend, make_event, make_participant

pytestmark = pytest.mark.usefixtures("in_english")

UPCOMING = "within 14 days"
UNRECORDED = "no attendance recorded"


@pytest.fixture
def calendar(countries, personas):
    """In Costa Rica: a workshop in a week, one in a month, one held last week without
    attendance and one held with it, one cancelled yesterday. At the regional level: a
    meeting in three days. In Guatemala: a workshop held last month without attendance."""
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    cr, gt, regional = countries["CR"], countries["GT"], countries["regional"]
    make_event(cr, "Taller próximo", today + 7 * day, status=EventStatus.PLANNED)
    make_event(cr, "Taller lejano", today + 30 * day, status=EventStatus.PLANNED)
    make_event(cr, "Taller sin lista", today - 7 * day)
    recorded = make_event(cr, "Taller con lista", today - 9 * day)
    attend(recorded, make_participant(cr, "Ana Mora"))
    make_event(cr, "Taller cancelado", today - day, status=EventStatus.CANCELLED)
    make_event(regional, "Reunión regional", today + 3 * day, status=EventStatus.PLANNED)
    make_event(gt, "Taller de Guatemala", today - 30 * day)


def test_a_country_editor_sees_the_coming_events_of_its_country_and_the_regional_level(
    calendar, client_for
):
    client = client_for("cr_editor")
    [item] = mentioning(client, UPCOMING)
    assert item.message == "2 events start within 14 days in 1 country and the regional level."
    assert item.level == "info"
    assert query_of(item.link) == {"when": ["upcoming"]}
    assert opens(client, item.link)


def test_a_partner_sees_only_the_regional_events_coming(calendar, client_for):
    client = client_for("partner")
    [item] = mentioning(client, UPCOMING)
    assert item.message == "1 event starts within 14 days in the regional level."
    assert query_of(item.link) == {"when": ["upcoming"], "country": ["XR"]}
    assert opens(client, item.link)
    assert mentioning(client, UNRECORDED) == []


def test_a_country_editor_sees_its_past_events_without_attendance(calendar, client_for):
    client = client_for("cr_editor")
    [item] = mentioning(client, UNRECORDED)
    assert item.message == "1 past event has no attendance recorded in Costa Rica."
    assert item.level == "warning"
    assert query_of(item.link) == {"when": ["past"], "attendance": ["none"], "country": ["CR"]}
    page = client.get(item.link)
    assert page.status_code == 200
    assert [e.title for e in page.context["page_obj"]] == ["Taller sin lista"]
    assert "Only events without attendance recorded" in page.content.decode()


def test_the_regional_administrator_counts_every_country(calendar, client_for):
    client = client_for("regional_admin")
    [item] = mentioning(client, UNRECORDED)
    assert item.message == "2 past events have no attendance recorded in 2 countries."
    assert opens(client, item.link)


@pytest.mark.parametrize("persona", ["auditor"])
def test_who_reads_no_country_data_sees_no_event(calendar, client_for, persona):
    assert mentioning(client_for(persona), "event") == []
