"""On the demo data (`seed-demo`, as `make demo` makes it): search the directory in plain English, then find the
places like a council and follow one."""

import pytest
from django.core.management import call_command

from joinedup.places.models import Place
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def demo():
    call_command("load-reference", verbosity=0)
    call_command("seed-demo", people=400, seed=1, stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    call_command("demo-accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123


def test_a_participant_searches_people_in_plain_english_and_finds_places_like_theirs(page, demo):
    sign_in(page, "participant@demo.joinedup.example", "joined-up-demo")
    page.wait_for_url("**/dashboard/")

    page.goto("/people/")
    page.get_by_role("textbox", name="Search").fill("someone who knows adult social care")
    page.get_by_role("button", name="Search", exact=True).click()
    reading = page.get_by_test_id("search-reading")
    assert "adult, social, care" in reading.inner_text()
    assert "best match first" in reading.inner_text()
    first = page.locator(".ju-people-list li").first
    assert "Illustrative" in first.inner_text()
    # The best match shares the searched words; "adult social care" itself may be a policy area the card
    # leaves out, so the card is asked only for what it always shows of a match.
    assert "social care" in first.inner_text().lower()
    assert_accessible(page)
    screenshot(page, "people-directory-search")

    # Paging: the whole directory of 400 demo people runs to several pages on either database (how many match
    # a search differs between SQLite's and PostgreSQL's full-text search).
    page.goto("/people/")
    page.get_by_role("link", name="Next page").click()
    assert page.get_by_role("link", name="Page 2 of", exact=False).is_visible()

    leeds = Place.objects.get(name="Leeds", is_current=True)
    page.goto(f"/places/{leeds.gss_code}/")
    like = page.get_by_test_id("places-like")
    assert like.locator("li").count() == 8
    assert "Sheffield" in like.inner_text()
    assert "Similar because:" in like.inner_text()
    assert "the same tier (single-tier)" in like.inner_text()
    assert_accessible(page)
    screenshot(page, "places-like")

    like.get_by_role("link", name="Sheffield").click()
    assert page.get_by_role("heading", name="Sheffield", level=1).is_visible()
    assert "Leeds" in page.get_by_test_id("places-like").inner_text()
