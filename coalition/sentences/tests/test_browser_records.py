"""The Guatemala editor records a final sentence in a real browser: the form with its
counting rows, then the sentence's page and the list; no serious accessibility finding."""

import datetime
import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.mapping.models import AdminArea
from coalition.sentences.models import Sentence
from coalition.sentences.tests.factories import offence, sentence

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_an_editor_records_a_sentence_in_the_browser(page, live_server, personas, countries):
    gt = countries["GT"]
    AdminArea.objects.create(country=gt, name="Quetzaltenango")
    article = offence(gt, article="Art. 202 Ter Código Penal", name="Trata de personas")
    for day in (3, 17):
        sentence(gt, final_date=datetime.date(2023, 4, day)).offences.add(article)
    TOTPDevice.objects.create(user=personas["gt_editor"], name="phone", confirmed=True)
    sign_in(page, personas["gt_editor"])

    page.goto("/sentences/records/new/")
    page.fill("#id_court_file", "C-01077-2024-00077")
    page.select_option("#id_court_level", "appeal")
    page.fill("#id_final_date", "2024-02-20")
    page.select_option("#id_area", label="Quetzaltenango (GT)")
    page.check(f"input[name=offences][value='{article.pk}']")
    page.check("input[name=exploitation_forms][value=sexual]")
    page.fill("#id_prison_years", "16")
    page.fill("#id_summary", "Trata con fines de explotación sexual; condena confirmada.")
    page.select_option("#id_defendants-0-outcome", "convicted")
    page.select_option("#id_defendants-0-sex", "male")
    page.select_option("#id_defendants-0-age_group", "adult")
    page.select_option("#id_defendants-0-citizenship", "GT")
    page.fill("#id_defendants-0-count", "2")
    page.select_option("#id_victims-0-exploitation", "sexual")
    page.select_option("#id_victims-0-sex", "female")
    page.select_option("#id_victims-0-age_group", "minor")
    page.select_option("#id_victims-0-citizenship", "HN")
    page.fill("#id_victims-0-count", "3")
    shot(page, "sentences-form")
    assert serious_violations(page) == []
    page.click("#sentence-form button[type=submit]")
    page.wait_for_url("**/sentences/records/*/")

    record = Sentence.objects.get(year=2024)
    assert page.locator("h1").inner_text() == record.reference
    assert "Honduras" in page.locator("#victim-table").inner_text()
    assert "01077" not in page.content()
    shot(page, "sentences-detail")

    page.goto("/sentences/records/")
    assert page.locator("#sentence-table tbody tr").count() == 3
    shot(page, "sentences-list")
    assert serious_violations(page) == []

    page.goto("/sentences/offences/")
    assert "Art. 202 Ter Código Penal" in page.locator("#offences-GT").locator("..").inner_text()
    shot(page, "sentences-offences")
    assert serious_violations(page) == []
    assert page.problems == []
