"""In the browser: the Guatemala editor approves the last pending country, the partner reads
what the agreement shares, generates a package and downloads it; it verifies, and with one
byte flipped it does not."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.tests.browser import serious_violations, shot, sign_in, sign_out
from coalition.sentences.tests.test_sharing import agreement, statistics  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("statistics")
def test_the_partner_downloads_a_package_once_every_country_approved(
    page, live_server, personas, organizations, countries, tmp_path
):
    made = agreement(organizations, countries, approved=("CR",), pending=("GT",))
    editor = personas["gt_editor"]
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    sign_in(page, editor)
    page.goto(made.get_absolute_url())
    page.get_by_role("button", name="Aprobar por Guatemala").click()
    page.wait_for_load_state()
    assert "Válido" in page.locator(".page-header .badge").inner_text()
    shot(page, "sharing-01-approved")
    sign_out(page)

    sign_in(page, personas["partner"])
    page.get_by_role("link", name="Intercambio de datos").click()
    page.get_by_role("link", name=made.reference).click()
    page.get_by_role("link", name="Qué comparte").click()
    assert "Guatemala · 2021" in page.content()
    assert serious_violations(page) == []
    page.go_back()
    page.get_by_role("button", name="Generar un paquete").click()
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.locator("#packages").get_by_role("link", name="Descargar").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    shot(page, "sharing-02-package")
    assert serious_violations(page) == []
    assert page.problems == []

    call_command("verify_share", str(path))
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0x01
    path.write_bytes(bytes(content))
    with pytest.raises(CommandError, match="NOT VERIFIED"):
        call_command("verify_share", str(path))
