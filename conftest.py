"""Test fixtures shared by every app: countries, organizations and the personas.

Personas (see docs/architecture.md): regional admin, Costa Rica editor, Guatemala
editor, Costa Rica contributor, partner, auditor, and the anonymous visitor. Clients
signed in as a persona that needs two-factor are already verified with a TOTP device.
"""

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.choices import OrganizationKind, Role
from coalition.core.models import Country, Membership, Organization, User

PASSWORD = "correct-horse-battery-staple-42"

PERSONAS = {
    # name: (role, scope, organization key)
    "regional_admin": (Role.REGIONAL_ADMIN, "regional", "st_regional"),
    "cr_editor": (Role.COUNTRY_EDITOR, "CR", "st_cr"),
    "gt_editor": (Role.COUNTRY_EDITOR, "GT", "st_gt"),
    "cr_contributor": (Role.CONTRIBUTOR, "CR", "ngo_cr"),
    "partner": (Role.PARTNER, "regional", "oim"),
    "auditor": (Role.AUDITOR, "regional", None),
}
PERSONA_NAMES = [*PERSONAS, "anonymous"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory
):
    """A run that serves pages to a browser puts the SQLite test database in a file.

    The browser sends several requests at once and each one saves the session: an in-memory
    database shared between the server's threads refuses a second writer at once ("table is
    locked"), while a file in WAL mode makes it wait its turn, as the real database does."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    live = any("live_server" in getattr(item, "fixturenames", ()) for item in request.session.items)
    if live and database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(
            tmp_path_factory.mktemp("database") / "test.sqlite3"
        )


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Production hashing costs about half a second per password; tests need none of it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language: a request that activated a user's
    language would otherwise leave it on for the next test run by the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def tasks_at_once(settings):
    """Background tasks (``core.jobs``) run at once, inside the request that enqueues them;
    a test of the queue itself sets the database backend and runs a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def public_cache(settings, request):
    """Each test has an empty public-page cache of its own, in memory: a page cached by one
    test would otherwise show another test's data."""
    settings.CACHES = {
        **settings.CACHES,
        "public": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"public-{request.node.nodeid}",
        },
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def share_signing_key(settings, tmp_path_factory):
    """Share packages are signed with a key made once for the test run, never var/'s."""
    settings.SHARE_SIGNING_KEY = None
    settings.SHARE_SIGNING_KEY_FILE = tmp_path_factory.getbasetemp() / "share-signing-key.pem"


@pytest.fixture
def countries(db):
    call_command("load_countries", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {c.scope_code: c for c in Country.objects.all()}


@pytest.fixture
def organizations(countries):
    rows = {
        "st_regional": (
            "Secretaría Técnica Regional",
            "ST Regional",
            OrganizationKind.GOVERNMENT,
            "regional",
        ),
        "oim": (
            "Organización Internacional para las Migraciones",
            "OIM",
            OrganizationKind.INTERNATIONAL,
            "regional",
        ),
        "st_cr": (
            "Secretaría Técnica Nacional de Costa Rica",
            "ST-CR",
            OrganizationKind.GOVERNMENT,
            "CR",
        ),
        "ngo_cr": ("Fundación Atención Integral", "FAI", OrganizationKind.NGO, "CR"),
        "st_gt": (
            "Secretaría Técnica Nacional de Guatemala",
            "ST-GT",
            OrganizationKind.GOVERNMENT,
            "GT",
        ),
        "fiscalia_gt": (
            "Fiscalía contra la Trata de Guatemala",
            "FCT",
            OrganizationKind.PROSECUTOR,
            "GT",
        ),
    }
    return {
        key: Organization.objects.create(
            name=name, acronym=acronym, kind=kind, country=countries[scope], axes=["prevention"]
        )
        for key, (name, acronym, kind, scope) in rows.items()
    }


@pytest.fixture
def personas(organizations, countries):
    """Users by persona name (anonymous is not a user)."""
    users = {}
    for name, (role, scope, org_key) in PERSONAS.items():
        user = User.objects.create_user(
            username=name, password=PASSWORD, email=f"{name}@example.org"
        )
        Membership.objects.create(
            user=user,
            country=countries[scope],
            role=role,
            organization=organizations.get(org_key),
        )
        users[name] = user
    return users


def sign_in(client, user):
    """Sign ``user`` in on ``client``; verify two-factor for roles that need it."""
    from coalition.core import access

    client.force_login(user)
    if access.requires_two_factor(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def latest_migrations_afterwards(transactional_db):
    """For tests that move apps back in their migrations: every app back at its latest
    migration afterwards. Unapplying an app's migration unapplies the apps that depend on it
    (sentences on mapping), which moving that one app forward again would leave out."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def in_english(personas):
    """Pages in English, for tests that read English text: the personas' saved language
    (which every signed-in request follows) and the test's own. A module asks for it with
    ``pytestmark = pytest.mark.usefixtures("in_english")``."""
    from django.utils import translation

    User.objects.update(language="en")
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(personas):
    """``client_for("cr_editor")`` -> a Client signed in as that persona."""

    def make(name):
        client = Client()
        if name == "anonymous":
            return client
        return sign_in(client, personas[name])

    return make


@pytest.fixture
def page(live_server):
    """A Chromium page on the live server; ``page.problems`` collects console errors and
    static files that failed to load (browser tests assert it stays empty)."""
    from playwright.sync_api import sync_playwright

    from coalition.core.tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 800}, locale="es-CR"
        )
        page = context.new_page()
        page.problems = []
        page.on(
            "console",
            lambda msg: msg.type == "error" and page.problems.append(f"console: {msg.text}"),
        )
        page.on(
            "response",
            lambda r: (
                "/static/" in r.url
                and r.status >= 400
                and page.problems.append(f"{r.status} {r.url}")
            ),
        )
        yield page
        context.close()
        browser.close()
