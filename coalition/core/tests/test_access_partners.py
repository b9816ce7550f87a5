"""What a partner organization (the ``partner`` persona: IOM) reads beyond the plans: the
regional figures of events and trainings (counts, never who attended) and the published
directory (records flagged public); never the unpublished records of a country."""

from django.urls import reverse

from coalition.core import access
from coalition.directory.tests.conftest import build_directory
from coalition.events.models import Event, Participant
from coalition.events.tests.conftest import build_events


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_a_partner_reads_the_regional_figures_of_events_and_trainings(
    client_for, countries, organizations
):
    build_events(countries)
    client = client_for("partner")
    page = text(client.get(reverse("event-figures")))
    assert "Costa Rica" in page and "Guatemala" in page  # every country's held events
    assert 'id="trained-total">3<' in page  # people trained, counted
    assert "Ana Mora" not in page and "Marta Pérez" not in page  # never who
    figures = client.get("/api/event-figures/").json()
    assert {row["country"] for row in figures["events_held"]} == {"CR", "GT"}


def test_a_partner_opens_no_countrys_event_nor_its_people(client_for, personas, countries):
    data = build_events(countries)
    partner = personas["partner"]
    client = client_for("partner")
    assert client.get(data["workshop"].get_absolute_url()).status_code == 404
    listed = client.get("/api/events/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert {row["title"] for row in rows} == {"Reunión de la Coalición Regional"}
    regional = text(client.get(data["regional"].get_absolute_url()))
    assert "Reunión de la Coalición Regional" in regional
    assert "Ana Mora" not in regional
    assert not access.restrict(Participant.objects.all(), partner).exists()
    assert set(access.restrict(Event.objects.all(), partner)) == {data["regional"]}


def test_a_partner_reads_the_published_directory_and_nothing_unpublished(
    client_for, countries, organizations
):
    data = build_directory(countries)
    contacts, institutions = data["contacts"], data["institutions"]
    client = client_for("partner")
    found = text(client.get(reverse("directory"), {"q": ""}))
    assert "Línea de atención 24 horas" in found  # CR's public line
    assert "Albergue Nacional de Atención a Víctimas" in found  # CR's public institution
    assert "Lucía Fernández Mora" not in found  # CR's person: not public
    assert "Fiscalía contra la Trata de Personas" not in found  # GT's institution: not public
    assert client.get(contacts["cr_line"].get_absolute_url()).status_code == 200
    assert client.get(contacts["cr_person"].get_absolute_url()).status_code == 404
    assert client.get(contacts["gt_person"].get_absolute_url()).status_code == 404
    api = client.get("/api/contacts/").json()
    names = {row["name"] for row in (api["results"] if isinstance(api, dict) else api)}
    assert "Línea de atención 24 horas" in names
    assert not names & {"Lucía Fernández Mora", "José Pérez Ajú", "Ana Smith"}
    api = client.get("/api/institutions/").json()
    names = {row["name"] for row in (api["results"] if isinstance(api, dict) else api)}
    assert institutions["CR"].name in names
    assert institutions["GT"].name not in names
