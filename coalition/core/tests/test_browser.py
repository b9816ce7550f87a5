"""The shell in a real browser (Debian's Chromium through Playwright).

A regional administrator signs in with password and authenticator code, switches the
language to English and back, visits the main pages and signs out. Every page is saved as
a screenshot under test-artifacts/ for a person to look at; axe-core checks the home page
and the organizations list for critical and serious accessibility problems; any console error (a
Content Security Policy violation shows up there) or failed static file fails the test.

Run with ``make test-browser`` (or ``pytest -m browser``).
"""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.tests.browser import serious_violations, shot, totp_code
from conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test itself would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_a_regional_admin_signs_in_switches_language_and_signs_out(page, live_server, personas):
    admin = personas["regional_admin"]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)

    page.goto("/login/")
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.btn-primary')).backgroundColor"
    ) not in ("", "rgba(0, 0, 0, 0)"), "Bootstrap's CSS did not load"
    shot(page, "01-login")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")

    page.wait_for_url("**/account/two-factor/verify/**")
    page.fill("#id_token", totp_code(device))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/home/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Sus roles" in page.inner_text("main")
    shot(page, "02-home-es")
    assert serious_violations(page) == []

    with page.expect_navigation():
        page.click("#language-switcher button[value=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Your roles" in page.inner_text("main")
    shot(page, "03-home-en")
    with page.expect_navigation():
        page.click("#language-switcher button[value=es]")
    assert "Sus roles" in page.inner_text("main")

    page.click("nav >> text=Organizaciones")
    page.wait_for_url("**/organizations/")
    assert page.locator("table").count() == 1
    shot(page, "04-organizations")
    assert serious_violations(page) == []

    page.goto("/audit/")
    shot(page, "05-audit")
    page.goto("/account/two-factor/")
    shot(page, "06-two-factor-setup")
    page.goto("/account/")
    shot(page, "07-account")

    page.click("#user-menu")
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Qué es la trata de personas" in page.inner_text("main")
    assert page.locator("header").get_by_role("link", name="Secretarías y socios").is_visible()
    shot(page, "08-public-home")
    assert page.problems == []

    response = page.goto("/no-such-page/")
    assert response.status == 404
    shot(page, "09-not-found")
