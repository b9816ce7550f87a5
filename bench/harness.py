"""What every benchmark under bench/ shares: a throwaway database, a regional administrator
and a country editor signed in with two-factor, and the figure lines, each checked against
its target: ``run`` exits with 1 when any figure missed it.

``start()`` must run before anything imports Django's models: it points the settings at a
throwaway SQLite database under /tmp (or, with ``--postgres``, at ``DATABASE_URL``, which
must then name a throwaway PostgreSQL database), never at var/, and sets Django up. The
test client's host is allowed, but the test environment itself (template instrumentation)
is not set up, so that the timing is the server's own.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORK = Path(tempfile.mkdtemp(prefix="coalition-bench-"))


def start(postgres_allowed=False):
    """Set up Django on a throwaway database; the figures' name suffix ("" on SQLite,
    "_postgresql" with ``--postgres``)."""
    postgres = postgres_allowed and "--postgres" in sys.argv[1:]
    if postgres and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("--postgres: DATABASE_URL must name a throwaway PostgreSQL database.")
    if not postgres:
        os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
    os.environ["COALITION_VAR_DIR"] = str(WORK / "var")
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalition.settings")
    import django

    django.setup()
    return "_postgresql" if postgres else ""


def regional_admin():
    from coalition.core.choices import Role
    from coalition.core.models import Country, Membership, User

    user = User.objects.create_user(username="bench-admin", email="bench@example.org")
    Membership.objects.create(
        user=user, country=Country.objects.get(is_regional=True), role=Role.REGIONAL_ADMIN
    )
    return user


def country_editor(iso2="CR"):
    """The editor of one country: the scoped path, where the regional administrator's
    is the unscoped one."""
    from coalition.core.choices import Role
    from coalition.core.models import Country, Membership, User

    user = User.objects.create_user(username=f"bench-editor-{iso2.lower()}", email="e@example.org")
    Membership.objects.create(
        user=user, country=Country.objects.get(iso2=iso2), role=Role.COUNTRY_EDITOR
    )
    return user


def signed_in_client(user):
    """A test client signed in as ``user``, two-factor verified."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


MISSED = []
CHECKS = {
    "<": lambda value, target: value < target,
    "<=": lambda value, target: value <= target,
    ">=": lambda value, target: value >= target,
    "==": lambda value, target: value == target,
}


def figure(name, value, unit, op, target, digits=1):
    """Print ``bench: NAME VALUE UNIT (target OP TARGET UNIT) ok|FAIL`` and remember a miss."""
    ok = CHECKS[op](value, target)
    if not ok:
        MISSED.append(name)
    print(
        f"bench: {name} {value:.{digits}f} {unit} (target {op} {target} {unit}) "
        f"{'ok' if ok else 'FAIL'}",
        flush=True,
    )
    return ok


def run(main):
    """Run ``main`` and remove the throwaway folder, whatever happens; exit with 1 when a
    figure missed its target (or ``main`` failed)."""
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    if MISSED:
        print(f"bench: {len(MISSED)} figure(s) missed the target: {', '.join(MISSED)}")
        sys.exit(1)
