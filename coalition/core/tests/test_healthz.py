"""The health check that load balancers and monitors call."""

import subprocess
import sys
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

COALITION = str(Path(sys.executable).parent / "coalition")


def test_it_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"


def test_it_answers_503_when_the_database_fails(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("could not connect to server: secret-host.internal:5432")

    # On the class, so that the patch is removed cleanly; undone before the test database
    # rolls back.
    wrapper_class = type(connections[DEFAULT_DB_ALIAS])
    with monkeypatch.context() as patch:
        patch.setattr(wrapper_class, "cursor", broken_cursor)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert "secret-host" not in response.content.decode()


def test_it_answers_without_signing_in_and_without_a_session(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_it_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405


def test_in_production_it_answers_over_plain_http_while_pages_redirect_to_https(tmp_path):
    """The load balancer probes over HTTP; everything else is sent to HTTPS."""
    script = (
        "from django.test import Client\n"
        "c = Client()\n"
        "print(c.get('/healthz', HTTP_HOST='example.org').status_code)\n"
        "print(c.get('/login/', HTTP_HOST='example.org').status_code)\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "COALITION_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "COALITION_ENV": "production",
        "SECRET_KEY": "k" * 20 + "-production-test-key-that-is-long-enough-0123456789",
        "ALLOWED_HOSTS": "example.org",
        "SHARE_SIGNING_KEY": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "SENTENCE_HASH_KEY": "h" * 20 + "-production-court-file-key-0123456789",
    }
    result = subprocess.run(
        [COALITION, "shell", "--verbosity", "0", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301"]


def test_load_balancers_may_probe_it_with_head(client, db):
    assert client.head("/healthz").status_code == 200
