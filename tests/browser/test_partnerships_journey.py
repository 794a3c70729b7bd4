"""Browser journey: two leads agree a charter (refused first), a health check runs, results show by side.

The health check: the lead opens a round, members answer through their own invitation, the lead issues
single-use codes for frontline staff, the codes are used, the round closes and the results show by side with
the divergence warning."""

import re

import pytest

from joinedup.partnerships import services
from joinedup.partnerships.items import ITEM_CODES
from joinedup.partnerships.models import Partnership
from tests import people_helpers as ph
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.partnerships.cast import ANSWERS_HIGH, answer_many, make_cast, make_partnership, open_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_page(page):
    """The page needs no inline script or style (our CSP forbids them; the test browser bypasses CSP to run axe)."""
    html = page.content()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script on " + page.url
    assert " style=" not in html, "style attribute on " + page.url
    assert_accessible(page)


def sign_in_as(page, user):
    page.context.clear_cookies()
    sign_in(page, user.email, ph.PASSWORD)


def answer(page, url, score, side_label, done="You have answered"):
    page.goto(url)
    page.get_by_text(f"You answer as: {side_label}").wait_for()
    assert page.locator("input[name='side']").count() == 0  # the side is the invitation's, not the browser's
    for code in ITEM_CODES:
        value = score if code.startswith("trust") else 4
        page.locator(f"input[name='{code}'][value='{value}']").check()
    page.get_by_label("What should we talk about?").fill("How we share data")
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text(done).wait_for()


def test_it_agrees_a_charter_and_runs_a_health_check(page, settings):
    # Eight answers split four and four: the journey lowers the minimum group to four (the default five is
    # covered in tests/partnerships/test_health_checks.py).
    settings.JOINEDUP_MIN_ANONYMOUS_GROUP = 4
    cast = make_cast()

    sign_in_as(page, cast.central_lead)
    page.goto("/partnerships/new/")
    check_page(page)
    page.get_by_label("Shared outcome").fill("Fewer families in temporary accommodation in Leeds")
    page.get_by_label("Title").fill("Leeds homelessness prevention")
    page.get_by_role("button", name="Start the partnership").click()
    page.get_by_role("heading", name="Edit the charter").wait_for()
    screenshot(page, "partnership-charter-edit")
    page.get_by_role("button", name="Save").click()
    partnership = Partnership.objects.get()

    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Their email address").fill(cast.local_lead.email)
    page.get_by_label("Lead").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a cost").click()
    page.get_by_label("Item").fill("Secondee salary")
    page.get_by_label("Central", exact=True).check()
    page.get_by_label("Amount (£)").fill("60000")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a champion").click()
    page.get_by_label("Their email address").fill(cast.central_champion.email)
    page.get_by_role("button", name="Save").click()

    # Refused, with clear messages, while the exit criteria and the local champion are missing.
    page.get_by_role("button", name="Confirm the charter for my side").click()
    summary = page.locator(".govuk-error-summary")
    summary.get_by_text("The charter cannot be agreed yet").wait_for()
    assert "Add the exit criteria" in summary.inner_text()
    assert "Add a senior champion on the local side." in summary.inner_text()
    check_page(page)
    screenshot(page, "partnership-agreement-refused")

    page.get_by_role("link", name="Edit the charter").click()
    page.get_by_label("Exit criteria").fill("The council runs the service alone for six months")
    page.get_by_label("Planned exit date").fill("2027-09-30")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a champion").click()
    page.get_by_label("Their email address").fill(cast.local_champion.email)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Confirm the charter for my side").click()
    page.get_by_text("You confirmed the charter for your side.").wait_for()

    sign_in_as(page, cast.local_lead)
    page.goto(partnership.get_absolute_url())
    page.get_by_role("button", name="Confirm the charter for my side").click()
    page.get_by_text("the partnership is agreed").wait_for()
    assert page.get_by_role("button", name="Confirm the charter for my side").count() == 0
    check_page(page)
    screenshot(page, "partnership-agreed")

    # The local lead opens a round; each member is invited as they join.
    page.get_by_role("link", name="Schedule a health check").click()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Health check scheduled").wait_for()
    check = partnership.health_checks.get()

    members = []
    for i in range(4):
        for side, org in (("central", ph.department()), ("local", ph.council())):
            user = ph.person(f"{side}.member{i}@example.gov.uk", f"{side.title()} Member {i}", org)
            services.partnership_add_participant(partnership=partnership, user=user, role="member",
                                                 by=cast.local_lead)  # fmt: skip
            members.append((user, side))
    for n, (user, side) in enumerate(members):
        sign_in_as(page, user)
        if n == 0:
            page.goto(check.get_absolute_url())
            check_page(page)
            screenshot(page, "partnership-health-check-form")
        answer(page, check.get_absolute_url(), 5 if side == "central" else 2, f"{side.title()} government")

    # The lead issues four codes for frontline staff and hands them out; each is used once, without an account.
    sign_in_as(page, cast.local_lead)
    page.goto(check.get_absolute_url())
    page.get_by_role("link", name="Issue codes for frontline staff or service users").click()
    page.get_by_label("Frontline staff").check()
    page.get_by_label("How many codes?").fill("4")
    page.get_by_role("button", name="Issue the codes").click()
    page.locator("#codes").wait_for()
    check_page(page)
    links = [cell.inner_text() for cell in page.locator("#codes td:nth-child(2) code").all()]
    assert len(links) == 4
    for link in links:
        page.context.clear_cookies()
        answer(page, link, 4, "Frontline staff", done="Your answers are in")
        page.goto(link)
        page.get_by_text("has already been used").wait_for()

    sign_in_as(page, cast.local_lead)
    page.goto(check.get_absolute_url())
    page.get_by_role("button", name="Close it now and show the results").click()
    page.get_by_text("This cannot be undone").wait_for()  # one click does not close it: the lead confirms
    check_page(page)
    screenshot(page, "partnership-close-check-confirm")
    page.get_by_role("button", name="Yes, close it now").click()
    page.locator("#results-table").wait_for()
    warnings = page.locator("#warnings").inner_text()
    assert re.search(
        r"Trust: the sides see it differently — central government 5\.0 against local government 2\.0",
        warnings,
    )
    table = page.locator("#results-table").inner_text()
    assert "Central government" in table and "Local government" in table and "Frontline staff" in table
    assert "12 responses" in page.content()
    assert "Results are released once, when the round closes" in page.content()
    # Every member sees how many codes were issued for each side, and by whom (not who used them).
    issued = page.get_by_role("table", name="Single-use codes issued, by side").inner_text()
    assert re.search(r"Frontline staff\s+4\s+Lou Local", issued), issued
    check_page(page)
    screenshot(page, "partnership-health-check-results")


def test_it_withholds_the_split_with_four_responses(page):
    cast = make_cast()
    partnership = make_partnership(cast, complete=True)
    check = open_check(partnership, cast.central_lead)
    answer_many(check, "central", ANSWERS_HIGH, 2, "c")
    answer_many(check, "local", ANSWERS_HIGH, 2, "l")
    services.partnership_close_check(check=check, by=cast.central_lead)
    sign_in_as(page, cast.central_lead)
    page.goto(check.get_absolute_url())
    page.get_by_text("Not enough responses to show this without identifying people").wait_for()
    assert page.locator("#results-table").count() == 0
    check_page(page)
    screenshot(page, "partnership-health-check-withheld")
