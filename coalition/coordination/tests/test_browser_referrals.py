"""The send page and a referral's page in a real browser: the country and service selects
narrow the receiving offices, the referral is sent and its page shows the reference, the
deadlines and the timeline, with no serious accessibility finding. Screenshots go to
test-artifacts/."""

import datetime
import os

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from coalition.coordination.models import Referral
from coalition.coordination.tests import factories
from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_an_office_sends_a_referral_and_reads_its_page(page, personas, countries, organizations):
    offices = factories.offices(countries, organizations)
    user = personas["cr_contributor"]
    User.objects.filter(pk=user.pk).update(language="en")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    sign_in(page, user)

    page.goto("/coordination/referrals/new/")
    receiver = page.locator("#id_receiver")
    expect(receiver).to_contain_text("OLAV")
    page.select_option("#id_country", "GT")
    expect(receiver).not_to_contain_text("OLAV")
    expect(receiver).to_contain_text("OAV-GT")
    page.select_option("#id_service", "legal_aid")
    expect(receiver).not_to_contain_text("OAV-GT")
    expect(receiver).to_contain_text("PN-GT")
    page.select_option("#id_service", "")
    expect(page.locator("#id_receiver")).to_contain_text("OAV-GT")
    page.select_option("#id_receiver", str(offices["gt"].pk))
    page.select_option("#id_kind", "repatriation")
    page.check("input[name=urgency][value='72h']")
    page.select_option("#id_age_group", "18-24")
    page.select_option("#id_sex", "female")
    page.select_option("#id_nationality", "GT")
    page.check("input[name=languages][value=es]")
    page.check("input[name=needs][value=family]")
    page.check("input[name=exploitation][value=forced_labour]")
    page.check("input[name=consent][value=yes]")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.fill("#id_consent_on", yesterday.isoformat())
    page.fill("#id_summary", "Joven detectada en una finca; pide regresar con su familia.")
    shot(page, "referral-send")
    assert serious_violations(page) == []
    page.click("#referral-form button[type=submit]")

    made = Referral.objects.get()
    page.wait_for_url(f"**/coordination/referrals/{made.pk}/")
    expect(page.locator("#reference")).to_have_text(made.reference)
    expect(page.locator("#timeline")).to_contain_text("cr_contributor")
    expect(page.locator("#consent")).to_contain_text("consented")
    page.locator("#moves summary").click()
    expect(page.locator("#note-cancelled")).to_be_visible()
    # Let the button's colour transition end (hovered, focused) before measuring contrast.
    page.wait_for_timeout(400)
    shot(page, "referral-detail")
    assert serious_violations(page) == []

    page.goto("/coordination/")
    expect(page.locator("#awaiting")).to_contain_text("0")
    shot(page, "coordination-home")
    assert serious_violations(page) == []
