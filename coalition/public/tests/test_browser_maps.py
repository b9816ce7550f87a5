"""The public map and the documents page in a real browser, in both languages and on a
phone: the map draws the published counts, WCAG 2.1 AA holds, and without JavaScript the
table says the same. Screenshots go to test-artifacts/."""

import os

import pytest
from playwright.sync_api import expect

from coalition.core.tests.browser import shot, wcag_violations
from coalition.knowledge.models import Agreement
from coalition.knowledge.tests.conftest import build_knowledge
from coalition.mapping.tests.conftest import build_mapping

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def page_violations(page):
    """WCAG findings in the page's own content (the shell's header and footer are the
    site's tests' to check)."""
    shell = ("list-inline-item", 'a[href$="privacy/"]', "public-safety-bar", "public-header")
    return [v for v in wcag_violations(page) if not any(part in v for part in shell)]


@pytest.mark.parametrize(
    ("prefix", "shown"), [("", "Zonas publicables: 3,"), ("/en", "Publishable zones: 3,")]
)
def test_the_public_map_draws_the_published_counts(page, countries, prefix, shown):
    build_mapping(countries)
    page.goto(f"{prefix}/risk-map/")
    expect(page.locator("#map")).to_have_attribute("data-loaded", "true")
    expect(page.locator("#map-status")).to_contain_text(shown)
    assert "Peñas Blancas" not in page.content()
    shot(page, f"public-map-{prefix.strip('/') or 'es'}")
    assert page_violations(page) == []
    assert page.problems == []


def test_the_public_map_reads_well_on_a_phone_and_without_javascript(page, live_server, countries):
    build_mapping(countries)
    context = page.context.browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 800}, java_script_enabled=False
    )
    phone = context.new_page()
    phone.goto("/en/risk-map/")
    expect(phone.locator("#map-areas-table tbody tr")).to_have_count(2)
    expect(phone.locator("#map")).to_be_hidden()
    phone.select_option("#f-country", "GT")
    phone.click("form[role=search] button[type=submit]")
    rows = phone.locator("#map-areas-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text(["San Marcos"])
    shot(phone, "public-map-en-360-no-javascript")
    context.close()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_documents_page_meets_wcag(page, personas, countries, organizations, prefix):
    made = build_knowledge(countries)
    Agreement.objects.filter(pk=made["agreements"]["cr_police"].pk).update(public=True)
    page.goto(f"{prefix}/documents/")
    expect(page.locator("article")).to_have_count(1)
    shot(page, f"public-documents-{prefix.strip('/') or 'es'}")
    assert page_violations(page) == []
