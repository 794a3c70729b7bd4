"""Browser journey: a convener opens a conversation; twelve people of different perspectives vote (some through
the real forms, the rest through the service layer); a rejected statement never reaches voters; the report
shows the groups, the common ground and where central and local government diverge."""

import re

import pytest

from joinedup.jobs.services import jobs_run_all
from joinedup.perspectives import services
from joinedup.perspectives.models import Conversation, Statement
from joinedup.situations.models import MemberRole
from joinedup.situations.services import membership_add
from tests import people_helpers as ph
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.perspectives.site_cast import PATTERN_STATEMENTS, SIDE_VOTES, vote_pattern
from tests.situations.personas import build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REJECTED = "Everyone in the housing team is lazy."
WORDS = {1: "Agree", -1: "Disagree", 0: "Pass or unsure"}


def check_page(page):
    html = page.content()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script on " + page.url
    assert " style=" not in html, "style attribute on " + page.url
    assert_accessible(page)


def sign_in_as(page, user):
    page.context.clear_cookies()
    sign_in(page, user.email, ph.PASSWORD)


def vote_through_the_form(page, url, perspective):
    """Vote on every statement shown, one at a time, with the keyboard-focusable buttons; return what was seen."""
    seen = []
    page.goto(url)
    while page.locator("#statement-text").count():
        text = page.locator("#statement-text").inner_text()
        seen.append(text)
        value = SIDE_VOTES[perspective][PATTERN_STATEMENTS.index(text)] if text in PATTERN_STATEMENTS else 0
        button = page.get_by_role("button", name=WORDS[value], exact=True)
        button.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
    page.get_by_text("You have voted on every statement").wait_for()
    return seen


def test_it_runs_a_conversation_from_opening_to_report(page, settings):
    settings.PERSPECTIVES_REPORT_DELAY_SECONDS = 0
    cast = build_cast()  # convener (central) and member (local)
    people = [(cast.convener, "central"), (cast.member, "local")]
    for i in range(4):
        for side, org in (("central", ph.department()), ("local", ph.council())):
            user = ph.person(f"{side}{i}@example.gov.uk", f"{side.title()} Voter {i}", org)
            membership_add(situation=cast.situation, user=user, perspective=side, role=MemberRole.MEMBER)
            people.append((user, side))
    service_user = ph.person("user@example.org", "Sam Service-User", ph.council())
    membership_add(
        situation=cast.situation, user=service_user, perspective="service_user", role=MemberRole.MEMBER
    )
    people.append((service_user, "service_user"))

    # The convener opens the conversation from the situation's page, with seed statements.
    sign_in_as(page, cast.convener)
    page.goto(cast.situation.get_absolute_url())
    page.get_by_role("link", name="Open a conversation").click()
    check_page(page)
    page.get_by_label("Title").fill("Getting families out of B&Bs")
    page.get_by_label("Framing question").fill("What stops families moving on from temporary accommodation?")
    page.get_by_label("Seed statements").fill("\n".join(PATTERN_STATEMENTS))
    page.get_by_label("Anyone with a private link").check()
    page.get_by_role("button", name="Open the conversation").click()
    page.get_by_text("You opened").wait_for()
    conversation = Conversation.objects.get()
    check_page(page)
    screenshot(page, "perspectives-conversation")
    link = page.locator(".govuk-\\!-text-break-word").inner_text().strip()

    # A local member votes through the form and proposes a statement; the convener rejects it.
    sign_in_as(page, cast.member)
    page.goto(conversation.get_absolute_url())
    page.get_by_role("link", name="Vote on statements").click()
    check_page(page)
    screenshot(page, "perspectives-vote")
    vote_through_the_form(page, page.url, "local")
    page.get_by_role("link", name="Add your own statement").click()
    check_page(page)
    page.get_by_label("Your statement").fill(REJECTED)
    page.get_by_role("button", name="Send for approval").click()
    page.get_by_text("A convener will read your statement").wait_for()

    sign_in_as(page, cast.convener)
    page.goto(conversation.get_absolute_url())
    page.get_by_role("link", name=re.compile(r"Statements to moderate \(1\)")).click()
    check_page(page)
    screenshot(page, "perspectives-moderation")
    page.get_by_role("button", name="Reject").click()
    page.get_by_text("Rejected: “" + REJECTED).wait_for()
    assert Statement.objects.get(text=REJECTED).status == "rejected"

    # The convener (central) and a frontline worker with the anonymous link vote through the forms.
    seen = vote_through_the_form(page, conversation.get_absolute_url() + "vote/", "central")
    assert REJECTED not in seen
    page.context.clear_cookies()
    page.goto(link)
    check_page(page)
    page.get_by_label("Frontline staff").check()
    page.get_by_role("button", name="Start").click()
    seen = vote_through_the_form(page, page.url, "frontline")
    assert REJECTED not in seen and len(seen) == len(PATTERN_STATEMENTS)
    check_page(page)

    # The other nine vote through the service layer, to keep the test fast.
    statements = list(conversation.statements.filter(text__in=PATTERN_STATEMENTS).order_by("number"))
    for user, side in people[2:]:
        participant = services.participant_for_member(conversation=conversation, user=user)
        vote_pattern(participant, statements, side)
    assert conversation.participants.filter(votes__isnull=False).distinct().count() == 12
    jobs_run_all()

    sign_in_as(page, cast.member)
    page.goto(conversation.get_absolute_url())
    page.get_by_role("link", name=re.compile("The full report")).click()
    groups = page.locator("#groups-table").inner_text()
    assert "Group A" in groups and "Group B" in groups
    assert page.locator("svg.ju-opinion-map .ju-group-outline").count() >= 2
    body = page.locator("#main-content").inner_text()
    assert "Families need one named caseworker." in body.split("Common ground across everyone")[1]
    divergence = body.split("Where central and local government differ most")[1].split("Where central")[0]
    assert re.search(r"The current funding formula is fair\.\s+100%\s+0%", divergence)
    assert REJECTED not in page.content()
    check_page(page)
    screenshot(page, "perspectives-report")

    page.get_by_role("link", name="Read the summary in plain words").click()
    assert "12 people voted" in page.locator("#main-content").inner_text()
    assert "They differ most on" in page.locator("#main-content").inner_text()
    check_page(page)
    screenshot(page, "perspectives-summary")
