"""The country profile in a browser: its charts draw, nothing fails to load, and the page
passes the accessibility check."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.indicators.models import APPROVAL_KIND
from coalition.indicators.tests import factories

pytestmark = pytest.mark.browser


def test_the_profile_draws_a_chart_per_pillar_and_the_trend(page, live_server, personas, countries):
    made = factories.framework()
    for year, first in ((2021, "no"), (2022, "partial"), (2023, "partial")):
        factories.assessment(countries["GT"], year, made, {**factories.FULL, "PR-01": first})
        Approval.objects.create(
            kind=APPROVAL_KIND, country=countries["GT"], year=year, state=ApprovalState.APPROVED
        )
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    sign_in(page, personas["cr_editor"])
    page.goto("/indicators/countries/GT/")
    page.wait_for_selector("#table-trend")
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".filter(c => Chart.getChart(c)).length"
    )
    assert drawn == 4  # three pillars and the trend
    assert page.locator("#unmet [data-code=PR-01]").is_visible()
    shot(page, "indicators-profile")
    assert page.problems == []
    assert serious_violations(page) == []
    page.select_option("#f-year", "2022")
    page.click("#year-selector button")
    page.wait_for_url("**year=2022")
    assert page.locator("#overall-title").inner_text().endswith("2022")
