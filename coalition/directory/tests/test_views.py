"""Directory pages as each persona sees them: the search page, a contact's page and form,
an institution's directory details, the public help pages and the API."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.core.models import AuditEntry, Organization
from coalition.core.tests.versions import versioned
from coalition.directory.models import Contact

pytestmark = pytest.mark.usefixtures("in_english")


def text(response):
    return response.content.decode()


def test_the_search_page_finds_without_accents_and_hides_other_countries(client_for, directory):
    client = client_for("cr_editor")
    page = text(client.get(reverse("directory"), {"q": "atencion"}))
    assert "Albergue Nacional de Atención a Víctimas" in page
    assert "Lucía Fernández Mora" in page
    page = text(client.get(reverse("directory"), {"q": "jose perez"}))
    assert "José Pérez Ajú" not in page  # a Guatemalan person: not the CR editor's
    page = text(client_for("gt_editor").get(reverse("directory"), {"q": "jose perez"}))
    assert "José Pérez Ajú" in page


def test_the_search_page_shows_stale_records(client_for, directory):
    page = text(client_for("cr_editor").get(reverse("directory"), {"q": "linea"}))
    assert "Línea de atención 24 horas" in page and "Stale" in page


def test_partners_find_public_records_only(client_for, directory):
    page = text(client_for("partner").get(reverse("directory"), {"q": "albergue"}))
    assert "Línea de atención 24 horas" in page  # a public line
    assert "Lucía Fernández Mora" not in page


def test_a_contacts_page_is_for_its_countrys_data_roles_and_audited(client_for, directory):
    person = directory["contacts"]["cr_person"]
    response = client_for("cr_editor").get(person.get_absolute_url())
    assert response.status_code == 200 and "+506 8888 7777" in text(response)
    assert AuditEntry.objects.filter(action="view", object_type="directory.contact").exists()
    assert client_for("gt_editor").get(person.get_absolute_url()).status_code == 404
    assert client_for("partner").get(person.get_absolute_url()).status_code == 404
    regional = directory["contacts"]["regional_person"]
    assert client_for("gt_editor").get(regional.get_absolute_url()).status_code == 200


def test_an_editor_adds_a_contact_with_phones_read_in_its_country(client_for, directory):
    shelter = directory["institutions"]["CR"]
    response = client_for("cr_editor").post(
        reverse("contact-create"),
        {
            "kind": "person",
            "name": "Mario Rojas",
            "position": "Psicólogo",
            "organization": shelter.pk,
            "phones": "2222-4444\n+506 8888-9999",
            "emails": "MARIO@example.test",
            "axes": ["attention"],
            "languages": ["es"],
        },
    )
    contact = Contact.objects.get(name="Mario Rojas")
    assert response.status_code == 302
    assert contact.phones == ["+50622224444", "+50688889999"]
    assert contact.emails == ["mario@example.test"]
    assert contact.country.iso2 == "CR"
    assert contact.last_verified == timezone.localdate()
    assert contact.verified_by.username == "cr_editor"


def test_the_contact_form_names_bad_phones_and_a_public_person(client_for, directory):
    shelter = directory["institutions"]["CR"]
    response = client_for("cr_editor").post(
        reverse("contact-create"),
        {
            "kind": "person",
            "name": "X",
            "organization": shelter.pk,
            "phones": "12",
            "public": "on",
        },
    )
    assert response.status_code == 400
    page = text(response)
    assert "“12” is not a valid number for CR." in page
    assert "A person&#x27;s own details are never public" in page
    assert not Contact.objects.filter(name="X").exists()


def test_others_may_not_change_a_contact(client_for, directory):
    person = directory["contacts"]["cr_person"]
    url = reverse("contact-update", args=[person.pk])
    assert client_for("gt_editor").get(url).status_code == 404
    assert client_for("cr_editor").get(url).status_code == 200
    # A contributor edits only the contacts of its own institution.
    assert client_for("cr_contributor").get(url).status_code == 403


def test_deleting_a_contact_is_audited(client_for, directory):
    person = directory["contacts"]["cr_person"]
    response = client_for("cr_editor").post(reverse("contact-delete", args=[person.pk]))
    assert response.status_code == 302 and not Contact.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_type="directory.contact").exists()


def test_an_institutions_directory_details_are_saved_and_shown(client_for, directory, countries):
    shelter = directory["institutions"]["CR"]
    client = client_for("cr_editor")
    response = client.post(
        reverse("organization-update", args=[shelter.pk]),
        versioned(
            shelter,
            {
                "name": shelter.name,
                "acronym": shelter.acronym,
                "kind": shelter.kind,
                "country": countries["CR"].pk,
                "services": ["shelter", "legal_aid"],
                "populations": ["women"],
                "coverage": ["Limón", "San José"],
                "phones": "2222-5555",
                "emails": "info@example.test",
                "opening_hours": "24/7",
                "address": "Secreta",
            },
        ),
    )
    assert response.status_code == 302, text(response)
    shelter.refresh_from_db()
    assert shelter.services == ["shelter", "legal_aid"]
    assert shelter.phones == ["+50622225555"]
    assert shelter.coverage == ["Limón", "San José"]
    page = text(client.get(shelter.get_absolute_url()))
    assert "Secreta" in page and "Lucía Fernández Mora" in page
    partner = text(client_for("gt_editor").get(shelter.get_absolute_url()))
    assert partner.count("Secreta") == 0  # another country: no address, no contacts


def test_coverage_must_be_areas_of_the_institutions_country(client_for, directory, countries):
    """Only the areas of the editor's countries are offered; another's is refused."""
    shelter = directory["institutions"]["CR"]
    response = client_for("cr_editor").post(
        reverse("organization-update", args=[shelter.pk]),
        versioned(
            shelter,
            {
                "name": shelter.name,
                "kind": shelter.kind,
                "country": countries["CR"].pk,
                "coverage": ["Petén"],
            },
        ),
    )
    assert "Petén is not one of the available choices" in text(response)
    assert Organization.objects.get(pk=shelter.pk).coverage == ["San José", "Heredia"]


def test_the_api_gives_anonymous_callers_the_public_records_only(client_for, directory):
    data = client_for("anonymous").get("/api/contacts/").json()
    assert [c["name"] for c in data["results"]] == ["Línea de atención 24 horas"]
    institutions = client_for("anonymous").get("/api/institutions/").json()["results"]
    assert [i["name"] for i in institutions] == ["Albergue Nacional de Atención a Víctimas"]
    assert institutions[0]["address"] is None
    mine = client_for("cr_editor").get("/api/contacts/").json()["results"]
    assert {c["name"] for c in mine} == {
        "Línea de atención 24 horas",
        "Lucía Fernández Mora",
        "Ana Smith",
    }
    shelter = client_for("cr_editor").get(
        f"/api/institutions/{directory['institutions']['CR'].pk}/"
    )
    assert shelter.json()["address"] == "Dirección confidencial"


def test_the_api_lists_take_a_bounded_number_of_queries(
    client_for, directory, django_assert_max_num_queries
):
    from coalition.directory.tests.conftest import make_contact

    for n in range(30):
        make_contact(directory["institutions"]["CR"], f"Persona {n}")
    client = client_for("cr_editor")
    with django_assert_max_num_queries(14):
        assert client.get("/api/contacts/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get("/api/institutions/").status_code == 200


def test_the_directory_page_takes_a_bounded_number_of_queries(
    client_for, directory, django_assert_max_num_queries
):
    from coalition.directory.tests.conftest import make_contact, make_institution

    for n in range(30):
        make_contact(directory["institutions"]["CR"], f"Persona de atención {n}")
        make_institution(directory["institutions"]["CR"].country, f"Oficina de atención {n}")
    client = client_for("cr_editor")
    for query in ({}, {"q": "atencion"}, {"q": "atencion", "page": "3"}):
        with django_assert_max_num_queries(14):
            response = client.get(reverse("directory"), query)
        assert response.status_code == 200
        assert response.context["hits"]  # records on the page, each loaded with its links


def test_saving_an_institution_marks_it_verified(client_for, directory, countries):
    prosecutors = directory["institutions"]["GT"]
    Organization.objects.filter(pk=prosecutors.pk).update(last_verified=None)
    client_for("gt_editor").post(
        reverse("organization-update", args=[prosecutors.pk]),
        versioned(
            prosecutors,
            {"name": prosecutors.name, "kind": prosecutors.kind, "country": countries["GT"].pk},
        ),
    )
    prosecutors.refresh_from_db()
    assert prosecutors.last_verified == timezone.localdate()
