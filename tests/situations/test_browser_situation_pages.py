"""Situation pages in a real chromium: accessible (axe-core, WCAG 2.2 AA) and private to their members."""

import os
import shutil
from pathlib import Path

import pytest

import joinedup
from tests.browser_support import AXE, CHROMIUM, sign_in  # noqa: F401
from tests.people_helpers import PASSWORD
from tests.situations.personas import build_cast

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)),
        reason=f"browser tests skipped: no chromium at {CHROMIUM}",
    ),
]


def assert_main_accessible(page):
    """axe-core on this page's own content (the shared header and footer are checked by the layout's tests)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run('#main-content', {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})"""
    )
    problems = [
        f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
    ]
    assert not problems, f"axe found WCAG violations on {page.url}: {problems}"


@pytest.fixture
def cast(transactional_db):
    return build_cast()


@pytest.fixture(autouse=True)
def _package_static_files(settings):
    # The GOV.UK styles live in src/joinedup/static, which is not an app's static folder; without this the
    # pages are checked unstyled and axe reports every link too small. (settings.py needs the same line.)
    settings.STATICFILES_DIRS = [Path(joinedup.__file__).resolve().parent / "static"]


@pytest.fixture
def page(browser, live_server):  # noqa: F811
    # axe-core is injected as a script tag, which the site's CSP rightly blocks; the test bypasses CSP.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_it_serves_accessible_situation_pages_to_the_convener(cast, page):
    sign_in(page, cast.convener.email, PASSWORD)
    pk = cast.situation.pk
    for path in [
        "/situations/",
        f"/situations/{pk}/",
        f"/situations/{pk}/edit/",
        f"/situations/{pk}/members/",
        f"/situations/{pk}/history/",
        "/situations/new/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert_main_accessible(page)


def test_it_shows_form_errors_accessibly(cast, page):
    sign_in(page, cast.convener.email, PASSWORD)
    page.goto("/situations/new/")
    page.get_by_label("Places").fill("Atlantis")
    page.get_by_role("button", name="Start the situation").click()
    assert page.get_by_text("No place is called “Atlantis”").first.is_visible()
    assert_main_accessible(page)


def test_it_is_404_for_an_outsider(cast, page):
    sign_in(page, cast.outsider.email, PASSWORD)
    response = page.goto(f"/situations/{cast.situation.pk}/")
    assert response.status == 404
    assert cast.situation.title not in page.content()
