"""Public records (institutions and lines listed on the public help pages) of another
country: every reader may open their page, which shows the public fields only; the lists
link a record only when its reader may open its page."""

import re

import pytest
from django.urls import reverse

from coalition.core.models import AuditEntry
from coalition.directory.tests.conftest import make_contact

pytestmark = pytest.mark.usefixtures("in_english")


def text(response):
    return response.content.decode()


def test_a_partner_opens_a_public_institution_of_a_country_with_its_public_fields_only(
    client_for, directory
):
    shelter = directory["institutions"]["CR"]
    response = client_for("partner").get(shelter.get_absolute_url())
    page = text(response)
    assert response.status_code == 200
    assert "Albergue Nacional de Atención a Víctimas" in page
    assert "+506 2222 3333" in page and "albergue@example.test" in page
    assert "Shelter" in page  # a service
    assert "Línea de atención 24 horas" in page  # its public line
    assert "only what its public help page shows" in page
    assert "Dirección confidencial" not in page  # the address never
    assert "Lucía Fernández Mora" not in page  # nor its people
    assert "Capacity" not in page and "Edit" not in page


def test_an_editor_of_another_country_reads_a_public_institution_but_not_a_private_one(
    client_for, directory
):
    client = client_for("gt_editor")
    assert client.get(directory["institutions"]["CR"].get_absolute_url()).status_code == 200
    assert client.get(directory["institutions"]["GT"].get_absolute_url()).status_code == 200
    cr_client = client_for("cr_editor")
    assert cr_client.get(directory["institutions"]["GT"].get_absolute_url()).status_code == 404
    page = text(cr_client.get(directory["institutions"]["CR"].get_absolute_url()))
    assert "Dirección confidencial" in page  # its own country's record: all of it


def test_public_pages_stay_closed_to_the_auditor_and_anonymous_visitors(client_for, directory):
    shelter = directory["institutions"]["CR"]
    line = directory["contacts"]["cr_line"]
    for url in (shelter.get_absolute_url(), line.get_absolute_url()):
        assert client_for("auditor").get(url).status_code == 404
        assert client_for("anonymous").get(url).status_code == 302


def test_a_public_line_of_another_country_shows_its_public_fields_unaudited(client_for, directory):
    line = directory["contacts"]["cr_line"]
    line.notes = "Nota interna"
    line.save()
    before = AuditEntry.objects.filter(action="view").count()
    response = client_for("gt_editor").get(line.get_absolute_url())
    page = text(response)
    assert response.status_code == 200
    assert "Línea de atención 24 horas" in page and "+506 2222 3333" in page
    assert "Nota interna" not in page and "vCard" not in page
    assert AuditEntry.objects.filter(action="view").count() == before
    person = directory["contacts"]["cr_person"]
    assert client_for("gt_editor").get(person.get_absolute_url()).status_code == 404


def _record_links(page):
    return re.findall(r'href="(/(?:organizations|directory/contacts)/\d+/)"', page)


@pytest.mark.parametrize("persona", ["cr_editor", "gt_editor", "cr_contributor", "partner"])
def test_the_directory_links_only_records_its_reader_may_open(client_for, directory, persona):
    # A public line of an institution that is not public: the line is linked, the
    # institution's name is not.
    make_contact(directory["institutions"]["GT"], "Línea de denuncias", kind="line", public=True)
    client = client_for(persona)
    page = text(client.get(reverse("directory")))
    links = _record_links(page)
    assert links
    assert "Línea de denuncias" in page
    for url in links:
        assert client.get(url).status_code == 200, url
    if persona in ("cr_editor", "cr_contributor", "partner"):
        prosecutors = directory["institutions"]["GT"].get_absolute_url()
        assert f'href="{prosecutors}"' not in page
        assert "Fiscalía contra la Trata de Personas" in page  # named, not linked
