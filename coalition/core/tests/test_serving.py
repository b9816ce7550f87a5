"""What visitors meet under `make run` (the local mode) and in production: the app's own error
pages in their language, never Django's technical ones; static files under hashed names;
an icon at /favicon.ico."""

import json
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path, reverse

from coalition import urls
from coalition.core.tests.test_settings import ROOT, coalition

MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
HEADING = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
APP_STYLESHEET = re.compile(r'href="/static/css/app\.[0-9a-f]{12}\.css"')
# Django's technical pages (DEBUG on) say these; the app's pages never do.
TECHNICAL = ("URLconf", "Traceback", "DEBUG = True", "Request Method")

HEADINGS = {
    400: {"es": "Solicitud incorrecta", "en": "Bad request"},
    403: {"es": "No puede realizar esta acción", "en": "You may not do this"},
    "csrf": {"es": "No se pudo enviar el formulario", "en": "The form could not be sent"},
    404: {"es": "Página no encontrada", "en": "Page not found"},
    500: {"es": "Algo salió mal de nuestro lado", "en": "Something went wrong on our side"},
}


def boom(request):
    raise RuntimeError("a fault in a view")


# This module is also a URLconf (for the 500 page): the project's URLs, its error handlers
# and one view that fails.
urlpatterns = [path("boom/", boom), *urls.urlpatterns]
handler400 = urls.handler400
handler403 = urls.handler403
handler404 = urls.handler404
handler500 = urls.handler500


@pytest.fixture(scope="session")
def collected(tmp_path_factory):
    """`coalition collectstatic` as `make run` runs it (local mode), into a temporary folder."""
    tmp_path = tmp_path_factory.mktemp("collectstatic")
    root = tmp_path / "staticfiles"
    result = coalition(
        tmp_path, "collectstatic", "--no-input", COALITION_ENV="local", STATIC_ROOT=str(root)
    )
    return root, result


@pytest.fixture
def served_like_make_run(settings, collected):
    """In this process, the local mode's error handling and static storage."""
    settings.DEBUG = False
    settings.STATIC_ROOT = collected[0]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}


def heading(response):
    return HEADING.search(response.content.decode()).group(1).strip()


def assert_the_apps_page(response, status, language, kind=None):
    body = response.content.decode()
    assert response.status_code == status
    assert heading(response) == HEADINGS[kind or status][language]
    assert f'<html lang="{language}">' in body
    assert APP_STYLESHEET.search(body) or status == 500, "not the app's page"
    assert not [word for word in TECHNICAL if word in body]


# --- static files ------------------------------------------------------------------------


def test_collectstatic_gives_every_static_file_of_the_app_and_its_libraries_a_hashed_name(
    collected,
):
    root, result = collected
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    sources = {
        str(file.relative_to(ROOT / "static"))
        for file in (ROOT / "static").rglob("*")
        if file.is_file() and not file.name.startswith(".")
    }
    assert any(name.startswith("vendor/") for name in sources), "run `make install` first"
    assert sorted(sources - manifest.keys()) == []
    unhashed = [name for name in sources if manifest[name] == name]
    assert unhashed == []


def test_a_collected_stylesheet_names_its_source_map_by_its_hashed_name(collected):
    root, _ = collected
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    css = (root / manifest["vendor/leaflet-geoman/leaflet-geoman.css"]).read_text()
    hashed_map = manifest["vendor/leaflet-geoman/leaflet-geoman.css.map"].rsplit("/", 1)[1]
    assert f"sourceMappingURL={hashed_map}" in css
    assert (root / manifest["vendor/leaflet-geoman/leaflet-geoman.css.map"]).is_file()


# An image written into a stylesheet: url('data:...'), url("data:...") or url(data:...).
DATA_URI = re.compile(r"""url\((?:(['"])(data:.*?)\1|(data:[^)'"]*))\)""")


def data_uris(css):
    return {quoted or bare for _, quoted, bare in DATA_URI.findall(css)}


def test_collectstatic_leaves_the_images_written_into_stylesheets_as_they_are(collected):
    root, _ = collected
    manifest = json.loads((root / "staticfiles.json").read_text())["paths"]
    stylesheets = [name for name in manifest if name.endswith(".css")]
    assert "vendor/leaflet-geoman/leaflet-geoman.css" in stylesheets
    for name in stylesheets:
        source = ROOT / "static" / name
        if source.is_file():  # the app's and its libraries', not Django's admin
            collected_css = (root / manifest[name]).read_text()
            assert data_uris(collected_css) == data_uris(source.read_text()), name


LOCAL_VISIT = """
import json
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
spanish = client.get("/no-such-page/")
english = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
icon = client.get("/favicon.ico")
print(json.dumps({
    "spanish": [spanish.status_code, spanish.content.decode()],
    "english": [english.status_code, english.content.decode()],
    "icon": [icon.status_code, icon.get("Location", "")],
}))
"""


def test_under_make_run_a_missing_page_is_the_apps_404_with_hashed_static_files(
    collected, tmp_path
):
    root, _ = collected
    result = coalition(
        tmp_path,
        "shell",
        "--verbosity",
        "0",
        "-c",
        LOCAL_VISIT,
        COALITION_ENV="local",
        STATIC_ROOT=str(root),
        LOG_LEVEL="ERROR",
    )
    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout)
    for language, words in (("spanish", "Página no encontrada"), ("english", "Page not found")):
        status, body = pages[language]
        assert status == 404
        assert words in body
        assert APP_STYLESHEET.search(body)
        assert not [word for word in TECHNICAL if word in body]
    status, location = pages["icon"]
    assert status == 302
    assert re.fullmatch(r"/static/img/favicon\.[0-9a-f]{12}\.ico", location)


# --- error pages, in the visitor's language ----------------------------------------------


@pytest.mark.usefixtures("served_like_make_run")
class TestErrorPages:
    def test_a_missing_page_speaks_spanish_by_default(self, client):
        assert_the_apps_page(client.get("/no-such-page/"), 404, "es")

    def test_a_missing_page_follows_the_browsers_language(self, client):
        response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert_the_apps_page(response, 404, "en")

    def test_a_missing_page_follows_the_language_the_visitor_chose(self, client):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="es")
        assert_the_apps_page(response, 404, "en")

    @pytest.mark.parametrize("language", ["es", "en"])
    def test_a_missing_page_speaks_the_signed_in_users_language(
        self, client_for, personas, language
    ):
        personas["cr_editor"].language = language
        personas["cr_editor"].save()
        other = "en" if language == "es" else "es"
        response = client_for("cr_editor").get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=other)
        assert_the_apps_page(response, 404, language)

    @pytest.mark.parametrize("language", ["es", "en"])
    def test_a_forbidden_page_is_the_apps_403_in_the_users_language(
        self, client_for, personas, language
    ):
        personas["auditor"].language = language
        personas["auditor"].save()
        response = client_for("auditor").get(reverse("organization-list"))
        assert_the_apps_page(response, 403, language)

    @pytest.mark.parametrize("language", ["es", "en"])
    def test_a_form_sent_without_its_security_token_gets_the_apps_403(self, language):
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
        response = client.post(reverse("login"), {"username": "someone", "password": "x"})
        assert_the_apps_page(response, 403, language, kind="csrf")
        assert "CSRF" not in response.content.decode()

    @pytest.mark.parametrize("language", ["es", "en"])
    def test_an_unknown_host_gets_the_apps_400(self, client, language):
        response = client.get("/", HTTP_HOST="elsewhere.example", HTTP_ACCEPT_LANGUAGE=language)
        assert_the_apps_page(response, 400, language)

    @pytest.mark.urls(__name__)
    @pytest.mark.parametrize("language", ["es", "en"])
    def test_a_fault_in_a_view_is_the_apps_500_in_the_visitors_language(self, language):
        client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
        response = client.get("/boom/")
        assert_the_apps_page(response, 500, language)
        assert re.search(
            r'href="/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css"',
            response.content.decode(),
        )


# --- the icon ----------------------------------------------------------------------------


def test_favicon_ico_leads_browsers_to_the_apps_icon(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 302
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_names_the_apps_icon(client, db):
    body = client.get("/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.ico"' in body
    assert 'rel="icon" href="/static/img/favicon.svg"' in body
