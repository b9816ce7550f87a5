"""The plan's table in a real browser at 1280 px: every objective's table fits its
container (it overflowed by 64 px), so nothing needs scrolling sideways."""

import json
import os
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.plans.loader import load_plan

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data"

# Each table's width, its container's visible and full widths, and the page's.
MEASURE = """() => [...document.querySelectorAll("table.plan-table")].map(t => ({
    table: Math.ceil(t.getBoundingClientRect().width),
    visible: t.parentElement.clientWidth,
    full: t.parentElement.scrollWidth,
    page: document.documentElement.scrollWidth,
}))"""


def test_every_table_of_the_2012_plan_fits_its_container_at_1280_px(page, live_server, personas):
    plan, _created = load_plan(
        json.loads((DATA / "plan-operativo-2012.json").read_text(encoding="utf-8"))
    )
    TOTPDevice.objects.create(user=personas["cr_editor"], name="phone", confirmed=True)
    sign_in(page, personas["cr_editor"])
    assert page.viewport_size["width"] == 1280
    page.goto(plan.get_absolute_url())
    tables = page.evaluate(MEASURE)
    assert len(tables) == 7
    for measured in tables:
        assert measured["full"] <= measured["visible"], measured
        assert measured["table"] <= measured["visible"], measured
        assert measured["page"] <= 1280, measured
    shot(page, "plans-table-1280")
    assert serious_violations(page) == []
    assert page.problems == []
