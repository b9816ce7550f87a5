"""The directory in a real browser: the Costa Rica editor searches without accents and finds
the accented records, narrows to help lines, opens a contact, and looks at the printed
cards of the key international contacts as the PDF is made from them. The public help page
of Costa Rica is seen signed out. Screenshots go to test-artifacts/."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.directory.cards import cards_html
from coalition.directory.models import Contact
from coalition.directory.tests.conftest import make_contact

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_an_editor_finds_contacts_without_accents_and_prints_the_cards(
    page, live_server, personas, countries, directory
):
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    User.objects.filter(pk=personas["cr_editor"].pk).update(language="en")
    sign_in(page, personas["cr_editor"])

    # "atencion" finds the shelter and its help line, written "Atención".
    page.goto("/directory/")
    page.fill("#id_q", "atencion")
    expect(page.locator("#results")).to_contain_text("Línea de atención 24 horas")
    results = page.inner_text("#results")
    assert "Albergue Nacional de Atención a Víctimas" in results
    assert "José Pérez Ajú" not in results  # Guatemala's prosecutor says nothing of it
    assert "Stale" in results  # the help line was last verified 200 days ago
    shot(page, "directory-01-search")
    assert serious_violations(page) == []

    # Only help lines and offices.
    page.select_option("#id_kind", "line")
    expect(page.locator("#results")).not_to_contain_text("Lucía Fernández Mora")
    assert "Línea de atención 24 horas" in page.inner_text("#results")

    # A person's page: details and when they were last verified.
    lucia = directory["contacts"]["cr_person"]
    page.goto(f"/directory/contacts/{lucia.pk}/")
    main = page.inner_text("main")
    assert "Lucía Fernández Mora" in main and "+506 8888 7777" in main
    shot(page, "directory-02-contact")
    assert serious_violations(page) == []

    # The cards of the key international contacts, as the PDF prints them, in English.
    iom = directory["institutions"]["regional"]
    for name, position in [
        ("Carlos Méndez Rivas", "Coordinador de retorno asistido"),
        ("Sofía Castro Lima", "Enlace con consulados"),
        ("Daniel Brooks", "Regional protection assistant"),
    ]:
        make_contact(iom, name, position=position, phones=["+50622001101"], international=True)
    contacts = list(Contact.objects.filter(international=True).select_related("organization"))
    page.goto("about:blank")  # the site's CSP would refuse the PDF's own inline styles
    page.set_content(cards_html(contacts, countries["regional"], "en"))
    text = page.inner_text("body")
    assert "Key international contact" in text and "Ana Smith" in text
    qr_codes = page.locator(".card img.qr")
    assert qr_codes.count() == 4  # a QR code on every card
    assert all(qr.evaluate("img => img.naturalWidth") > 0 for qr in qr_codes.all())
    shot(page, "directory-03-cards")

    # Signed out, the public help page of Costa Rica lists the public help line only.
    page.context.clear_cookies()
    page.goto("/help/CR/")
    public = page.inner_text("main")
    assert "Línea de atención 24 horas" in public and "+506 2222 3333" in public
    assert "Lucía Fernández Mora" not in public
    shot(page, "directory-04-public-help")
    assert serious_violations(page) == []
