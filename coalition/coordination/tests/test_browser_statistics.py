"""The referral statistics in a real browser: a partner sees the charts drawn (Chart.js
from this server, under the page's content security policy) from the protected tables, a
small count shown "<5" and left out of the chart, and the page passes the accessibility
check. Screenshot in test-artifacts/."""

import os

import pytest

from coalition.coordination.tests.test_statistics import world  # noqa: F401
from coalition.core.models import User
from coalition.core.tests.browser import serious_violations, shot, sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("world")
def test_a_partner_sees_the_protected_tables_and_their_charts(page, personas):
    User.objects.filter(pk=personas["partner"].pk).update(language="en")
    sign_in(page, personas["partner"])
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    page.goto("/coordination/statistics/?year=2025")
    page.wait_for_function("window.Chart && Chart.getChart('chart-kinds')")

    kinds = page.evaluate("Chart.getChart('chart-kinds').data.datasets[0].data")
    assert kinds[:4] == [None, None, None, None]  # "<5" and "x": left out, never guessed
    times = page.evaluate("Chart.getChart('chart-times').data.datasets[0].data")
    assert 66.7 in times
    assert "<5" in page.inner_text("#table-pairs")
    assert "fewer than 5" in page.inner_text("#table-times")
    assert errors == []
    shot(page, "coordination-statistics")
    assert serious_violations(page) == []
