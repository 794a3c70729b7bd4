"""Situation pages in a real chromium: accessible (axe-core, WCAG 2.2 AA) and private to their members."""

import os
import shutil

import pytest

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
