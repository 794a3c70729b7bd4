"""Browser tests share the fixtures in tests/conftest.py; the helpers are re-exported here for older imports."""

from tests.browser_support import (  # noqa: F401
    AXE,
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    assert_accessible,
    screenshot,
    sign_in,
)
