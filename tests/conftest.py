import os

import pytest
from django.core import mail  # noqa: F401  (makes the locmem outbox available to tests)

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the same thread are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _generous_rate_limits(request, settings):
    """The suite posts many times quickly (fuzz and property tests); tests of the limits themselves are marked
    real_rate_limits and keep the defaults of settings.py."""
    if request.node.get_closest_marker("real_rate_limits") is None:
        settings.JOINEDUP_RATE_LIMITS = {name: "1000000/m" for name in settings.JOINEDUP_RATE_LIMITS}


def pytest_collection_modifyitems(config, items):
    from tests.browser_support import skip_browser_tests_without_chromium

    skip_browser_tests_without_chromium(items)


@pytest.fixture(scope="session")
def browser():
    from tests.browser_support import browser_session

    yield from browser_session()


@pytest.fixture
def page(browser, live_server):
    from tests.browser_support import page_for

    yield from page_for(browser, live_server)


@pytest.fixture
def migrations_restored():
    """For tests that migrate an app backwards: afterwards every app is migrated forward to its latest migration.

    Migrating one app back also unapplies every later migration of other apps that depends on it (spending,
    invitations and notifications hang off partnerships and accounts); migrating only that app forward again
    would leave their tables missing for the tests that follow."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
