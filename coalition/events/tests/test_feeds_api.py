"""Private calendar feeds (made, read, revoked, lapsed) and the events API (scoped lists
with counts, writes by those who may edit, the figures)."""

import datetime
import re

import pytest
import vobject
from django.urls import reverse

from coalition.core.models import AuditEntry, Membership
from coalition.events.models import Event, FeedToken
from coalition.events.tests.conftest import attend, make_event


def make_feed(client, country):
    """Create a feed through the page; returns its address's path."""
    response = client.post(reverse("event-feeds"), {"country": country.pk}, follow=True)
    page = response.content.decode()
    url = re.search(r'id="feed-url" value="(http://testserver)?([^"]+)"', page)
    if url is None:
        url = re.search(r'value="http://testserver([^"]+calendar\.ics)"', page)
        return url.group(1)
    return url.group(2)


def test_a_feed_lists_the_countrys_events_as_icalendar(client_for, events, countries):
    path = make_feed(client_for("cr_editor"), countries["CR"])
    response = client_for("anonymous").get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = vobject.readOne(response.content.decode())
    entries = calendar.contents["vevent"]
    assert [e.summary.value for e in entries] == ["Taller para jueces penales"]
    entry = entries[0]
    assert str(entry.dtstart.value) == "2026-08-10"
    assert str(entry.dtend.value) == "2026-08-13"  # all-day: the day after the last
    assert entry.status.value == "CONFIRMED"
    assert "Ana Mora" not in response.content.decode()  # events only, never who attended
    assert FeedToken.objects.get().last_used is not None


def test_the_address_is_shown_once_and_only_its_hash_is_kept(client_for, countries):
    client = client_for("cr_editor")
    path = make_feed(client, countries["CR"])
    key = path.split("/")[-2]
    token = FeedToken.objects.get()
    assert token.key_hash == FeedToken.hash(key) and key not in token.key_hash
    assert key not in client.get(reverse("event-feeds")).content.decode()


def test_a_revoked_feed_answers_404(client_for, events, countries):
    client = client_for("cr_editor")
    path = make_feed(client, countries["CR"])
    token = FeedToken.objects.get()
    assert client.post(reverse("event-feed-revoke", args=[token.pk])).status_code == 302
    assert client_for("anonymous").get(path).status_code == 404
    assert AuditEntry.objects.filter(object_type="events.feedtoken", action="update").exists()


def test_a_feed_lapses_when_its_owner_loses_the_country(client_for, personas, events, countries):
    path = make_feed(client_for("cr_editor"), countries["CR"])
    Membership.objects.filter(user=personas["cr_editor"]).delete()
    assert client_for("anonymous").get(path).status_code == 404


def test_no_feed_for_a_country_out_of_scope_nor_another_users_revocation(
    client_for, countries, personas
):
    response = client_for("cr_editor").post(reverse("event-feeds"), {"country": countries["GT"].pk})
    assert response.status_code == 400 and not FeedToken.objects.exists()
    token = FeedToken.objects.create(
        user=personas["gt_editor"], country=countries["GT"], key_hash="x" * 64
    )
    url = reverse("event-feed-revoke", args=[token.pk])
    assert client_for("cr_editor").post(url).status_code == 404
    assert client_for("anonymous").get(reverse("event-feed", args=["made-up"])).status_code == 404


# --- API ---------------------------------------------------------------------------------


def test_the_api_lists_the_users_events_with_counts(
    client_for, events, countries, django_assert_max_num_queries
):
    for n in range(20):  # the number of queries does not grow with the events listed
        event = make_event(countries["CR"], f"Taller {n}", datetime.date(2025, 1, 1 + n))
        attend(event, events["people"]["ana"])
    client = client_for("cr_editor")
    with django_assert_max_num_queries(16):
        response = client.get("/api/events/", {"year": "2026"})
    rows = {row["title"]: row for row in response.json()["results"]}
    assert set(rows) == {"Taller para jueces penales"}
    assert len(client.get("/api/events/").json()["results"]) == 22
    workshop = rows["Taller para jueces penales"]
    assert workshop["attendance"]["people"] == 3
    assert workshop["attendance"]["by_sex"] == {"F": 2, "M": 1, "X": 0}
    assert "Ana Mora" not in response.content.decode()


def test_the_api_records_an_event_for_the_users_country_only(client_for, events, countries):
    client = client_for("cr_editor")
    body = {
        "kind": "workshop",
        "title": "Taller de la API",
        "country": "CR",
        "starts": "2026-12-01",
        "ends": "2026-12-02",
        "activities": [events["activity"].pk],
        "audiences": ["police"],
    }
    response = client.post("/api/events/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Event.objects.get(title="Taller de la API").created_by.username == "cr_editor"
    assert (
        client.post(
            "/api/events/", {**body, "country": "GT"}, content_type="application/json"
        ).status_code
        == 403
    )
    bad = client.post(
        "/api/events/", {**body, "ends": "2026-11-01"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "ends" in bad.json()
    far = {**body, "starts": "9999-12-31", "ends": "9999-12-31"}
    bad = client.post("/api/events/", far, content_type="application/json")
    assert bad.status_code == 400 and "starts" in bad.json()
    assert (
        client_for("partner")
        .post("/api/events/", body, content_type="application/json")
        .status_code
        == 403
    )


def test_the_api_figures(client_for, events):
    data = client_for("partner").get("/api/event-figures/", {"year": "2026"}).json()
    held = {(row["country"], row["year"]): row for row in data["events_held"]}
    assert held[("CR", 2026)]["workshops"] == 1 and held[("GT", 2026)]["meetings"] == 1
    assert data["people_trained"]["people"] == 3
    for nonsense in ("x", "-1", "0", "10000", "99999999999999999999999"):  # no date has it
        response = client_for("partner").get("/api/event-figures/", {"year": nonsense})
        assert response.status_code == 400
        assert "year" in response.json()
    assert client_for("partner").get("/api/event-figures/", {"plan": "nope"}).status_code == 400


@pytest.mark.parametrize("persona", ["anonymous", "auditor"])
def test_the_api_refuses_who_reads_no_country_data(client_for, events, persona):
    assert client_for(persona).get("/api/events/").status_code in (401, 403)
