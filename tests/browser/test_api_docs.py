"""The API docs page (/api/v1/docs, Swagger UI) in a real browser: it renders the operations under the CSP and
axe finds nothing on it, with operations open, a request tried out and the Authorize dialog open. Before the
fixes axe found low-contrast method badges, buttons and grey text, a link inside each operation's expand button,
headings out of order, unlabelled selects, unnamed response regions and icon buttons, and dialog buttons named
other than their text."""

import pytest

from tests.browser_support import assert_accessible, screenshot, sign_in
from tests.people_helpers import PASSWORD, department, person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_it_renders_the_api_docs_accessibly_with_operations_open(page):
    person("pat@example.gov.uk", "Pat Participant", department())
    sign_in(page, "pat@example.gov.uk", PASSWORD)
    page.wait_for_url("**/dashboard/")

    page.goto("/api/v1/docs")
    page.locator(".opblock").first.wait_for(state="visible")
    assert page.get_by_role("heading", name="API documentation", level=1).is_visible()
    assert page.get_by_role("main").locator(".opblock").count() > 5
    assert_accessible(page)

    for method in ("get", "post"):
        page.locator(f".opblock-{method} .opblock-summary-control").first.click()
    page.locator(".opblock.is-open .opblock-body").nth(1).wait_for(state="visible")
    page.locator(".opblock.is-open .try-out__btn").first.click()
    page.locator(".opblock.is-open .execute").first.click()
    page.locator(".opblock.is-open .live-responses-table").first.wait_for(state="visible")
    assert_accessible(page)
    screenshot(page, "api-docs")

    page.locator(".scheme-container .btn.authorize").click()
    page.locator(".modal-ux").wait_for(state="visible")
    assert_accessible(page)
