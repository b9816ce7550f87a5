"""Get help, per country: the emergency numbers, the public lines and institutions of the
directory as click-to-call links, never a person, a non-public record or an address."""

import pytest
from django.urls import reverse

from coalition.core.choices import OrganizationKind
from coalition.core.models import Country, Organization
from coalition.directory.choices import ContactKind
from coalition.directory.tests.conftest import build_directory, make_contact, make_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(countries):
    return build_directory(countries)


def test_a_public_line_and_a_public_shelter_show_with_call_links(client, directory):
    page = client.get("/help/CR/").text
    assert "Línea de atención 24 horas" in page
    assert "Albergue Nacional de Atención a Víctimas (ANAV)" in page
    assert 'href="tel:+50622223333"' in page
    assert "+506 2222 3333" in page
    assert 'href="mailto:albergue@example.test"' in page


def test_a_person_a_non_public_record_and_an_address_never_show(client, directory, countries):
    cr = countries["CR"]
    hidden = make_institution(
        cr, "Casa Refugio Confidencial", address="Calle secreta 12", phones=["+50622224444"]
    )
    make_contact(hidden, "Línea interna del refugio", kind=ContactKind.LINE, public=False)
    page = client.get("/help/CR/").text
    for secret in (
        "Lucía Fernández Mora",  # a person
        "+506 8888 7777",
        "50688887777",
        "lucia@example.test",
        "Casa Refugio Confidencial",  # an institution not flagged public
        "Línea interna del refugio",  # a line not flagged public
        "Dirección confidencial",  # the public shelter's address
        "Calle secreta",
    ):
        assert secret not in page


def test_the_emergency_number_comes_first_as_dialled(client, directory):
    page = client.get("/help/CR/").text
    assert 'href="tel:911"' in page
    assert page.index('href="tel:911"') < page.index("Línea de atención 24 horas")
    assert 'href="tel:110"' in client.get("/en/help/GT/").text


def test_a_country_without_an_emergency_number_says_to_call_the_local_police(client, countries):
    Country.objects.filter(iso2="HN").update(emergency_number="")
    assert "call the local police" in client.get("/en/help/HN/").text
    assert "call the local police" in client.get("/en/help/").text


def test_a_country_with_nothing_public_says_so_and_points_to_the_regional_lines(
    client, directory, countries
):
    regional_office = Organization.objects.create(
        name="Oficina regional", kind=OrganizationKind.INTERNATIONAL, country=countries["regional"]
    )
    make_contact(
        regional_office,
        "Línea regional",
        kind=ContactKind.LINE,
        phones=["+50622005555"],
        public=True,
    )
    page = client.get("/en/help/GT/").text
    assert "No public help line or institution has been listed for Guatemala yet." in page
    assert "In an emergency, call 110." in page
    assert 'href="#regional"' in page
    assert "Línea regional" in page
    assert 'href="tel:+50622005555"' in page
    assert "Fiscalía contra la Trata de Personas" not in page  # not flagged public


def test_an_unknown_country_or_the_regional_level_is_not_found(client, countries):
    for address in ("/help/ZZ/", "/en/help/ZZ/", "/help/XR/", "/help/toolong/"):
        assert client.get(address).status_code == 404


def test_the_help_pages_speak_spanish_at_the_root_and_english_under_en(client, directory):
    spanish = client.get("/help/CR/").text
    english = client.get("/en/help/CR/").text
    assert '<html lang="es">' in spanish
    assert "Obtener ayuda en Costa Rica" in spanish
    assert "Qué pasa cuando llama" in spanish
    assert '<html lang="en">' in english
    assert "<h1>Get help in Costa Rica</h1>" in english
    assert "What happens when you call" in english
    assert '<meta name="description" content="Emergency number, help lines' in english
    assert 'href="/en/help/GT/"' in english  # links stay in English
    assert 'href="/help/GT/"' in spanish


def test_the_index_lists_every_member_country_with_its_emergency_number(client, countries):
    page = client.get("/en/help/").text
    members = Country.objects.members().active()
    for country in members:
        assert f'href="{reverse("public-en:help-country", args=[country.iso2])}"' in page
        assert f'href="tel:{country.emergency_number}"' in page
    assert 'href="/en/help/XR/"' not in page
    assert 'href="/en/help/MX/"' not in page  # not an active member


def test_the_page_names_an_institution_without_repeating_the_country(client, countries):
    for name, acronym in [
        ("Dirección General de Migración (Costa Rica)", "DGM"),
        ("Save the Children (Costa Rica)", ""),
    ]:
        Organization.objects.create(
            name=name,
            acronym=acronym,
            kind=OrganizationKind.NGO,
            country=countries["CR"],
            public=True,
        )
    institutions = client.get("/help/CR/").text.split('id="institutions"')[1]
    assert "(Costa Rica)" not in institutions
    assert "Dirección General de Migración (DGM)" in institutions
    assert "Save the Children</h3>" in institutions


def test_a_line_made_public_reaches_the_page_once_saved(
    client, directory, django_capture_on_commit_callbacks
):
    assert "Línea nueva" not in client.get("/help/CR/").text
    with django_capture_on_commit_callbacks(execute=True):
        make_contact(
            directory["institutions"]["CR"], "Línea nueva", kind=ContactKind.LINE, public=True
        )
    assert "Línea nueva" in client.get("/help/CR/").text


def test_the_pages_take_few_queries_however_many_records(
    client, directory, countries, django_assert_max_num_queries
):
    for number in range(10):
        institution = make_institution(countries["CR"], f"Oficina {number}", public=True)
        make_contact(institution, f"Línea {number}", kind=ContactKind.LINE, public=True)
    with django_assert_max_num_queries(5):
        assert client.get("/en/help/CR/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get("/en/help/").status_code == 200


def test_the_sitemap_lists_each_member_countrys_help_page_in_both_languages(client, countries):
    sitemap = client.get("/sitemap.xml").text
    assert "http://testserver/help/CR/" in sitemap
    assert "http://testserver/en/help/CR/" in sitemap
    assert "/help/XR/" not in sitemap
    assert "/help/MX/" not in sitemap


def test_a_country_code_in_small_letters_leads_to_the_one_address_of_its_page(client, countries):
    response = client.get("/en/help/cr/")
    assert response.status_code == 301
    assert response["Location"] == "/en/help/CR/"
    assert client.get("/help/CR/").status_code == 200
