"""The plumbing under the rate limits: the shared cache's increment, the client address and the settings."""

import os
import subprocess
import sys
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory

from joinedup.core.ratelimits import client_address

pytestmark = pytest.mark.django_db


def test_it_increments_a_counter_without_moving_its_expiry():
    cache.add("counter", 1, 60)
    table = connection.ops.quote_name("joinedup_cache")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table}")
        (before,) = cursor.fetchone()
        time.sleep(1.1)  # Django's set() would give the entry a new expiry from now
        assert cache.incr("counter") == 2
        assert cache.incr("counter", 5) == 7
        cursor.execute(f"SELECT expires FROM {table}")
        (after,) = cursor.fetchone()
    assert after == before
    assert cache.get("counter") == 7
    with pytest.raises(ValueError):
        cache.incr("no-such-counter")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy: a client's own X-Forwarded-For is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (
            1,
            "1.2.3.4, 203.0.113.9",
            "203.0.113.9",
        ),  # what the client wrote itself is left of the proxy's entry
        (2, "1.2.3.4, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "", "10.0.0.1"),
        (1, "not-an-address", "0.0.0.0"),
    ],
)
def test_it_reads_the_client_address_behind_the_trusted_proxies(settings, proxies, forwarded, expected):
    settings.JOINEDUP_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_it_refuses_to_start_with_a_rate_it_cannot_read():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "joinedup.settings", "JOINEDUP_RATE_API": "lots"}
    code = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert "The api rate limit must look like 30/m or 60/15m, not 'lots'" in result.stderr
