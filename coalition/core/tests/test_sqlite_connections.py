"""A server process keeps its SQLite connection from one request to the next: opening it
and running its PRAGMAs again cost more than serving a cached public page."""

import pytest
from django.db.backends.signals import connection_created
from django.db.utils import ConnectionHandler

from coalition.lib.env import env_database


@pytest.fixture
def server_connection(django_db_blocker, tmp_path):
    """A connection configured as the server's, to a database of its own in tmp_path
    (not the test database, so pytest-django's guard is lifted for it)."""
    with django_db_blocker.unblock():
        config = env_database("COALITION_TEST_UNSET_DATABASE_URL", tmp_path / "db.sqlite3")
        connection = ConnectionHandler({"default": config})["default"]
        yield connection
        connection.close()


def serve_requests(connection, count):
    """What Django does around each request: close the connection if it is too old or
    broken (``close_old_connections``), then use it."""
    for _ in range(count):
        connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        connection.close_if_unusable_or_obsolete()


def test_a_process_opens_its_sqlite_connection_once_for_many_requests(server_connection):
    connection = server_connection
    opened = []

    def count(sender, connection, **kwargs):
        opened.append(connection)

    connection_created.connect(count)
    try:
        serve_requests(connection, 5)
    finally:
        connection_created.disconnect(count)
    assert len(opened) == 1


def test_the_kept_connection_still_runs_in_wal_mode_with_foreign_keys(server_connection):
    connection = server_connection
    serve_requests(connection, 2)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA foreign_keys")
        foreign_keys = cursor.fetchone()[0]
    assert (journal, foreign_keys) == ("wal", 1)
