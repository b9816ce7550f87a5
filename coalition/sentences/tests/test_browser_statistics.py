"""The statistics page in a real browser: the Guatemala editor sees the trend chart drawn
(Chart.js from this server, under the page's content security policy) beside its table,
and the page passes the accessibility check. Screenshot in test-artifacts/."""

import datetime
import os

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in
from coalition.sentences.tests.factories import sentence

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


def test_an_editor_sees_the_trend_chart_drawn_beside_its_table(
    page, live_server, personas, countries
):
    for year, convicted in ((2019, 3), (2020, 6), (2021, 9), (2022, 7)):
        sentence(
            countries["GT"],
            final_date=datetime.date(year, 5, 1),
            defendants=(
                ("convicted", "male", "adult", "GT", convicted),
                ("acquitted", "female", "adult", "HN", 2),
            ),
            victims=(("female", "minor", "GT", "sexual", convicted + 2),),
        )
    sentence(countries["CR"], final_date=datetime.date(2021, 3, 1))
    TOTPDevice.objects.create(user=personas["gt_editor"], name="phone", confirmed=True)
    User.objects.filter(pk=personas["gt_editor"].pk).update(language="en")
    sign_in(page, personas["gt_editor"])
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto("/sentences/statistics/")
    page.wait_for_function("window.Chart && Chart.getChart('statistics-chart')")
    drawn = page.evaluate("Chart.getChart('statistics-chart').data.datasets.map(set => set.data)")
    assert drawn[1] == [3, 6, 9, 7]  # persons convicted, as in the per-year table
    assert "9" in page.inner_text("#table-trend")
    assert errors == []
    shot(page, "sentences-statistics")
    assert serious_violations(page) == []
