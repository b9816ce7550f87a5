"""The questionnaire in Chromium: a pillar saved through HTMX in place, a refused value
shown next to its indicator, then corrected; screenshots under test-artifacts/."""

import os

import pytest
from django.conf import settings

from coalition.core.tests.browser import serious_violations, shot
from coalition.indicators.models import Answer
from coalition.indicators.tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

# The refused save answers 400 by design; the browser logs every 4xx it receives.
REFUSED = "console: Failed to load resource: the server responded with a status of 400"


def test_an_editor_saves_a_pillar_in_place_and_sees_a_refused_value_next_to_it(
    page, live_server, client_for, countries
):
    record = factories.assessment(countries["CR"], 2023)
    client = client_for("cr_editor")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    pr01 = factories.indicator(record.framework, "PR-01")
    pr03 = factories.indicator(record.framework, "PR-03")
    page.goto(record.get_absolute_url())
    page.click(f"label[for=v{pr01.pk}-yes]")
    page.fill(f"#v{pr03.pk}", "mucho")
    page.click("#save-prosecution")
    error = page.locator(f"#indicator-{pr03.pk} .answer-error")
    error.wait_for()
    assert "PR-03" in error.inner_text()
    assert not Answer.objects.filter(assessment=record).exists()
    shot(page, "indicators-questionnaire-refused")
    page.fill(f"#v{pr03.pk}", "10")
    page.click("#save-prosecution")
    page.locator("#pillar-prosecution [role=status]").wait_for()
    assert Answer.objects.get(assessment=record, indicator=pr03).number == 10
    # PR-01 (weight 2) scores 1, PR-03 (weight 1) 0.5: the pillar 100 × 2.5 ÷ 3.
    assert "83,3" in page.locator("#pillar-prosecution").inner_text()
    shot(page, "indicators-questionnaire-saved")
    assert serious_violations(page) == []
    assert [p for p in page.problems if not p.startswith(REFUSED)] == []
