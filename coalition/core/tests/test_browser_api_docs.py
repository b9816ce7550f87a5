"""The API documentation in a real browser: Swagger UI draws the schema inside the app's
page, in the reader's language where the schema has it, with no Content-Security-Policy
violation (the ``page`` fixture fails on any console error)."""

import os

import pytest
from django.conf import settings

from coalition.core.tests.browser import shot

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_the_api_documentation_loads_in_english_without_a_policy_error(
    page, live_server, countries
):
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page.goto("/api/docs/")
    page.wait_for_selector("#swagger-ui .opblock-tag", timeout=20_000)
    shot(page, "api-docs-en")
    assert page.title().startswith("API documentation")
    assert page.locator("a", has_text="Back to Coalition").get_attribute("href") == "/"
    page.locator(".opblock-summary-path", has_text="/api/organizations/").first.click()
    page.wait_for_selector(".parameters")
    assert "Country" in page.locator(".parameters").first.inner_text()
    assert page.problems == []
