"""The regional comparison in a browser: a cell opens its drill-down in the panel, the page
passes the WCAG checks, and the scale still reads in grayscale (screenshots of both)."""

from decimal import Decimal

import pytest

from coalition.core.choices import ApprovalState
from coalition.core.models import Approval
from coalition.core.tests.browser import shot, sign_in, wcag_violations
from coalition.indicators.models import APPROVAL_KIND
from coalition.indicators.tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Answers giving a spread of scores across the bins.
SPREAD = {
    "GT": factories.FULL,
    "HN": {**factories.FULL, "PR-01": "partial", "PP-01": Decimal(2), "PV-02": Decimal(0)},
    "SV": {"PR-01": "no", "PR-03": Decimal(5), "PP-01": Decimal(1), "PP-02": Decimal(30)},
    "CR": {"PR-01": "partial", "PR-03": Decimal(12), "PP-01": Decimal(3), "PV-01": "2023-01-01"},
    "PA": {"PP-02": Decimal(10)},
}


def spread(countries):
    made = factories.framework()
    for year, shift in ((2022, Decimal(-2)), (2023, Decimal(0))):
        for iso2, answers in SPREAD.items():
            if year == 2022 and iso2 == "PA":
                continue
            if year == 2022:
                answers = {**answers, "PR-03": max(answers.get("PR-03", Decimal(4)) + shift, 0)}
            factories.assessment(countries[iso2], year, made, answers)
            Approval.objects.create(
                kind=APPROVAL_KIND,
                country=countries[iso2],
                year=year,
                state=ApprovalState.APPROVED,
            )


def test_a_cell_opens_its_indicators_and_the_scale_reads_in_grayscale(page, personas, countries):
    spread(countries)
    sign_in(page, personas["partner"])
    page.goto("/indicators/matrix/")
    assert page.locator("#matrix-legend li").count() == 6
    shot(page, "indicators-matrix")
    page.evaluate("() => { document.documentElement.style.filter = 'grayscale(100%)'; }")
    shot(page, "indicators-matrix-grayscale")
    page.emulate_media(forced_colors="active")
    shot(page, "indicators-matrix-forced-colors")
    page.emulate_media(forced_colors="none")
    page.reload()
    page.locator("#row-GT a").first.click()
    page.locator("#matrix-cell").wait_for()
    assert "PR-01" in page.locator("#matrix-cell").inner_text()
    assert "100 × Σ" in page.locator("#pillar-formula").inner_text()
    shot(page, "indicators-matrix-drill-down")
    assert wcag_violations(page) == []
    assert page.problems == []
