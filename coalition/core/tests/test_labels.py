"""How pages name organizations (the acronym once, never a badge repeating the name), and
the audit log naming the address of a refused request."""

import re

import pytest
from django.urls import reverse

from coalition.core.choices import AuditAction, OrganizationKind
from coalition.core.models import Organization
from coalition.lib.text import find_words

pytestmark = pytest.mark.django_db


def organization(countries, name, acronym="", scope="regional"):
    return Organization.objects.create(
        name=name, acronym=acronym, kind=OrganizationKind.NGO, country=countries[scope]
    )


def test_an_organization_is_named_with_its_acronym_when_the_acronym_adds_something(
    organizations,
):
    assert str(organizations["ngo_cr"]) == "Fundación Atención Integral (FAI)"
    assert organizations["ngo_cr"].short_name == "FAI"


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Save the Children", "Save the Children"),
        ("Save the Children", "save the children"),
        ("Interpol", "INTERPOL"),
        ("Oficina UNODC para Centroamérica", "UNODC"),
    ],
)
def test_an_acronym_that_the_name_already_says_is_not_repeated(countries, name, acronym):
    org = organization(countries, name, acronym)
    assert str(org) == name
    assert org.local_label == name


def test_an_organization_without_acronym_is_named_by_its_name_everywhere(countries):
    org = organization(countries, "Save the Children")
    assert str(org) == "Save the Children"
    assert org.short_name == "Save the Children"


def test_a_page_about_its_own_country_drops_the_country_from_the_name(countries):
    org = organization(countries, "Dirección General de Migración (Costa Rica)", "DGM", "CR")
    assert org.local_name == "Dirección General de Migración"
    assert org.local_label == "Dirección General de Migración (DGM)"
    assert str(org) == "Dirección General de Migración (Costa Rica) (DGM)"
    other = organization(countries, "Consulado de Guatemala (Costa Rica)", "", "GT")
    assert other.local_name == "Consulado de Guatemala (Costa Rica)"


@pytest.mark.parametrize(
    ("text", "words", "found"),
    [
        ("OIM y Save the Children (marzo 2012)", "save the children", "Save the Children"),
        ("OIM y Save the Children (marzo 2012)", "OIM", "OIM"),
        (
            "Organización  Internacional",
            "organizacion internacional",
            "Organización  Internacional",
        ),
        ("Cooperación internacional", "OIM", None),
        ("Agendas", "ONU", None),
        ("ST de cada país", "ST", "ST"),
        ("ESTADO", "ST", None),
    ],
)
def test_words_are_found_whole_whatever_their_case_and_accents(text, words, found):
    span = find_words(text, words)
    assert (text[span[0] : span[1]] if span else None) == found


def test_the_audit_log_shows_the_address_a_refused_request_asked_for(client_for):
    # A country editor may not read the audit log.
    path = reverse("audit-list")
    assert client_for("cr_editor").get(path, {"since": "2026-01-01"}).status_code == 403
    response = client_for("auditor").get(
        reverse("audit-list"), {"action": AuditAction.PERMISSION_DENIED}
    )
    [entry] = response.context["page_obj"]
    assert entry.path == path
    page = response.content.decode()
    assert re.search(rf'<code class="audit-path"[^>]*>{re.escape(path)}</code>', page)


def test_an_audit_entry_without_a_path_shows_none(client_for):
    client_for("cr_editor")  # a sign-in, recorded without any path
    response = client_for("auditor").get(reverse("audit-list"), {"action": AuditAction.LOGIN})
    assert response.context["page_obj"][0].path == ""
    assert "audit-path" not in response.content.decode()


def test_the_country_page_names_its_institutions_without_repeating_the_country(
    client_for, countries
):
    organization(countries, "Dirección General de Migración (Costa Rica)", "DGM", "CR")
    page = client_for("cr_editor").get(reverse("country-detail", args=["CR"])).content.decode()
    assert ">Dirección General de Migración (DGM)</a>" in page
    assert "Migración (Costa Rica)" not in page


def test_the_practice_form_names_an_institution_and_its_country_once(client_for, countries):
    organization(countries, "Dirección General de Migración (Costa Rica)", "DGM", "CR")
    form = client_for("cr_editor").get(reverse("practice-create")).context["form"]
    offered = [str(label) for _value, label in form.fields["institution"].choices]
    assert "Dirección General de Migración (DGM) · Costa Rica" in offered
