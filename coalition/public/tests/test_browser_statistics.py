"""The public statistics in a real browser: the chart draws the per-year table's figures
under the public site's content security policy, the form works with JavaScript off, the
page passes the WCAG 2.1 AA check, and reads at 360 pixels wide. Screenshots in
test-artifacts/."""

import os

import pytest

from coalition.core.tests.browser import WCAG_21_AA, shot
from coalition.public.tests.test_statistics import published  # noqa: F401 (a fixture)

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def main_violations(page):
    """axe-core's WCAG 2.1 AA findings in the page's own content (the shell is checked with
    every public page)."""
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate(
        "tags => axe.run({include: [['main']]}, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]]


def test_the_chart_draws_the_per_year_table_and_the_page_is_accessible(page, published):  # noqa: F811
    for prefix in ("", "/en"):
        page.goto(f"{prefix}/statistics/")
        page.wait_for_function("window.Chart && Chart.getChart('statistics-chart')")
        drawn = page.evaluate(
            "Chart.getChart('statistics-chart').data.datasets.map(set => set.data)"
        )
        assert drawn == [[21], [21], [None]]  # the victims are a range (8–12): a gap
        assert main_violations(page) == []
        shot(page, f"public-statistics{prefix.replace('/', '-') or '-es'}")
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/en/statistics/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert main_violations(page) == []
    shot(page, "public-statistics-en-360")
    assert page.problems == []


def test_the_form_works_without_javascript(live_server, published):  # noqa: F811
    from playwright.sync_api import sync_playwright

    from coalition.core.tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
        page = context.new_page()
        page.goto("/en/statistics/")
        page.select_option("#f-country", "GT")
        page.click("text=Show figures")
        page.wait_for_load_state()
        assert "country=GT" in page.url
        assert page.inner_text("h1") == "Statistics · Guatemala"
        assert "9" in page.inner_text("#table-trend")
        browser.close()
