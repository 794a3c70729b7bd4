"""The database going away for a moment: users get the 503 page, not a traceback, and the next request
after it is back works again without anyone restarting anything.

On PostgreSQL the database really goes: new connections are refused (ALLOW_CONNECTIONS false) and the app's
open connections are terminated with pg_terminate_backend. On SQLite, which has no server to lose, every
new connection fails (the same OperationalError Django raises when PostgreSQL refuses one).
"""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.db import OperationalError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.people_helpers import person

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["/dashboard/", "/people/", "/situations/", "/places/"]


@pytest.fixture(autouse=True)
def _no_dead_connection_left_behind(transactional_db: None) -> Iterator[None]:
    """Check the test's own connection as a request boundary does, once the test has made its assertions.

    `_database_away` terminates this process's connection too. A page that needs no database (the sign-in
    page) never notices, so without this the next use of the connection — pytest-django's flush, then the
    next test — fails on the terminated one.
    """
    yield
    connection.close_if_unusable_or_obsolete()


def _admin_dsn() -> str:
    s = connection.settings_dict
    return f"host={s['HOST'] or '127.0.0.1'} port={s['PORT'] or 5432} user={s['USER']} dbname=postgres"


@contextmanager
def _database_away() -> Iterator[None]:
    if connection.vendor != "postgresql":
        with _sqlite_away():
            yield
        return
    name = connection.settings_dict["NAME"]
    with psycopg.connect(_admin_dsn(), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        try:
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


@contextmanager
def _sqlite_away() -> Iterator[None]:
    # The test database is in memory and shared, so it cannot really be closed: every query fails instead,
    # as every query does while a server is gone.
    wrapper = type(connections["default"])
    original = wrapper.create_cursor

    def refuse(self: BaseDatabaseWrapper, name: str | None = None) -> None:
        raise OperationalError("disk I/O error: the database is away (simulated)")

    wrapper.create_cursor = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        wrapper.create_cursor = original  # type: ignore[method-assign]


@pytest.mark.parametrize("path", PAGES)
def test_it_shows_the_503_page_while_the_database_is_away_and_recovers_after(client, path, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(person("sam@example.gov.uk", "Sam Patel"))
    assert client.get(path).status_code == 200
    with _database_away():
        response = client.get(path)
    body = response.content.decode()
    assert response.status_code == 503, body[:500]
    assert "unavailable for a moment" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert client.get(path).status_code == 200  # no restart: the next request opens a fresh connection


def test_it_answers_anonymous_visitors_with_the_503_page_too(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    with _database_away():
        response = client.get("/accounts/sign-in/")
    # The sign-in page needs no database until the form is posted; either way no traceback is shown.
    assert response.status_code in (200, 503)
    assert "Traceback" not in response.content.decode()
    assert client.get("/accounts/sign-in/").status_code == 200
