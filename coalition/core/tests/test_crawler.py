"""The persona crawler: every link offered on every list page, as each role, over the demo.

Signed in as each persona (anonymous too), the crawler opens every page without arguments
that the persona may open (the navigation's, the public site's: see ``crawler.start_paths``)
and follows every same-site link of those pages, then the links of the first page of each
kind (URL pattern) reached from them (an event's page, a plan's), each URL once per
persona; the Django admin's own pages are not walked further. It fails on any link
that answers 403, 404 or 5xx, or that ends on the sign-in page, to a persona it was
offered to: a page must never offer a link its reader may not open. Static files are
looked up among the project's static files; files built on request (PDFs, spreadsheets,
cards) are judged by the access layer's rule for their URL rather than built.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import Resolver404, resolve

from coalition.core import access
from coalition.core.tests import crawler
from conftest import PERSONA_NAMES

BAD = (403, 404)
SIGN_IN = "/login/"


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory):
    yield from crawler.demo_site_fixture(django_db_setup, django_db_blocker, tmp_path_factory)


@pytest.fixture
def media_root():
    """The demo's uploads stay where ``demo_site`` put them (overrides the root one)."""


def _read(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _judge_built_file(path, user):
    """What is wrong with a link to a file built on request, by its URL's rule."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return "404 (no such URL)"
    rule = access.rule_for(match.func, match.url_name, match.namespace or None)
    if rule is None or rule.allows(user, match.kwargs):
        return None
    return "404 (out of scope)" if rule.hides(user, match.kwargs) else "403 (refused)"


class Crawl:
    """One persona's walk: the list pages, every link they offer, and the links of the
    first page of each kind (URL pattern) reached from them, each URL requested once."""

    def __init__(self, site, persona):
        self.client = site.client(persona)
        self.user = site.users().get(persona) or AnonymousUser()
        self.problems, self.starts, self.seen = [], [], set()
        # URL name -> the first page of that kind that answered 200 (HTML).
        self.kinds = {}

    def run(self):
        expand = []
        for path in crawler.start_paths():
            response = self.client.get(path)
            if response.status_code >= 500:
                self.problems.append(f"{path}: {response.status_code}")
            if response.status_code == 200 and _is_html(response):
                self.starts.append(path)
                self.seen.add(path)
                self.kinds.setdefault(crawler.kind_of(path), path)
                expand += self.follow(path, response)
        for path, response in expand:  # one level further, from one page of each kind
            self.follow(path, response)
        return self

    def follow(self, page, response):
        """Judge every new link of ``page``; the pages of a new kind, to expand."""
        found = []
        for link in crawler.links(page, response.content.decode()):
            if link in self.seen:
                continue
            self.seen.add(link)
            problem, answer = self.judge(link)
            if problem:
                self.problems.append(f"{page} -> {link}: {problem}")
            elif answer is not None and _is_html(answer):
                kind = crawler.kind_of(link)
                if kind not in self.kinds:
                    self.kinds[kind] = link
                    if not crawler.link_path_skipped(link):
                        found.append((link, answer))
        return found

    def judge(self, link):
        """``(problem or None, the response or None)`` for one link."""
        path = urlsplit(link).path
        if path.startswith("/static/"):
            return (None if crawler.static_file_exists(path) else "404 (no static file)"), None
        if crawler.BUILT_FILE.search(path):
            return _judge_built_file(link, self.user), None
        response = self.client.get(link, follow=True)
        _read(response)
        status = response.status_code
        if status >= 500 or status in BAD:
            return str(status), None
        chain = response.redirect_chain
        if chain and urlsplit(chain[-1][0]).path == SIGN_IN:
            return "sends to the sign-in page", None
        return None, response


def _is_html(response):
    return response.status_code == 200 and "text/html" in response.get("Content-Type", "")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONA_NAMES)
def test_no_page_offers_a_persona_a_link_it_may_not_open(demo_site, persona):
    walk = Crawl(demo_site, persona).run()
    assert not walk.problems, "\n".join(walk.problems)
    assert len(walk.starts) >= 3 and len(walk.seen) > len(walk.starts)  # it did walk


class _Page:
    def __init__(self, html):
        self.content = html.encode()


@pytest.mark.django_db
def test_the_crawler_reports_a_link_its_reader_may_not_open(demo_site):
    walk = Crawl(demo_site, "cr_editor")
    html = (
        '<a href="/audit/">audit</a> <a href="/no-such-page/">gone</a>'
        ' <a href="/directory/">directory</a> <link href="/static/css/none.css">'
        ' <a href="/events/999999/sign-in-sheet.pdf">report</a>'
        ' <a href="mailto:a@example.org">mail</a> <a href="https://example.org/">away</a>'
    )
    walk.follow("/home/", _Page(html))
    assert walk.problems == [
        "/home/ -> /audit/: 403",
        "/home/ -> /no-such-page/: 404",
        "/home/ -> /static/css/none.css: 404 (no static file)",
        "/home/ -> /events/999999/sign-in-sheet.pdf: 404 (out of scope)",
    ]
