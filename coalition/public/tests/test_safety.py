"""A visit to the public site leaves as little trace as the site can manage: no cookie,
nothing fetched from another host, no inline code, and a quick exit that works without
JavaScript. Over the demo data, every public page found by the crawl (``crawl``)."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from coalition.core.tests import crawler
from coalition.public.tests import crawl

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from crawler.demo_site_fixture(django_db_setup, django_db_blocker, tmp_path_factory)


@pytest.fixture
def media_root():
    """The demo's uploads stay where ``demo_site`` put them (overrides the root one)."""


@pytest.fixture
def visit(demo_site):
    """The public pages found by an anonymous visitor, and that visitor's client."""
    client = Client()
    return crawl.public_pages(client), client


def _stylesheet_urls(address):
    """The url()s and @imports of a stylesheet of the site's own static files."""
    name = urlsplit(address).path.removeprefix("/static/")
    found = finders.find(name)
    text = Path(found).read_text(encoding="utf-8") if found else ""
    return re.findall(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)", text)


def test_the_crawl_reaches_every_section_in_both_languages(visit):
    found, _ = visit
    for path in ("/", "/privacy/", "/help/", "/statistics/"):
        assert path in found
        assert "/en" + path in found


def test_no_public_page_loads_anything_from_another_host(visit):
    found, _ = visit
    problems = []
    for address, html in found.items():
        loaded, _ = crawl.resources(html)
        for what, url in loaded:
            if crawl.other_host(url):
                problems.append(f"{address}: {what} {url}")
            elif "stylesheet" in what:
                for pair in _stylesheet_urls(url):
                    inner = next(part for part in pair if part)
                    if crawl.other_host(inner) or inner.startswith("//"):
                        problems.append(f"{address}: {url} loads {inner}")
    assert not problems, "\n".join(problems)


def test_no_public_page_writes_a_script_or_a_style_inline(visit):
    found, _ = visit
    problems = [
        f"{address}: {what}" for address, html in found.items() for what in crawl.resources(html)[1]
    ]
    assert not problems, "\n".join(problems)


def test_no_public_page_sets_a_cookie(visit):
    found, client = visit
    assert len(found) > 10
    assert not client.cookies, list(client.cookies)


def test_the_language_comes_from_the_address_not_from_a_cookie(client, countries):
    english = client.get("/en/privacy/")
    assert not english.cookies
    assert '<html lang="es">' in client.get("/privacy/").text


def test_a_link_outside_the_site_is_allowed_but_a_script_from_it_is_not():
    # The checker's own sample: a script from another host, which no page of ours may load.
    elsewhere = "https://" + "elsewhere.invalid/x.js"
    page = f'<a href="https://example.org/">x</a><script src="{elsewhere}"></script>'
    loaded, inline = crawl.resources(page)
    assert [url for _, url in loaded if crawl.other_host(url)] == [elsewhere]
    assert crawl.resources('<p style="color:red"></p><script>alert(1)</script>')[1] == [
        "<p> with a style attribute",
        "an inline <script>",
    ]
    assert crawl.resources('<script type="application/json">{}</script>')[1] == []


def test_without_javascript_the_quick_exit_is_a_plain_link_to_the_neutral_site(
    client, countries, settings
):
    settings.QUICK_EXIT_URL = "https://neutral.example/weather"
    text = client.get("/en/").text
    assert re.search(r'<a id="quick-exit"[^>]*? href="https://neutral.example/weather"', text)


def test_every_page_tells_its_script_which_addresses_are_the_public_sites(client, countries):
    paths = re.search(r'data-public-paths="([^"]*)"', client.get("/").text).group(1).split()
    assert {"/", "/en/", "/privacy/", "/help/"} <= set(paths)
    assert not {"/plans/", "/home/", "/login/", "/admin/"} & set(paths)


def test_the_privacy_page_says_what_is_and_is_not_recorded_in_both_languages(client, countries):
    english = client.get("/en/privacy/").text
    assert "The public pages set no cookie" in english
    assert "no analytics" in english
    assert "technical log" in english
    assert "the back button does not return here" in english
    assert "private (incognito) window" in english
    spanish = client.get("/privacy/").text
    assert "ninguna cookie" in spanish
    assert "el botón de retroceso no vuelve aquí" in spanish
