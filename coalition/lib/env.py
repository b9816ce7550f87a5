"""Read settings from environment variables, failing loudly on a bad value.

Each helper raises ``ImproperlyConfigured`` naming the variable, so that a typo in a
deployment gives one clear line instead of a half-configured server.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name, default):
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_str(name, default=None, *, required=False):
    value = _raw(name, None)
    if value in (None, ""):
        if required:
            raise ImproperlyConfigured(f"{name} is required but not set (see .env.example).")
        return default
    return value


def env_bool(name, default=False):
    value = _raw(name, None)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default, *, minimum=None):
    value = _raw(name, None)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}.")
    return number


def env_list(name, default=()):
    value = _raw(name, None)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name, default, choices):
    value = _raw(name, None) or default
    if value not in choices:
        allowed = ", ".join(sorted(choices))
        raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}.")
    return value


def env_signing_key(name, *, required=False):
    """An Ed25519 private key (PEM, or the base64 of its 32-byte seed) as its text, checked
    now so that a damaged key stops the server at start and not at the first signature."""
    value = env_str(name, required=required)
    if value is None:
        return None
    from coalition.lib.sharepack import load_private_key

    try:
        load_private_key(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not an Ed25519 private key: {exc}.") from None
    return value


# Seconds a server process keeps its SQLite connection (see ``env_database``).
SQLITE_CONN_MAX_AGE = 600


def env_database(name, default_sqlite_path):
    """Parse DATABASE_URL into a Django DATABASES entry (SQLite file under var/ by default)."""
    import dj_database_url

    url = env_str(name) or f"sqlite:///{default_sqlite_path}"
    if "://" not in url:
        raise ImproperlyConfigured(f"{name} must be a URL such as postgres://user@host/db.")
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    engine = config.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write
        # lock at BEGIN so two writers queue (busy timeout) instead of failing mid-way.
        # Each server process keeps its connection for 10 minutes: opening one and running
        # its three PRAGMAs again on every request cost about 3 ms, more than a cached
        # public page. Between requests it holds no transaction, so it blocks neither
        # writers nor WAL checkpoints; the PRAGMAs still run once per new connection.
        config["CONN_MAX_AGE"] = SQLITE_CONN_MAX_AGE
        config.pop("CONN_HEALTH_CHECKS", None)
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    elif not engine.endswith("postgresql"):
        raise ImproperlyConfigured(f"{name} must point to SQLite or PostgreSQL, not {engine!r}.")
    return config
