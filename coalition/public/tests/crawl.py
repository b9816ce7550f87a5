"""Every public page a visitor can reach: the crawl from the home page in each language,
following the links that stay on the public site, plus every entry of sitemap.xml.

Used by the safety and accessibility tests, which check each page found, whatever the
sections hold (a new page is checked as soon as it is linked or in the sitemap).
"""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.urls import Resolver404, resolve

from coalition.public import pages

START = ("/", "/en/")
# At most this many addresses of one path that differ by their query (filters, pages of a
# list): enough to see each variant of the page, not every combination.
QUERIES_PER_PATH = 2


def is_public_page(path):
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return match.namespace in pages.LANGUAGE_OF and getattr(match.func, "public_page", False)


def _sitemap_paths(client):
    text = client.get("/sitemap.xml").content.decode()
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", text)]


def public_pages(client):
    """``{address: html}`` of every public page reachable by ``client`` (an anonymous test
    client), in both languages. Files (a CSV, a poster) are not pages and are left out."""
    found, per_path = {}, {}
    queue = list(dict.fromkeys([*START, *_sitemap_paths(client)]))
    seen = set(queue)
    while queue:
        address = queue.pop(0)
        response = client.get(address)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        found[address] = html
        for link in links(address, html):
            path = urlsplit(link).path
            if link in seen or not is_public_page(path):
                continue
            seen.add(link)
            if urlsplit(link).query:
                per_path[path] = per_path.get(path, 0) + 1
                if per_path[path] > QUERIES_PER_PATH:
                    continue
            queue.append(link)
    return found


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and "download" not in dict(attrs):
            self.found.append(href)


def links(address, html):
    """Same-site addresses (path and query) that the page at ``address`` links to."""
    parser = _Anchors()
    parser.feed(html)
    base = urljoin("http://testserver", address)
    found = []
    for href in parser.found:
        url = urlsplit(urljoin(base, href.strip()))
        if url.scheme in ("http", "https") and url.netloc == "testserver":
            found.append(urlunsplit(("", "", url.path, url.query, "")))
    return list(dict.fromkeys(found))


class _Resources(HTMLParser):
    """What a page loads (``loaded``: (what, URL)) and what it writes inline (``inline``)."""

    def __init__(self):
        super().__init__()
        self.loaded, self.inline = [], []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "data", "poster", "action", "formaction"):
            if attrs.get(name):
                self.loaded.append((f"<{tag} {name}>", attrs[name]))
        for name in ("srcset", "imagesrcset"):
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    self.loaded.append((f"<{tag} {name}>", candidate.split()[0]))
        if tag == "link" and attrs.get("href"):
            self.loaded.append((f"<link rel={attrs.get('rel')}>", attrs["href"]))
        if "style" in attrs:
            self.inline.append(f"<{tag}> with a style attribute")
        if any(name.startswith("on") for name in attrs):
            self.inline.append(f"<{tag}> with an event handler attribute")
        if tag == "style":
            self.inline.append("a <style> element")
        if tag == "script" and not attrs.get("src"):
            kind = (attrs.get("type") or "").lower()
            if kind not in ("application/json", "application/ld+json"):
                self.inline.append("an inline <script>")


def resources(html):
    parser = _Resources()
    parser.feed(html)
    return parser.loaded, parser.inline


def other_host(url):
    """Does ``url`` (as written in a page) point to another host? data: URLs do not."""
    parts = urlsplit(url.strip())
    if parts.scheme == "data":
        return False
    return bool(parts.netloc) and parts.netloc != "testserver"
