"""Browser journey: a coordinator creates, runs and publishes a coffee round; a participant sees the match and
its reasons and gives feedback; a secondment allocation and an event table plan are produced and shown."""

import datetime
import re

import pytest

from joinedup.jobs.services import jobs_run_all
from joinedup.matching import services
from joinedup.matching.models import Feedback, MatchRound, RoundStatus
from tests import people_helpers as ph
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.matching.test_site_cast import make_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page):
    html = page.content()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script on " + page.url
    assert " style=" not in html, "style attribute on " + page.url
    assert_accessible(page)  # every axe rule, on the whole page


def sign_in_as(page, user):
    page.context.clear_cookies()
    sign_in(page, user.email, ph.PASSWORD)


def test_it_runs_a_coffee_round_from_creation_to_feedback(page):
    cast = make_cast()
    sign_in_as(page, cast.coordinator)
    page.goto("/matching/rounds/new/")
    check_page(page)
    screenshot(page, "matching-round-create")
    page.get_by_label("Name of the round").fill("Coffee across the line, April")
    page.get_by_label("Coffee").check()
    page.get_by_role("button", name="Create and preview").click()
    page.locator("#round-preview").wait_for()
    assert "Eligible people 5" in " ".join(page.locator("#round-preview").inner_text().split())
    check_page(page)
    screenshot(page, "matching-round-preview")

    page.get_by_role("button", name="Run the round").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/"))
    check_page(page)
    assert jobs_run_all() == 1
    page.reload()
    page.get_by_text("Done").first.wait_for()
    screenshot(page, "matching-round-job")

    round = MatchRound.objects.get()
    page.goto(round.get_absolute_url())
    page.locator("#round-matches").wait_for()
    check_page(page)
    page.get_by_role("button", name="Publish the matches").click()
    page.get_by_text("Published. The introductions are on their way.").wait_for()
    assert MatchRound.objects.get().status == RoundStatus.PUBLISHED
    screenshot(page, "matching-round-published")

    sign_in_as(page, cast.bob)
    page.goto("/matching/")
    check_page(page)
    page.get_by_role("link", name=round.name, exact=True).click()
    reasons = page.locator("#match-reasons").inner_text()
    # Bob meets Alice (housing, Leeds, once in a council); an odd number makes a group of three.
    assert re.search(r"You (both|and Alice) work on housing in Leeds", reasons), reasons
    assert "Alice has worked in a council" in reasons
    check_page(page)
    screenshot(page, "matching-your-match")
    page.get_by_role("link", name="Tell us whether you met").click()
    page.get_by_label("Yes, we met").check()
    page.get_by_label("Very useful").check()
    check_page(page)
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Thank you. Your feedback is saved.").wait_for()
    assert Feedback.objects.get(profile=cast.bob.profile).useful == "very"

    page.goto("/matching/preferences/")
    check_page(page)
    screenshot(page, "matching-preferences")


def test_it_allocates_secondments_and_plans_event_tables(page):
    cast = make_cast()
    scheme = services.scheme_create(by=cast.coordinator, name="Spring secondments", closes_on=None)
    for host, title in ((cast.bob, "Housing delivery in Leeds"), (cast.dan, "Schools in Bradford")):
        services.opportunity_create(host=host.profile, data={
            "scheme": scheme, "title": title, "duration_months": 6, "description": f"{title} work",
            "skills_sought": "Data analysis", "capacity": 1, "how_it_ends": "Return with a handover",
            "place": ph.place()})  # fmt: skip
    first, second = scheme.opportunities.order_by("title")
    services.application_save(scheme=scheme, applicant=cast.carol.profile, ranking=[first.pk, second.pk])

    sign_in_as(page, cast.alice)
    page.goto(f"/matching/secondments/{scheme.pk}/apply/")
    check_page(page)
    page.get_by_label(re.compile("Housing delivery in Leeds")).select_option("1")
    page.get_by_role("button", name="Save my choices").click()
    page.get_by_text("Your choices are saved").wait_for()
    screenshot(page, "matching-secondment-apply")

    sign_in_as(page, cast.coordinator)
    page.goto(scheme.get_absolute_url())
    page.get_by_role("button", name="Run the allocation").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/"))
    jobs_run_all()
    page.goto(scheme.get_absolute_url())
    page.get_by_role("button", name="Publish the allocation").click()
    page.get_by_text("Allocation published. Every applicant is being told by email.").wait_for()
    table = page.locator("#allocation").inner_text()
    assert table.count("Housing delivery in Leeds") + table.count("Schools in Bradford") == 2
    check_page(page)
    screenshot(page, "matching-secondment-allocation")

    event = services.event_create(by=cast.coordinator, data={
        "title": "Development day", "starts_on": datetime.date(2027, 3, 1), "table_size": 3})  # fmt: skip
    for user in [*cast.central, *cast.local]:
        services.event_register(event=event, profile=user.profile)
    page.goto(event.get_absolute_url())
    check_page(page)
    page.get_by_role("button", name="Make the table plan").click()
    page.wait_for_url(re.compile(r"/jobs/\d+/"))
    jobs_run_all()
    page.goto(f"/matching/events/{event.pk}/plan/")
    page.locator("#table-plan").wait_for()
    assert page.get_by_role("heading", name="Table 2").count() == 1
    check_page(page)
    screenshot(page, "matching-table-plan")
    page.emulate_media(media="print")
    assert not page.locator(".govuk-header").is_visible()
    screenshot(page, "matching-table-plan-print")
