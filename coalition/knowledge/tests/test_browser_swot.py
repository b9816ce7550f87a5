"""The SWOT comparison and the consolidation in a real browser: the regional administrator
compares the 2025 SWOTs of Costa Rica and Guatemala on the prevention axis, picks two
similar threats of the two countries, sees them proposed as one regional item, rewrites
its text and confirms; the regional SWOT then shows the merged item with both sources.
Screenshots go to test-artifacts/."""

import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from coalition.core.choices import Axis
from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.knowledge.choices import Quadrant
from coalition.knowledge.models import SwotItem

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

MERGED = "Reclutamiento por redes sociales en toda la región"


def test_comparing_countries_and_consolidating_two_threats(page, live_server, personas, knowledge):
    admin = personas["regional_admin"]
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    User.objects.filter(pk=admin.pk).update(language="en")
    cr_threat = SwotItem.objects.create(
        swot=knowledge["swots"]["CR"], quadrant=Quadrant.THREAT, axis=Axis.PREVENTION,
        text="Redes de reclutamiento en redes sociales", position=9,
    )  # fmt: skip
    gt_threat = SwotItem.objects.create(
        swot=knowledge["swots"]["GT"], quadrant=Quadrant.THREAT, axis=Axis.PREVENTION,
        text="Reclutamiento por redes sociales en aumento", position=9,
    )  # fmt: skip
    sign_in(page, admin)

    # The comparison of 2025 on the prevention axis: Costa Rica and Guatemala side by side.
    page.goto("/knowledge/swot/compare/?year=2025")
    page.select_option("#f-axis", "prevention")
    page.click("#compare-filters button[type=submit]")
    page.wait_for_url("**axis=prevention**")
    headers = page.locator("#compare-table thead th.compare-country")
    expect(headers).to_have_text(["Costa Rica", "Guatemala", "Regional"])
    strengths = page.locator("#compare-strength td")
    expect(strengths.nth(0)).to_contain_text("Mesa interinstitucional activa desde 2010")
    expect(strengths.nth(1)).to_contain_text("Mesa interinstitucional que sesiona cada mes")
    expect(page.locator("#compare-table")).not_to_contain_text("Rotación de fiscales")
    expect(page.locator("#compare-threat td").nth(0)).to_contain_text(cr_threat.text)
    shot(page, "knowledge-swot-01-compare-prevention")
    assert serious_violations(page) == []

    # Consolidation, step 1: the two threats picked among every country item of 2025.
    page.goto("/knowledge/swot/consolidate/?year=2025")
    expect(page.locator("#pick-strength")).to_be_visible()
    expect(page.get_by_text("already in the regional SWOT")).to_have_count(2)
    page.check(f"#pick-item-{cr_threat.pk}")
    page.check(f"#pick-item-{gt_threat.pk}")
    shot(page, "knowledge-swot-02-consolidate-pick")
    assert serious_violations(page) == []
    page.click("#review-button")

    # Step 2: one proposed group with both, the longest text proposed; rewritten.
    groups = page.locator(".consolidate-group")
    expect(groups).to_have_count(1)
    expect(groups.first.locator(".group-sources li")).to_have_count(2)
    expect(page.locator("#group-1-text")).to_have_value(gt_threat.text)
    page.fill("#group-1-text", MERGED)
    shot(page, "knowledge-swot-03-consolidate-review")
    assert serious_violations(page) == []
    page.click("#confirm-button")

    # The regional SWOT shows the merged threat and where it came from.
    regional = knowledge["swots"]["regional"]
    page.wait_for_url(f"**{regional.get_absolute_url()}")
    expect(page.locator(".alert-success")).to_contain_text("1 item consolidated")
    threat = page.locator("#quadrant-threat .swot-item")
    expect(threat).to_have_count(1)
    expect(threat.locator(".swot-item-text")).to_have_text(MERGED)
    sources = threat.locator(".swot-sources li")
    expect(sources).to_have_text(
        [f"Costa Rica {cr_threat.text}", f"Guatemala {gt_threat.text}"], use_inner_text=True
    )
    shot(page, "knowledge-swot-04-regional-merged")
    assert serious_violations(page) == []

    merged = SwotItem.objects.get(swot=regional, text=MERGED)
    assert set(merged.sources.all()) == {cr_threat, gt_threat}
    assert page.problems == []
