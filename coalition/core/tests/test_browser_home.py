"""The home page over the demo data, as the regional administrator and as the Costa Rica
editor (Chromium): "needs your attention" lists each capability's items, each a link that
opens its page; screenshots under test-artifacts/."""

import os

import pytest
from django.conf import settings

from coalition.core.tests import crawler
from coalition.core.tests.browser import serious_violations, shot

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, client):
    page.context.clear_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("regional_admin", ["países", "deben verificarse", "convenios", "Países sin editor"]),
        ("cr_editor", ["siguen abiertas en Costa Rica", "deben verificarse en Costa Rica"]),
    ],
)
def test_the_home_page_lists_what_needs_attention_with_working_links(
    page, live_server, persona, expected
):
    crawler.load_demo_data(settings.MEDIA_ROOT)
    site = crawler.DemoSite(settings.MEDIA_ROOT)
    _sign_in(page, live_server, site.client(persona))
    page.goto("/home/")
    attention = page.locator("#attention")
    text = attention.inner_text()
    shot(page, f"home-{persona.replace('_', '-')}")
    for words in expected:
        assert words in text
    assert serious_violations(page) == []
    links = [a.get_attribute("href") for a in attention.locator("a").all()]
    assert len(links) >= 3
    for href in links:
        response = page.goto(href)
        assert response.status == 200, href
    assert page.problems == []
