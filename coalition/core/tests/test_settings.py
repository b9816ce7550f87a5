"""Settings come from the environment; a bad value stops the program with one clear line."""

import base64
import json
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

COALITION = str(Path(sys.executable).parent / "coalition")
ROOT = Path(settings.BASE_DIR)
PRODUCTION_KEY = secrets.token_urlsafe(45)  # 60 characters
SIGNING_KEY = base64.b64encode(secrets.token_bytes(32)).decode()
HASH_KEY = secrets.token_urlsafe(36)  # 48 characters


def env_for(tmp_path, **values):
    """Nothing inherited from the test run: each case states the variables it sets, and the
    database is a file in tmp_path, never var/."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "COALITION_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Required in production only; each case that is about it overrides it.
        "SENTENCE_HASH_KEY": HASH_KEY,
        "SHARE_SIGNING_KEY": SIGNING_KEY,
    }
    env.update(values)
    return {name: value for name, value in env.items() if value is not None}


def coalition(tmp_path, *args, **values):
    return subprocess.run(
        [COALITION, *args],
        env=env_for(tmp_path, **values),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def setting(tmp_path, expression, **values):
    """The value of a settings expression, as the configured program sees it."""
    script = f"import json; from django.conf import settings; print(json.dumps({expression}))"
    result = coalition(tmp_path, "shell", "--verbosity", "0", "-c", script, **values)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


BAD = {
    "database URL that is not a URL": ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
    "MySQL": ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
    "boolean that is neither": ({"DEBUG": "maybe"}, "DEBUG"),
    "production without a secret key": (
        {"COALITION_ENV": "production", "SECRET_KEY": None, "ALLOWED_HOSTS": "example.org"},
        "SECRET_KEY",
    ),
    "production with a short secret key": (
        {"COALITION_ENV": "production", "SECRET_KEY": "short", "ALLOWED_HOSTS": "example.org"},
        "SECRET_KEY",
    ),
    "production with the development key": (
        {
            "COALITION_ENV": "production",
            "SECRET_KEY": "django-insecure-" + "x" * 60,
            "ALLOWED_HOSTS": "example.org",
        },
        "SECRET_KEY",
    ),
    "production without allowed hosts": (
        {"COALITION_ENV": "production", "SECRET_KEY": PRODUCTION_KEY},
        "ALLOWED_HOSTS",
    ),
    "production without a share signing key": (
        {
            "COALITION_ENV": "production",
            "SECRET_KEY": PRODUCTION_KEY,
            "ALLOWED_HOSTS": "example.org",
            "SHARE_SIGNING_KEY": None,
        },
        "SHARE_SIGNING_KEY",
    ),
    "share signing key that is not a key": (
        {"SHARE_SIGNING_KEY": "bm90IGEga2V5"},
        "SHARE_SIGNING_KEY",
    ),
    "production without the court file key": (
        {
            "COALITION_ENV": "production",
            "SECRET_KEY": PRODUCTION_KEY,
            "ALLOWED_HOSTS": "example.org",
            "SENTENCE_HASH_KEY": None,
        },
        "SENTENCE_HASH_KEY",
    ),
    "production with a short court file key": (
        {
            "COALITION_ENV": "production",
            "SECRET_KEY": PRODUCTION_KEY,
            "ALLOWED_HOSTS": "example.org",
            "SENTENCE_HASH_KEY": "short",
        },
        "SENTENCE_HASH_KEY",
    ),
    "unknown environment": ({"COALITION_ENV": "staging"}, "COALITION_ENV"),
    "port that is not a number": ({"EMAIL_PORT": "abc"}, "EMAIL_PORT"),
    "TLS and SSL at once": ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "EMAIL_USE_TLS"),
    "idle minutes below one": ({"SESSION_IDLE_MINUTES": "0"}, "SESSION_IDLE_MINUTES"),
    "negative proxy count": ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
    "unknown log level": ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
}


@pytest.mark.parametrize(("values", "variable"), BAD.values(), ids=BAD.keys())
def test_a_bad_value_stops_the_program_with_one_line_naming_the_variable(
    values, variable, tmp_path
):
    result = coalition(tmp_path, "check", **values)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "no issues" not in result.stdout


def test_the_development_defaults_just_work(tmp_path):
    result = coalition(tmp_path, "check")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_production_settings_pass_the_deployment_checks(tmp_path):
    result = coalition(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        COALITION_ENV="production",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_turns_debug_off_whatever_debug_says(tmp_path):
    values = setting(
        tmp_path,
        "[settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE]",
        COALITION_ENV="production",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="example.org",
        DEBUG="true",
    )
    assert values == [False, True, True]


def test_the_content_security_policy_allows_nothing_inline_or_from_elsewhere(tmp_path):
    script = (
        "from django.test import Client\n"
        "print(Client().get('/healthz', HTTP_HOST='example.org', secure=True)"
        "['Content-Security-Policy'])\n"
    )
    result = coalition(
        tmp_path,
        "shell",
        "--verbosity",
        "0",
        "-c",
        script,
        COALITION_ENV="production",
        SECRET_KEY=PRODUCTION_KEY,
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
    policy = dict((part.split()[0], part.split()[1:]) for part in result.stdout.strip().split("; "))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in result.stdout


def test_idle_minutes_set_how_long_a_session_lasts(tmp_path):
    assert setting(tmp_path, "settings.SESSION_COOKIE_AGE") == 30 * 60
    assert setting(tmp_path, "settings.SESSION_COOKIE_AGE", SESSION_IDLE_MINUTES="45") == 45 * 60


@pytest.mark.parametrize("level", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"])
def test_every_log_level_that_env_example_offers_is_accepted(level, tmp_path):
    assert setting(tmp_path, "settings.LOGGING['root']['level']", LOG_LEVEL=level) == level


def test_a_sqlite_database_url_is_used_as_given(tmp_path):
    path = tmp_path / "elsewhere" / "coalition.sqlite3"
    name = setting(
        tmp_path, "str(settings.DATABASES['default']['NAME'])", DATABASE_URL=f"sqlite:///{path}"
    )
    assert name == str(path)


def test_every_variable_the_settings_read_is_documented_in_env_example():
    source = (ROOT / "coalition" / "settings.py").read_text()
    read = set(re.findall(r"env_\w+\(\s*\"([A-Z_]+)\"", source))
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert read, "no env_* calls found"
    assert sorted(read - documented) == []


def test_the_local_mode_of_make_run_has_debug_off_whatever_debug_says(tmp_path):
    assert setting(tmp_path, "settings.DEBUG", COALITION_ENV="local", DEBUG="true") is False


def test_the_local_mode_serves_plain_http_so_signing_in_works_on_a_laptop(tmp_path):
    values = setting(
        tmp_path,
        "[settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.LANGUAGE_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT,"
        " settings.SECURE_HSTS_SECONDS, settings.ALLOWED_HOSTS]",
        COALITION_ENV="local",
    )
    assert values == [False, False, False, False, 0, ["127.0.0.1", "localhost"]]


def test_the_local_mode_serves_collected_files_under_hashed_names(tmp_path):
    values = setting(
        tmp_path,
        "[settings.STORAGES['staticfiles']['BACKEND'], settings.WHITENOISE_USE_FINDERS]",
        COALITION_ENV="local",
    )
    assert values == ["django.contrib.staticfiles.storage.ManifestStaticFilesStorage", False]


def test_the_local_mode_passes_the_system_checks(tmp_path):
    result = coalition(tmp_path, "check", "--fail-level", "WARNING", COALITION_ENV="local")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_development_mode_keeps_debug_on_and_reads_static_files_where_they_are(tmp_path):
    values = setting(
        tmp_path,
        "[settings.DEBUG, settings.WHITENOISE_USE_FINDERS,"
        " settings.STORAGES['staticfiles']['BACKEND']]",
    )
    assert values == [True, True, "django.contrib.staticfiles.storage.StaticFilesStorage"]
