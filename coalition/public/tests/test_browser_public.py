"""The public site in a browser (Chromium): WCAG 2.1 AA on every public page in both
languages, the keyboard, the quick exit, a phone's width and no JavaScript at all.

Every public page is the crawl's (``crawl.public_pages``) over the demo data: a page added
to a section is checked as soon as it is linked or in the sitemap. Screenshots of each go
to test-artifacts/public/. Run with ``pytest -m browser``.
"""

import os
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from coalition.core.tests import crawler
from coalition.core.tests.browser import ARTIFACTS, wcag_violations
from coalition.public.tests import crawl

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "public"
PHONE = {"width": 360, "height": 740}

# The focused element, and whether something shows it: an outline or a box shadow.
FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    what: element.tagName + (element.id ? '#' + element.id : '') + ' '
      + (element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40),
    id: element.id,
    inNavigation: !!element.closest('header nav'),
    shown: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== 'none',
  };
}"""

# Without JavaScript: what of the page a reader would miss. An area of the main content
# drawn by a script only (a chart, a map) shows as a blank box: a visible box of some
# size with no text and no picture in it.
WITHOUT_SCRIPTS = """() => {
  const problems = [];
  const main = document.querySelector('main');
  const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  if (!main || !visible(main) || main.innerText.trim().length < 20) {
    problems.push('the main content is not shown');
  }
  const heading = document.querySelector('main h1');
  if (!heading || !visible(heading)) { problems.push('no visible h1'); }
  const links = [...document.querySelectorAll('header nav a')];
  if (links.length < 7 || !links.every(visible)) { problems.push('the navigation is not usable'); }
  const blank = [];
  for (const element of main ? main.querySelectorAll('*') : []) {
    const box = element.getBoundingClientRect();
    if (box.height < 60 || box.width < 100 || element.innerText.trim()) { continue; }
    if (element.matches('img, svg, picture, video, object, iframe')
        || element.querySelector('img, svg, picture, video, object, iframe')) { continue; }
    if (blank.some(outer => outer.contains(element))) { continue; }
    blank.push(element);
  }
  for (const element of blank) {
    problems.push('an empty area: <' + element.tagName.toLowerCase()
      + (element.id ? ' id=' + element.id : '') + ' class="' + element.className + '">');
  }
  return problems;
}"""


def _shot_name(address):
    path, query = urlsplit(address).path, urlsplit(address).query
    language = "en" if path.startswith("/en/") else "es"
    rest = path.removeprefix("/en/").strip("/").replace("/", "-") or "home"
    if query:
        rest += "-" + re.sub(r"[^A-Za-z0-9]+", "-", query).strip("-")
    return f"{language}-{rest}"


def _context(page, live_server, **options):
    return page.context.browser.new_context(base_url=live_server.url, **options)


def _problems_of(page, address):
    """The page's console errors and failed static files since it was opened."""
    return [f"{address}: {problem}" for problem in page.problems]


def test_every_public_page_meets_wcag_21_aa_reads_on_a_phone_and_without_javascript(
    page, live_server
):
    crawler.load_demo_data(settings.MEDIA_ROOT)
    found = crawl.public_pages(Client())
    assert {"/", "/en/", "/privacy/", "/en/privacy/"} <= set(found)
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone = _context(page, live_server, viewport=PHONE).new_page()
    bare = _context(page, live_server, viewport=PHONE, java_script_enabled=False).new_page()
    problems = []
    for address in sorted(found):
        page.problems.clear()
        response = page.goto(address)
        assert response.status == 200, address
        problems += [f"{address}: axe {v}" for v in wcag_violations(page)]
        problems += _problems_of(page, address)
        page.screenshot(path=SHOTS / f"{_shot_name(address)}.png", full_page=True)

        phone.goto(address)
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{address}: {width} px wide on a 360 px phone")
        if not phone.locator("#quick-exit").is_visible():
            problems.append(f"{address}: no quick exit in sight on a phone")

        bare.goto(address)
        problems += [f"{address} without JavaScript: {p}" for p in bare.evaluate(WITHOUT_SCRIPTS)]
        width = bare.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{address} without JavaScript: {width} px wide on a phone")
    for address in ("/", "/en/"):
        phone.goto(address)
        phone.screenshot(path=SHOTS / f"{_shot_name(address)}-phone.png", full_page=True)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("address", ["/", "/en/"])
def test_the_keyboard_reaches_the_quick_exit_then_the_navigation_each_step_in_sight(
    page, live_server, countries, address
):
    page.goto(address)
    steps = []
    for _ in range(20):
        page.keyboard.press("Tab")
        steps.append(page.evaluate(FOCUSED))
        if sum(step["inNavigation"] for step in steps) >= 2:
            break
    ids = [step["id"] for step in steps]
    assert "quick-exit" in ids[:3], ids
    assert any(step["inNavigation"] for step in steps), [step["what"] for step in steps]
    hidden = [step["what"] for step in steps if not step["shown"]]
    assert not hidden, f"focused without a visible indicator: {hidden}"


def _visit_two_public_pages(page):
    """Arrive from another site (robots.txt stands for it), open the home page, then follow
    links: the footer's privacy page, then its English copy."""
    page.goto("/robots.txt")
    page.goto("/")
    page.click("footer a[href='/privacy/']")
    page.wait_for_url("**/privacy/")
    page.click("header a[hreflang=en]")
    page.wait_for_url("**/en/privacy/")


def _history_after_leaving(page):
    """Every address the back button goes to from where the quick exit led."""
    visited = []
    while page.go_back() is not None:
        visited.append(urlsplit(page.url).path)
    return visited


@pytest.mark.parametrize("how", ["click", "escape twice"])
def test_the_quick_exit_hides_the_page_and_leaves_no_public_page_in_the_history(
    page, live_server, countries, settings, how
):
    settings.QUICK_EXIT_URL = f"{live_server.url}/healthz"
    _visit_two_public_pages(page)
    # What the page looked like the moment it was left, kept in the tab's session storage
    # (which the neutral site, the test server here, can read).
    page.evaluate(
        """() => new MutationObserver(() => {
          sessionStorage.left = JSON.stringify([document.body.hidden, document.title]);
        }).observe(document.body, {attributes: true})"""
    )
    if how == "click":
        page.click("#quick-exit")
    else:
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    page.wait_for_url("**/healthz")
    assert page.evaluate("() => JSON.parse(sessionStorage.left)") == [True, ""]
    visited = _history_after_leaving(page)
    assert visited[:1] == ["/robots.txt"]
    assert not [path for path in visited if crawl.is_public_page(path)], visited


def test_a_single_escape_leaves_the_visitor_where_they_are(page, live_server, countries):
    page.goto("/en/privacy/")
    page.keyboard.press("Escape")
    page.wait_for_timeout(1600)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert urlsplit(page.url).path == "/en/privacy/"
    assert page.locator("main h1").is_visible()


def test_a_link_opened_in_a_new_tab_keeps_its_usual_behaviour(page, live_server, countries):
    page.goto("/")
    with page.context.expect_page() as opened:
        page.click("footer a[href='/privacy/']", modifiers=["Control"])
    assert urlsplit(opened.value.url).path in ("/privacy/", "")
    assert urlsplit(page.url).path == "/"


def test_a_filter_form_of_a_public_page_adds_no_entry_to_the_history(page, live_server, countries):
    page.goto("/en/privacy/")
    before = page.evaluate("() => history.length")
    # A list's filters, as the sections' pages have them (added here: the privacy page has none).
    page.evaluate(
        """() => {
          const form = document.createElement('form');
          form.action = '/en/privacy/';
          form.innerHTML = '<input name="year" value="2022">'
            + '<button name="go" value="1">Go</button>';
          document.querySelector('main').append(form);
        }"""
    )
    page.click("main form button")
    page.wait_for_url("**/en/privacy/?year=2022&go=1")
    assert page.evaluate("() => history.length") == before
