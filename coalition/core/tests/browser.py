"""What every browser test needs: Debian's Chromium through Playwright, screenshots under
test-artifacts/, authenticator codes, signing in, and axe-core's accessibility check.

The ``page`` fixture is in the root conftest.py; browser tests are marked ``browser`` and
run with ``make test-browser``.
"""

import time
from pathlib import Path

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD

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


def totp_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def shot(page, name):
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def sign_in(page, user, device=None):
    """Sign ``user`` in through the pages, with an authenticator code when one is asked."""
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state()
    if "/account/two-factor/verify/" in page.url:
        device = device or TOTPDevice.objects.get(user=user, confirmed=True)
        page.fill("#id_token", totp_code(device))
        page.click("main form button[type=submit]")
    page.wait_for_url("**/home/")


def sign_out(page):
    page.click("#user-menu")
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_load_state()


def serious_violations(page):
    """axe-core's critical and serious findings on the current page."""
    # By URL, not inline: the Content Security Policy (kept on in browser tests) forbids
    # inline scripts, and the file is among the static files anyway.
    page.add_script_tag(url=settings.STATIC_URL + AXE)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']}: {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("critical", "serious")
    ]


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def wcag_violations(page):
    """axe-core's findings against WCAG 2.1 level A and AA on the current page, whatever
    their impact."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(url=settings.STATIC_URL + AXE)
    # The map's drawn layers (Leaflet's panes: hundreds of SVG paths, not interactive)
    # cost seconds and hold no text; its controls are checked.
    result = page.evaluate(
        "tags => axe.run({exclude: [['.leaflet-pane']]}, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
    ]
