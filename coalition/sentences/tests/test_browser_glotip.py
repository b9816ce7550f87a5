"""GLOTIP in a real browser: the regional administrator imports the real regional extract
through the page and reads what the mapping could not repair; then the reconciliation sets
fictitious national records of Guatemala beside the release. Screenshots go to
test-artifacts/."""

import datetime
import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.sentences import glotip
from coalition.sentences.tests.factories import sentence

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_the_regional_administrator_imports_glotip_and_reconciles(
    page, live_server, personas, countries
):
    admin = personas["regional_admin"]
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    User.objects.filter(pk=admin.pk).update(language="en")
    gt = countries["GT"]
    sentence(
        gt,
        final_date=datetime.date(2021, 3, 1),
        defendants=(
            ("convicted", "male", "adult", "GT", 30),
            ("acquitted", "male", "adult", "GT", 5),
        ),
        victims=(("female", "minor", "GT", "sexual", 3),),
    )
    sentence(
        gt,
        final_date=datetime.date(2020, 3, 1),
        defendants=(("convicted", "female", "adult", "GT", 10),),
        victims=(),
    )
    sign_in(page, admin)

    page.goto("/sentences/sources/glotip/import/")
    page.set_input_files("#id_file", str(glotip.EXTRACT_FILE))
    page.fill("#id_released", "2023-05-30")
    page.click("main form button[type=submit]")
    expect(page.locator("#import-result")).to_contain_text("2764 figures imported")
    result = page.inner_text("#import-result")
    assert "The category is empty: imported as published." in result
    assert "385 rows of MEX skipped" in result
    assert "GLOTIP, release 2023-05-30" in page.inner_text("#sources")
    shot(page, "glotip-01-import-result")
    assert serious_violations(page) == []

    page.goto("/sentences/reconciliation/?country=GT&year_from=2019&by_sex=on")
    table = page.inner_text("#reconciliation")
    assert "−5" in table  # 30 convicted against GLOTIP's 35 in 2021
    assert "Same" in table  # 10 convicted in 2020, as GLOTIP published
    shot(page, "glotip-02-reconciliation")
    assert serious_violations(page) == []
