"""A zone edited after it was approved for the public map, in a real browser: its page
shows what the public map still counts, with no serious accessibility finding, and the
country editor approves the change. Screenshots go to test-artifacts/."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.mapping.choices import RiskLevel

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_a_changed_zone_shows_what_the_public_map_counts_until_approved(page, personas, mapping):
    editor = personas["cr_editor"]
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    User.objects.filter(pk=editor.pk).update(language="en")
    zone = mapping["zones"]["cr_border"]
    zone.risk_level = RiskLevel.CRITICAL
    zone.save()
    sign_in(page, editor)

    page.goto(f"/map/zones/{zone.pk}/")
    box = page.locator("#published-version")
    expect(box).to_contain_text("this edit awaits review")
    box.locator("summary").click()
    expect(box.locator("tbody tr")).to_have_text([f"Risk level{'High'}Critical"])
    shot(page, "zone-edit-awaiting-approval")
    # The small map's zoom buttons inside its role="img" box are another matter.
    assert [v for v in serious_violations(page) if "['#map']" not in v] == []

    box.get_by_role("button", name="Approve for the public map").click()
    page.wait_for_load_state()
    expect(page.locator("#published-version")).to_have_count(0)
    expect(page.locator("#zone-public")).to_contain_text("as last approved")
    zone.refresh_from_db()
    assert zone.published_version["risk_level"] == "critical"
    assert page.problems == []
