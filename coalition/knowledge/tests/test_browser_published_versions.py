"""An edit to a published good practice in a real browser: the country editor changes the
text, the public page keeps the published text, the practice's page shows what differs
(with no serious accessibility finding), and "Publish the changes" shows the new text to
the public. Screenshots go to test-artifacts/."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_an_edit_waits_for_review_while_the_public_page_keeps_the_published_text(
    page, personas, knowledge
):
    editor = personas["cr_editor"]
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    User.objects.filter(pk=editor.pk).update(language="en")
    practice = knowledge["practices"]["cr_published"]
    public_url = f"/good-practices/{practice.pk}/"
    sign_in(page, editor)

    page.goto(f"/knowledge/practices/{practice.pk}/edit/")
    expect(page.locator("main")).to_contain_text("This practice is published.")
    page.fill("#id_results", "Denuncias en todas las provincias (texto nuevo).")
    page.click("main form.card button[type=submit]")
    page.wait_for_url(f"**/knowledge/practices/{practice.pk}/")
    box = page.locator("#published-version")
    expect(box).to_contain_text("this edit awaits review")
    box.locator("summary").click()
    expect(box.locator("table")).to_contain_text("Más denuncias desde zonas rurales.")
    expect(box.locator("table")).to_contain_text("Denuncias en todas las provincias")
    shot(page, "practice-edit-awaiting-review")
    assert serious_violations(page) == []

    page.goto(public_url)
    expect(page.locator("main")).to_contain_text("Más denuncias desde zonas rurales.")
    expect(page.locator("main")).not_to_contain_text("texto nuevo")

    page.goto(f"/knowledge/practices/{practice.pk}/")
    page.locator("#published-version").get_by_role("button", name="Publish the changes").click()
    page.wait_for_load_state()
    expect(page.locator("#published-version")).to_have_count(0)
    page.goto(public_url)
    expect(page.locator("main")).to_contain_text("Denuncias en todas las provincias")
    assert page.problems == []
