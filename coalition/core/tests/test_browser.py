"""The shell in a real browser (Debian's Chromium through Playwright).

A regional administrator signs in with password and authenticator code, switches the
language to English and back, visits the main pages and signs out. Every page is saved as
a screenshot under test-artifacts/ for a person to look at; axe-core checks the home page
and the organizations list for critical and serious accessibility problems; any console error (a
Content Security Policy violation shows up there) or failed static file fails the test.

Run with ``make test-browser`` (or ``pytest -m browser``).
"""

import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
# test itself would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
AXE = "vendor/axe-core/axe.min.js"  # installed by `make install` with the other vendor files


def _code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 800}, locale="es-CR"
        )
        page = context.new_page()
        page.problems = []
        page.on(
            "console",
            lambda msg: msg.type == "error" and page.problems.append(f"console: {msg.text}"),
        )
        page.on(
            "response",
            lambda r: (
                "/static/" in r.url
                and r.status >= 400
                and page.problems.append(f"{r.status} {r.url}")
            ),
        )
        yield page
        context.close()
        browser.close()


def _shot(page, name):
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def _serious_violations(page):
    # By URL, not inline: the Content Security Policy (kept on in this test) forbids
    # inline scripts, and the file is among the static files anyway.
    page.add_script_tag(url=settings.STATIC_URL + AXE)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']}: {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def test_a_regional_admin_signs_in_switches_language_and_signs_out(page, live_server, personas):
    admin = personas["regional_admin"]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)

    page.goto("/login/")
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.btn-primary')).backgroundColor"
    ) not in ("", "rgba(0, 0, 0, 0)"), "Bootstrap's CSS did not load"
    _shot(page, "01-login")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")

    page.wait_for_url("**/account/two-factor/verify/**")
    page.fill("#id_token", _code(device))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/home/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Sus roles" in page.inner_text("main")
    _shot(page, "02-home-es")
    assert _serious_violations(page) == []

    with page.expect_navigation():
        page.click("#language-switcher button[value=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Your roles" in page.inner_text("main")
    _shot(page, "03-home-en")
    with page.expect_navigation():
        page.click("#language-switcher button[value=es]")
    assert "Sus roles" in page.inner_text("main")

    page.click("nav >> text=Organizaciones")
    page.wait_for_url("**/organizations/")
    assert page.locator("table").count() == 1
    _shot(page, "04-organizations")
    assert _serious_violations(page) == []

    page.goto("/audit/")
    _shot(page, "05-audit")
    page.goto("/account/two-factor/")
    _shot(page, "06-two-factor-setup")
    page.goto("/account/")
    _shot(page, "07-account")

    page.click("#user-menu")
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Países miembros" in page.inner_text("main")
    assert page.get_by_role("link", name="Iniciar sesión").is_visible()
    _shot(page, "08-public-home")
    assert page.problems == []

    response = page.goto("/no-such-page/")
    assert response.status == 404
    _shot(page, "09-not-found")
