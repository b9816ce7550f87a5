"""The visitor half of scripts/test-production.sh: fetches a production server behind a
(pretend) TLS proxy, as the public and as a regional administrator who signs in with
two-factor, and checks the answers. Standard library only.

Usage: COALITION_PASSWORD=... production_client.py BASE_URL USERNAME PLAN_CODE
Prints one line per check; exits 1 naming every check that failed.
"""

import base64
import hashlib
import hmac
import http.client
import os
import re
import struct
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

# Pages anyone may see (the views declared access.PUBLIC that need no key in the address).
PUBLIC_PAGES = [
    "/",
    "/en/",
    "/help/",
    "/help/CR/",
    "/en/help/GT/",
    "/statistics/",
    "/risk-map/",
    "/risk-map/areas.geojson",
    "/map/methodology/",
    "/good-practices/",
    "/campaigns/",
    "/documents/",
    "/privacy/",
    "/robots.txt",
    "/sitemap.xml",
    "/password-reset/",
    "/api/schema/",
    "/api/docs/",
]
HASHED_STATIC = re.compile(r'/static/[^"\'?#\s]+\.[0-9a-f]{12}\.(?:css|js)')
ONE_YEAR = 365 * 24 * 3600


class Client:
    """HTTP as a browser behind the proxy sees it: every request says it came over HTTPS,
    and the cookies (all marked Secure) are kept by hand, since a cookie jar would not send
    them over the plain connection to gunicorn."""

    def __init__(self, base):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.hostname}:{parts.port}"
        self.cookies = {}

    def request(self, method, path, form=None, headers=None):
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "es",
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = self.origin + path
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.body = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, form):
        form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
        return self.request("POST", path, form=form)


def location(response):
    """The path a redirect points to (Django answers with paths or absolute URLs)."""
    parts = urlsplit(response.headers.get("Location", ""))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def totp(base32_key, at=None):
    """The current six-digit code of an RFC 6238 authenticator (SHA-1, 30 s steps), as the
    user's phone would show it."""
    key = base64.b32decode(base32_key + "=" * (-len(base32_key) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{code % 1_000_000:06d}"


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, name, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {name}{f' ({detail})' if detail else ''}", flush=True)
        if not ok:
            self.failures.append(name)
        return ok

    def page(self, client, path, name=None):
        response = client.get(path)
        detail = f"{response.status}"
        if response.status in (301, 302, 303):
            detail += f" to {location(response)}"
        self.check(
            f"GET {path}{f' ({name})' if name else ''} answers 200", response.status == 200, detail
        )
        return response


def sign_in(checks, client, username, password, two_factor=True):
    """Signs in with the password and, when the role requires it (``two_factor``), enrols
    an authenticator and confirms the sign-in with its code, as the user would."""
    checks.page(client, "/login/", "sign-in page")
    response = client.post("/login/", {"username": username, "password": password})
    if not checks.check(
        "signing in with the password redirects", response.status == 302, f"{response.status}"
    ):
        return False
    home = client.get("/home/")
    if not two_factor:
        return checks.check(f"{username} reaches the home page", home.status == 200)
    # A regional administrator or country editor reaches nothing before enrolling an
    # authenticator.
    checks.check(
        "the home page first asks for two-factor",
        home.status == 302 and location(home).startswith("/account/two-factor/"),
        f"{home.status} to {location(home)}",
    )
    setup = client.get("/account/two-factor/")
    match = re.search(rb'id="totp-secret">([A-Z2-7 ]+)<', setup.body)
    if not checks.check(
        "the two-factor setup page shows the new authenticator's key",
        setup.status == 200 and match is not None,
        f"{setup.status}",
    ):
        return False
    key = match.group(1).decode().replace(" ", "")
    response = client.post("/account/two-factor/", {"token": totp(key)})
    return checks.check(
        "the authenticator's code completes the sign-in",
        response.status == 302 and not location(response).startswith("/account/"),
        f"{response.status} to {location(response)}",
    )


def check_static(checks, client, html):
    match = HASHED_STATIC.search(html.decode(errors="replace"))
    if not checks.check("the pages name static files under hashed names", match is not None):
        return
    path = match.group(0)
    response = client.get(path, headers={"Accept-Encoding": "br, gzip"})
    checks.check(f"GET {path} answers 200", response.status == 200, f"{response.status}")
    cache = response.headers.get("Cache-Control", "")
    max_age = re.search(r"max-age=(\d+)", cache)
    checks.check(
        "it may be cached for a year or more, immutable",
        max_age is not None and int(max_age.group(1)) >= ONE_YEAR and "immutable" in cache,
        cache or "no Cache-Control",
    )
    encoding = response.headers.get("Content-Encoding", "")
    checks.check(
        "it is served compressed", encoding in ("br", "gzip"), encoding or "no Content-Encoding"
    )


def main(base, username, plan_code):
    password = os.environ["COALITION_PASSWORD"]
    checks = Checks()
    public = Client(base)
    health = public.get("/healthz")
    checks.check("GET /healthz answers 200", health.status == 200, health.body.decode()[:80])
    redirect = public.request("GET", "/", headers={"X-Forwarded-Proto": "http"})
    checks.check(
        "plain http is redirected to https",
        redirect.status == 301 and redirect.headers.get("Location", "").startswith("https://"),
        f"{redirect.status}",
    )
    home = None
    for path in PUBLIC_PAGES:
        response = checks.page(public, path, "public")
        home = home or response.body
    checks.check(
        "pages carry HSTS",
        "max-age=" in (public.get("/").headers.get("Strict-Transport-Security") or ""),
    )
    check_static(checks, public, home)

    admin = Client(base)
    if sign_in(checks, admin, username, password):
        for path, name in [
            ("/home/", "home page"),
            (f"/plans/{plan_code}/", "plan page"),
            ("/directory/", "directory"),
            ("/map/", "map"),
            ("/api/", "API"),
        ]:
            checks.page(admin, path, f"{name}, regional administrator")

    if checks.failures:
        print(f"{len(checks.failures)} check(s) failed:", *checks.failures, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
