"""Management commands: create_user, create_api_token, load_countries, load_demo."""

import io
import os
import re
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from coalition.core.choices import AuditAction, Role
from coalition.core.models import AuditEntry, Country, Membership, Organization, User

STRONG = "long-enough-and-uncommon-77"
COALITION = str(Path(sys.executable).parent / "coalition")


def run(*args, **kwargs):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


@pytest.fixture
def password(monkeypatch):
    monkeypatch.setenv("COALITION_PASSWORD", STRONG)
    return STRONG


@pytest.fixture
def no_terminal(monkeypatch):
    """stdin is not a terminal (cron, CI, a pipe): the command may not prompt."""
    monkeypatch.delenv("COALITION_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def cli_env(tmp_path, **extra):
    """A clean environment for the console script: its own SQLite file, nothing inherited
    that could point it at another database or switch on production."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "COALITION_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
    }
    env.update(extra)
    return env


def coalition(tmp_path, *args, env=None):
    return subprocess.run(
        [COALITION, *args],
        env=env or cli_env(tmp_path),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_clear_error(result, *words):
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


@pytest.fixture(scope="module")
def cli_database(tmp_path_factory):
    """A migrated SQLite database with the countries, for the console script."""
    tmp_path = tmp_path_factory.mktemp("cli")
    for command in (["migrate", "--verbosity", "0"], ["load_countries"]):
        result = coalition(tmp_path, *command)
        assert result.returncode == 0, result.stderr
    return tmp_path


# --- create_user --------------------------------------------------------------------------


def test_create_user_creates_a_user_with_a_role_in_a_scope(organizations, password):
    output = run(
        "create_user",
        "maria",
        "--role",
        "country_editor",
        "--scope",
        "cr",
        "--organization",
        "ST-CR",
        "--email",
        "maria@example.org",
    )
    user = User.objects.get(username="maria")
    assert user.check_password(STRONG)
    assert user.email == "maria@example.org"
    membership = user.memberships.get()
    assert membership.role == Role.COUNTRY_EDITOR
    assert membership.country.iso2 == "CR"
    assert membership.organization == organizations["st_cr"]
    assert "maria" in output and "CR" in output


def test_the_new_user_can_sign_in_with_the_password_given(countries, password):
    run("create_user", "pedro", "--role", "partner", "--scope", "regional")
    response = Client().post("/login/", {"username": "pedro", "password": STRONG})
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_create_user_writes_the_user_and_the_membership_to_the_audit_log(countries, password):
    run("create_user", "pedro", "--role", "partner", "--scope", "regional")
    entries = AuditEntry.objects.filter(actor_repr="system:create_user", action="create")
    assert set(entries.values_list("object_type", flat=True)) == {"core.user", "core.membership"}
    user_entry = entries.get(object_type="core.user")
    assert "password" not in user_entry.after


def test_an_existing_user_gets_the_role_added_and_keeps_the_password(countries, monkeypatch):
    monkeypatch.setenv("COALITION_PASSWORD", STRONG)
    run("create_user", "ana", "--role", "contributor", "--scope", "CR")
    monkeypatch.setenv("COALITION_PASSWORD", "another-long-passphrase-99")
    output = run("create_user", "ana", "--role", "contributor", "--scope", "GT")
    user = User.objects.get(username="ana")
    assert sorted(user.memberships.values_list("country__iso2", flat=True)) == ["CR", "GT"]
    assert user.check_password(STRONG)
    assert "GT" in output


def test_adding_a_role_the_user_already_has_is_refused(countries, password):
    run("create_user", "ana", "--role", "contributor", "--scope", "CR")
    with pytest.raises(CommandError, match="Invalid membership"):
        run("create_user", "ana", "--role", "contributor", "--scope", "CR")
    assert Membership.objects.filter(user__username="ana").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "wizard", "--scope", "CR"], "Unknown role 'wizard'"),
        (["--role", "contributor", "--scope", "XX"], "Unknown scope 'XX'"),
        (["--role", "contributor", "--scope", "MX"], "Mexico (MX) is not an active member"),
        (
            ["--role", "contributor", "--scope", "CR", "--organization", "Nowhere Inc"],
            "Unknown organization 'Nowhere Inc'",
        ),
        (
            ["--role", "regional_admin", "--scope", "CR"],
            "works at the regional level",
        ),
        (["--role", "auditor", "--scope", "GT"], "works at the regional level"),
    ],
    ids=[
        "unknown role",
        "unknown scope",
        "inactive country",
        "unknown organization",
        "regional admin in a country",
        "auditor in a country",
    ],
)
def test_create_user_refuses_bad_input_and_creates_nothing(args, message, organizations, password):
    with pytest.raises(CommandError, match=re.escape(message)):
        run("create_user", "nadie", *args)
    assert not User.objects.filter(username="nadie").exists()
    assert not AuditEntry.objects.filter(actor_repr="system:create_user").exists()


def test_create_user_refuses_an_organization_of_another_country(organizations, password):
    with pytest.raises(CommandError, match="belongs to another country"):
        run(
            "create_user",
            "nadie",
            "--role",
            "contributor",
            "--scope",
            "CR",
            "--organization",
            "FCT",
        )
    assert not User.objects.filter(username="nadie").exists()


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("short-pw1", "too short"),
        ("password1234", "too common"),
        ("836459201736", "entirely numeric"),
        ("mariafernandez1", "too similar to the username"),
    ],
)
def test_create_user_refuses_a_weak_password(weak, reason, countries, monkeypatch):
    monkeypatch.setenv("COALITION_PASSWORD", weak)
    with pytest.raises(CommandError, match=f"Password rejected.*{reason}"):
        run("create_user", "mariafernandez", "--role", "partner", "--scope", "regional")
    assert not User.objects.filter(username="mariafernandez").exists()


def test_create_user_speaks_one_language_even_where_spanish_is_active(organizations, monkeypatch):
    monkeypatch.setenv("COALITION_PASSWORD", "short-pw1")
    with translation.override("es"), pytest.raises(CommandError) as refused:
        run("create_user", "nadie", "--role", "partner", "--scope", "regional")
    assert str(refused.value).startswith("Password rejected: This password is too short.")

    monkeypatch.setenv("COALITION_PASSWORD", STRONG)
    with translation.override("es"), pytest.raises(CommandError) as refused:
        run(
            "create_user",
            "nadie",
            "--role",
            "contributor",
            "--scope",
            "CR",
            "--organization",
            "FCT",
        )
    assert "The organization belongs to another country." in str(refused.value)
    with translation.override("es"):
        output = run("create_user", "nadie", "--role", "contributor", "--scope", "CR")
    assert output.strip() == "nadie: Contributor · CR"


def test_create_user_without_a_password_and_no_terminal_refuses(countries, no_terminal):
    with pytest.raises(CommandError, match="set COALITION_PASSWORD or run in a terminal"):
        run("create_user", "nadie", "--role", "partner", "--scope", "regional")
    assert not User.objects.filter(username="nadie").exists()


def test_the_console_script_refuses_an_unknown_role_with_one_line_and_no_traceback(tmp_path):
    result = coalition(tmp_path, "create_user", "nadie", "--role", "wizard", "--scope", "CR")
    assert_one_clear_error(result, "Unknown role 'wizard'")


def test_a_command_on_a_database_never_migrated_says_so_in_one_line(tmp_path):
    result = coalition(tmp_path, "load_countries")
    assert_one_clear_error(result, "database error", "coalition migrate")


def test_the_console_script_without_a_password_and_no_terminal_fails_cleanly(cli_database):
    result = coalition(
        cli_database, "create_user", "nadie", "--role", "partner", "--scope", "regional"
    )
    assert_one_clear_error(result, "COALITION_PASSWORD")


def test_the_console_script_creates_a_user_with_the_password_from_the_environment(
    cli_database,
):
    env = cli_env(cli_database, COALITION_PASSWORD=STRONG)
    result = coalition(
        cli_database,
        "create_user",
        "lucia",
        "--role",
        "contributor",
        "--scope",
        "PA",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "lucia" in result.stdout
    again = coalition(
        cli_database, "create_user", "lucia", "--role", "contributor", "--scope", "PA", env=env
    )
    assert_one_clear_error(again, "Invalid membership")


# --- create_api_token ---------------------------------------------------------------------


def test_create_api_token_prints_a_token_that_authenticates_on_the_api(personas):
    key = run("create_api_token", "cr_contributor").strip()
    response = Client().get("/api/organizations/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    names = {row["acronym"] for row in response.json()["results"]}
    assert names == {"ST Regional", "OIM", "ST-CR", "FAI"}


def test_create_api_token_prints_the_same_token_again_until_rotated(personas):
    first = run("create_api_token", "partner").strip()
    assert run("create_api_token", "partner").strip() == first
    rotated = run("create_api_token", "partner", "--rotate").strip()
    assert rotated != first
    client = Client()
    assert client.get("/api/organizations/", HTTP_AUTHORIZATION=f"Token {first}").status_code in (
        401,
        403,
    )
    assert (
        client.get("/api/organizations/", HTTP_AUTHORIZATION=f"Token {rotated}").status_code == 200
    )


def test_create_api_token_is_audited_without_the_key(personas):
    key = run("create_api_token", "partner").strip()
    entry = AuditEntry.objects.get(actor_repr="system:create_api_token")
    assert entry.action == AuditAction.CREATE
    assert key not in str([entry.object_id, entry.object_repr, entry.before, entry.after])


def test_a_request_without_a_token_or_with_a_bad_one_is_refused(personas):
    client = Client()
    assert client.get("/api/organizations/").status_code in (401, 403)
    response = client.get("/api/organizations/", HTTP_AUTHORIZATION="Token not-a-real-key")
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_create_api_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        run("create_api_token", "ghost")
    assert not Token.objects.exists()


def test_create_api_token_refuses_a_deactivated_user(personas):
    User.objects.filter(username="partner").update(is_active=False)
    with pytest.raises(CommandError, match="deactivated"):
        run("create_api_token", "partner")


def test_the_console_script_refuses_a_token_for_an_unknown_user_cleanly(cli_database):
    result = coalition(cli_database, "create_api_token", "ghost")
    assert_one_clear_error(result, "No user named 'ghost'")


# --- reset_two_factor ---------------------------------------------------------------------


def test_reset_two_factor_makes_the_user_enrol_again(personas):
    user = personas["cr_editor"]
    TOTPDevice.objects.create(user=user, name="lost phone", confirmed=True)
    output = run("reset_two_factor", "cr_editor")
    assert "1" in output
    assert not TOTPDevice.objects.filter(user=user).exists()
    client = Client()
    client.post("/login/", {"username": "cr_editor", "password": "correct-horse-battery-staple-42"})
    response = client.get("/home/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/two-factor/?")
    assert AuditEntry.objects.filter(
        action=AuditAction.DELETE, object_type="otp_totp.totpdevice"
    ).exists()


# --- load_countries -----------------------------------------------------------------------


def test_load_countries_is_idempotent(db):
    first = run("load_countries")
    codes = sorted(Country.objects.values_list("iso2", flat=True))
    entries = AuditEntry.objects.count()
    second = run("load_countries")
    assert sorted(Country.objects.values_list("iso2", flat=True)) == codes
    assert {"BZ", "CR", "SV", "GT", "HN", "NI", "PA", "DO"} <= set(codes)
    assert Country.objects.filter(is_regional=True).count() == 1
    assert AuditEntry.objects.count() == entries
    assert "10 created" in first
    assert "0 created" in second


def test_load_countries_keeps_an_admins_activation_of_mexico(db):
    run("load_countries")
    mexico = Country.objects.get(iso2="MX")
    assert not mexico.active
    mexico.active = True
    mexico.save()
    run("load_countries")
    mexico.refresh_from_db()
    assert mexico.active


def test_load_countries_keeps_an_admins_deactivation_of_a_member(db):
    run("load_countries")
    Country.objects.filter(iso2="NI").update(active=False)
    run("load_countries")
    assert not Country.objects.get(iso2="NI").active


def test_load_countries_fills_a_missing_emergency_number_and_keeps_an_admins(db):
    run("load_countries")
    assert Country.objects.get(iso2="GT").emergency_numbers() == ["110"]
    Country.objects.filter(iso2="CR").update(emergency_number="")
    Country.objects.filter(iso2="PA").update(emergency_number="911, 104")
    run("load_countries")
    assert Country.objects.get(iso2="CR").emergency_number == "911"
    assert Country.objects.get(iso2="PA").emergency_numbers() == ["911", "104"]


# --- load_demo ----------------------------------------------------------------------------


def demo_passwords(output):
    after = output.split("shown only this once", 1)[-1] if "shown only this once" in output else ""
    return dict(re.findall(r"^  (\S+)\s+(\S+)\s", after, flags=re.MULTILINE))


def test_load_demo_twice_keeps_users_and_passwords(db):
    first = run("load_demo")
    passwords = demo_passwords(first)
    assert set(passwords) == {
        "st-regional",
        "editor-cr",
        "editor-gt",
        "contrib-cr",
        "oficina-gt",
        "oficina-sv",
        "institucion-gt",
        "partner-oim",
        "auditor",
    }
    users = User.objects.count()
    organizations = Organization.objects.count()
    memberships = Membership.objects.count()

    second = run("load_demo")
    assert "already exist" in second
    assert demo_passwords(second) == {}
    assert User.objects.count() == users
    assert Organization.objects.count() == organizations
    assert Membership.objects.count() == memberships
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password), username


def test_a_demo_user_signs_in_with_the_password_printed(db):
    passwords = demo_passwords(run("load_demo"))
    client = Client()
    response = client.post(
        "/login/", {"username": "contrib-cr", "password": passwords["contrib-cr"]}
    )
    assert response.status_code == 302
    assert client.get("/organizations/").status_code == 200


def test_the_migration_fills_the_emergency_numbers_of_existing_countries_left_blank(db):
    migration = import_module("coalition.core.migrations.0007_country_emergency_number")
    run("load_countries")
    Country.objects.update(emergency_number="")
    Country.objects.filter(iso2="PA").update(emergency_number="104")
    migration.fill_emergency_numbers(apps, None)
    numbers = dict(Country.objects.values_list("iso2", "emergency_number"))
    assert numbers["GT"] == "110"
    assert numbers["NI"] == "118"
    assert numbers["CR"] == "911"
    assert numbers["PA"] == "104"  # one already set is kept
    assert numbers["XR"] == ""
