"""The public site's shell: its languages, its cache, robots.txt and sitemap.xml."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.core.models import Country

pytestmark = pytest.mark.django_db


def test_the_home_page_speaks_spanish_at_the_root_and_english_under_en(client, countries):
    spanish = client.get("/")
    english = client.get("/en/")
    assert spanish.status_code == english.status_code == 200
    assert '<html lang="es">' in spanish.text
    assert '<html lang="en">' in english.text
    assert spanish["Content-Language"] == "es"
    assert english["Content-Language"] == "en"


def test_a_page_names_its_copy_in_the_other_language(client, countries):
    text = client.get("/en/privacy/").text
    assert 'hreflang="es" href="http://testserver/privacy/"' in text
    assert 'hreflang="en" href="http://testserver/en/privacy/"' in text
    assert 'href="/privacy/" hreflang="es" lang="es">Español</a>' in text


def test_the_language_of_the_address_wins_over_the_browser_and_the_cookie(client, countries):
    client.cookies["coalition_language"] = "en"
    assert '<html lang="es">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").text


def test_every_public_page_has_the_quick_exit_and_the_way_to_help(client, countries):
    text = client.get("/en/").text
    assert 'id="quick-exit"' in text
    assert f'href="{reverse("public-en:help-index")}"' in text


def test_a_visitors_browser_keeps_no_copy_of_a_page(client, countries):
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_a_change_to_what_a_page_shows_reaches_it_once_committed(
    client, countries, django_capture_on_commit_callbacks
):
    assert "Costa Rica" in client.get("/en/").text
    Country.objects.filter(iso2="CR").update(name_en="Costa Rica (changed)")
    assert "(changed)" not in client.get("/en/").text  # the cached page
    country = Country.objects.get(iso2="CR")
    country.name_en = "Republic of Costa Rica"
    with django_capture_on_commit_callbacks(execute=True):
        country.save()
    assert "Republic of Costa Rica" in client.get("/en/").text


def test_an_audited_change_written_without_a_model_signal_reaches_the_page(
    client, countries, django_capture_on_commit_callbacks
):
    client.get("/en/")
    country = Country.objects.get(iso2="CR")
    Country.objects.filter(pk=country.pk).update(name_en="Costa Rica (published)")
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(None, AuditAction.PUBLISH, country, actor_repr="test")
    assert "Costa Rica (published)" in client.get("/en/").text


def test_robots_keeps_search_engines_out_of_everything_but_the_public_site(client):
    text = client.get("/robots.txt").text
    assert "Disallow: /plans/" in text
    assert "Disallow: /api/" in text
    assert "Disallow: /help/" not in text
    assert "Disallow: /en/" not in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_the_sitemap_lists_each_public_page_in_both_languages(client, countries):
    text = client.get("/sitemap.xml").text
    assert "<loc>http://testserver/</loc>" in text
    assert "<loc>http://testserver/en/</loc>" in text
    assert 'hreflang="en" href="http://testserver/en/privacy/"' in text
    assert "/plans/" not in text


def test_a_public_page_answers_405_to_a_post(client, countries):
    assert client.post("/en/").status_code == 405


def test_a_head_request_gets_the_pages_headers_without_its_body(countries):
    # Called past the test client, which drops a HEAD answer's body itself (gunicorn sends
    # what the application gives, with a warning).
    length = len(Client().get("/en/").content)
    for _ in range(2):  # rendered, then from the cache
        request = RequestFactory().head("/en/")
        request.resolver_match = resolve("/en/")
        request.user = AnonymousUser()
        response = request.resolver_match.func(request)
        assert response.status_code == 200
        assert response.content == b""
        assert response["Content-Length"] == str(length)
