"""Browser-test support: Playwright drives Debian's chromium against a live server; skipped, and said so, without it.

The `browser` and `page` fixtures live in tests/conftest.py so that one Playwright instance serves the whole run
(a second sync Playwright in the same process fails); tests import the helpers from here."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("JOINEDUP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).resolve().parents[1] / "src" / "joinedup" / "static" / "vendor" / "axe.min.js"
SCREENSHOTS = os.environ.get("JOINEDUP_SCREENSHOTS_DIR")


def skip_browser_tests_without_chromium(items: list[Any]) -> None:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"browser tests skipped: no chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


def browser_session() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def page_for(browser: Any, live_server: Any) -> Iterator[Any]:
    # bypass_csp lets the test inject axe-core; the pages themselves still send their CSP header.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def assert_accessible(page: Any) -> None:
    """Run axe-core (vendored) on the whole page with every rule it runs by default: WCAG 2.x A and AA and the
    best practices (all content inside landmarks, one main, headings in order ...); fail on any violation, of
    any impact. No rule is left out and no part of the page is skipped."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {resultTypes: ['violations']})""")
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not problems, f"axe found violations on {page.url}:\n" + "\n".join(problems)


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot; to docs/screenshots when JOINEDUP_SCREENSHOTS_DIR says so."""
    folder = Path(SCREENSHOTS) if SCREENSHOTS else Path("test-results") / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
