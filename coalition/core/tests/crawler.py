"""The persona crawler: what it needs to walk the site as each role over the demo data.

``demo_site`` loads what ``make run`` loads (countries, gazetteer, the 2012 plan and
agenda, the demo data set and its users) once per test module, in a transaction rolled
back at the end. The personas are the demo users, who hold the data the demo was written
for (the Costa Rica editor's secretariat, the contributor's foundation, the partner named
by the plan). ``start_pages`` are the pages a persona can open without arguments (the
navigation's and the public ones); ``links`` reads the same-site links of a page.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, URLResolver, get_resolver, resolve

from conftest import sign_in

# The conftest personas, played by the demo users of ``load_demo``.
DEMO_USERS = {
    "regional_admin": "st-regional",
    "cr_editor": "editor-cr",
    "gt_editor": "editor-gt",
    "cr_contributor": "contrib-cr",
    "partner": "partner-oim",
    "auditor": "auditor",
}
PLAN_FILES = [
    "coalition/plans/data/plan-operativo-2012.json",
    "coalition/plans/data/agenda-2012-2013.json",
]
# Not pages to read: the admin (its own, generic pages), the API's JSON, actions that
# answer POST only.
SKIPPED_PREFIXES = ("/admin/", "/i18n/", "/logout/", "/scope/")
# A file built on request (PDF, spreadsheet, cards): the crawler asks the access layer
# whether the persona may have it instead of building it (several seconds each).
BUILT_FILE = re.compile(r"\.(pdf|xlsx|csv|vcf|ics|geojson|zip)$")


def load_demo_data(media_root):
    """What ``make run`` loads, quietly, with uploads under ``media_root``."""
    quiet = open("/dev/null", "w")  # noqa: SIM115
    with (
        override_settings(
            MEDIA_ROOT=media_root,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        quiet,
    ):
        call_command("load_countries", stdout=quiet)
        call_command("load_gazetteer", stdout=quiet)
        call_command("load_plan", *(str(Path(settings.BASE_DIR) / f) for f in PLAN_FILES))
        call_command("load_demo", stdout=quiet)


class DemoSite:
    """The demo data loaded, and a signed-in client per persona."""

    def __init__(self, media_root):
        self.media_root = media_root

    def users(self):
        from coalition.core.models import User

        found = User.objects.in_bulk(DEMO_USERS.values(), field_name="username")
        return {persona: found[username] for persona, username in DEMO_USERS.items()}

    def client(self, persona):
        from django.test import Client

        client = Client()
        if persona == "anonymous":
            return client
        return sign_in(client, self.users()[persona])


def demo_site_fixture(django_db_setup, django_db_blocker, tmp_path_factory):
    """Body of a module-scoped fixture: the demo data in a transaction undone afterwards."""
    media_root = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        load_demo_data(media_root)
        yield DemoSite(media_root)
        transaction.set_rollback(True)


# --- pages and links ---------------------------------------------------------------------


def start_paths():
    """Paths of every URL pattern without arguments that is not an action, a file or the
    API's JSON: candidates for the list pages (a persona keeps those it may open)."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif "<" not in route and "(" not in route and "^" not in route:
                paths.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return [
        path
        for path in dict.fromkeys(paths)
        if not path.startswith(SKIPPED_PREFIXES)
        and not BUILT_FILE.search(path)
        and not (path.startswith("/api/") and path != "/api/docs/")
        and path != "/healthz"
    ]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.append(attrs["href"])
        elif tag in ("link", "script", "img", "source") and (attrs.get("href") or attrs.get("src")):
            self.found.append(attrs.get("href") or attrs.get("src"))


def links(page_path, html):
    """Same-site paths (with their query) that ``html``, served at ``page_path``, links to
    or loads; fragments dropped."""
    parser = _Links()
    parser.feed(html)
    base = urljoin("http://testserver", page_path)
    found = []
    for href in parser.found:
        href = href.strip()
        if href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            continue
        url = urlsplit(urljoin(base, href))
        if url.scheme not in ("http", "https") or url.netloc != "testserver":
            continue
        found.append(urlunsplit(("", "", url.path, url.query, "")))
    return list(dict.fromkeys(found))


def static_file_exists(path):
    """Is a /static/ path one of the project's static files (by its unhashed name)?"""
    name = path.split("?")[0].removeprefix(settings.STATIC_URL)
    return finders.find(name) is not None


def kind_of(link):
    """The URL pattern a link resolves to ("event-detail", "api:…"), or its path."""
    path = urlsplit(link).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name or match.route


def representative_pages(client, depth=2):
    """``{kind: (path, html)}``: the list pages ``client`` may open and, for each kind of
    page linked from them, the first link of that kind that opens; then, ``depth`` 2, the
    same for the kinds those pages link to (one page of each kind, as the crawler reaches)."""
    pages, frontier = {}, []
    for path in start_paths():
        response = client.get(path)
        if _opens(response):
            pages.setdefault(kind_of(path), (path, response.content.decode()))
            frontier.append((path, response))
    for _level in range(depth):
        candidates = {}
        for path, response in frontier:
            for link in links(path, response.content.decode()):
                link_path = urlsplit(link).path
                if link_path.startswith("/static/") or BUILT_FILE.search(link_path):
                    continue
                kind = kind_of(link)
                if kind not in pages:
                    candidates.setdefault(kind, []).append(link)
        frontier = []
        for kind, found in candidates.items():
            for link in found[:3]:
                response = client.get(link)
                if _opens(response):
                    pages[kind] = (link, response.content.decode())
                    if not link_path_skipped(link):
                        frontier.append((link, response))
                    break
    return pages


def _opens(response):
    return response.status_code == 200 and "text/html" in response.get("Content-Type", "")


class _Shape(HTMLParser):
    """The kinds of element inside ``<main>``: tag, classes, role, type and attribute
    names, text and values left out."""

    def __init__(self):
        super().__init__()
        self.depth, self.found = 0, set()

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if self.depth:
            attrs = dict(attrs)
            self.found.add(
                (
                    tag,
                    " ".join(sorted((attrs.get("class") or "").split())),
                    attrs.get("role"),
                    attrs.get("type"),
                    tuple(sorted(attrs)),
                )
            )

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1


def shape(html):
    """What an accessibility check of a page's content depends on, mostly: the kinds of
    element in its ``<main>``. Two pages of one kind with the same shape (one persona's
    and another's, over different records) are checked once."""
    parser = _Shape()
    parser.feed(html)
    return frozenset(parser.found)


def link_path_skipped(link):
    """Pages whose links the crawl does not follow further: the admin's (its own generic
    pages) and the other skipped prefixes."""
    return urlsplit(link).path.startswith(SKIPPED_PREFIXES)
