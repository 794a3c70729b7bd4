"""Counting the public pound in a real browser: two bodies import their spend (one file first fails, row by row,
and imports nothing), the place's picture shows the totals, and a theme starts a situation."""

import pytest

from joinedup.situations.models import Situation
from joinedup.spending.models import SpendLine
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.people_helpers import PASSWORD
from tests.spending import helpers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _upload(page, count, body: str, name: str, text: str) -> None:
    page.goto(f"/spending/{count.pk}/import/")
    page.get_by_label("Which body's spend is this").select_option(label=body)
    page.get_by_label("Spend file (CSV)").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Upload spend").click()
    page.wait_for_load_state()


def test_two_bodies_count_their_spend_and_a_theme_starts_a_situation(page):
    w = helpers.world()
    count = w["count"]

    sign_in(page, "officer@leeds.gov.uk", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto(w["leeds"].get_absolute_url())
    page.get_by_role("link", name="The public pound in Leeds").click()
    page.get_by_role("link", name="Add a body's spend").click()
    assert_accessible(page)
    _upload(page, count, "Leeds City Council", "council.csv", helpers.COUNCIL_FILE)
    assert page.get_by_role("heading", name="Spend imported").is_visible()
    page.context.clear_cookies()

    sign_in(page, "inspector@westyorks.police.uk", PASSWORD)
    page.wait_for_url("**/dashboard/")
    _upload(page, count, "West Yorkshire Police", "police.csv", helpers.BAD_FILE)
    errors = page.locator("#import-errors li").all_inner_texts()
    assert [e.split(":")[0] for e in errors] == ["Row 3", "Row 4", "Row 5"]
    assert "Nothing was imported" in page.locator("h1").inner_text()
    assert SpendLine.objects.filter(body=w["police"]).count() == 0
    assert_accessible(page)
    screenshot(page, "spending-import-errors")
    _upload(page, count, "West Yorkshire Police", "police.csv", helpers.POLICE_FILE)
    page.get_by_role("link", name="See the picture of Leeds").click()

    assert page.locator("#total").inner_text() == "£3,000,000 in 5 lines"
    assert page.locator("#per-head").inner_text().startswith("£3.75")
    assert page.locator("#central").inner_text() == "£1,900,000 (63.3%)"
    assert (
        page.locator("#shared-themes li")
        .first.inner_text()
        .startswith("Children and families: 2 bodies, £1,700,000")
    )
    flow = page.locator("svg.ju-flow")
    assert flow.get_attribute("role") == "img"
    assert "£3.0m flows from 3 sources" in page.locator("#flow-desc").text_content()
    assert "£3.0m flows from 3 sources" in page.locator("#flow-text").inner_text()
    assert_accessible(page)
    screenshot(page, "spending-picture")
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot(page, "spending-picture-narrow")
    assert (
        page.evaluate("document.documentElement.scrollWidth") <= 390
    )  # the tables scroll in their own boxes
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Start a situation about children and families").first.click()
    assert page.get_by_label("Title").input_value() == "Children and families in Leeds"
    page.get_by_label("Partner").check()
    assert_accessible(page)
    page.get_by_role("button", name="Start the situation").click()
    page.wait_for_load_state()
    situation = Situation.objects.get(title="Children and families in Leeds")
    assert page.url.endswith(situation.get_absolute_url())
    page.goto(count.get_absolute_url())
    assert page.locator("#themes").get_by_role("link", name="Children and families in Leeds").is_visible()
