"""The learning journey in a real browser: a closed partnership's exit review leaves a draft lesson; a coordinator
publishes it; a reader finds it by searching in other words, filtered by region, and sees how like their place
the lesson's place is; then lists the lessons with stronger evidence and reads what the levels mean."""

import pytest

from joinedup.accounts.models import Role
from joinedup.learning.models import Lesson, LessonState
from joinedup.learning.services import lesson_create, lesson_create_from_exit_review
from joinedup.partnerships.models import ExitReview, Partnership
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.learning import helpers
from tests.people_helpers import PASSWORD, person

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def cast():
    where = helpers.places()
    helpers.published_lessons()  # other lessons to search past
    lead = person("lead@essex.gov.uk", "Lee Lead")
    partnership = Partnership.objects.create(
        title="Essex employer pledge", shared_outcome="More local hiring"
    )
    partnership.places.add(where["essex"])
    review = ExitReview.objects.create(
        partnership=partnership,
        set_out_to_do="Get two hundred residents on benefits into jobs with local firms.",
        what_happened="Only forty were placed: employers signed the pledge but few changed how they recruited.",
        do_differently="Ask firms to adapt their application process, not just to sign a promise.",
        helped_or_hindered="A stable jobcentre manager helped; short contracts for our coordinators hindered.",
        submitted_by=lead,
    )
    lesson = lesson_create_from_exit_review(exit_review=review)
    lesson_create(
        ref="LIB-900",
        title="Whole-family key workers lowered the chance of children entering care",
        summary="Families with a key worker were compared with matched families on the waiting list.",
        state=LessonState.PUBLISHED,
        evidence_rating=3,
        evidence_rating_reason="A matched comparison with families on the waiting list.",
        source="library",
        source_title="A programme evaluation",
        source_publisher="A government department",
        source_year=2022,
        source_url="https://example.org/evaluation",
        source_licence="Open Government Licence v3.0",
        transfer_factors="How stretched children's social care already is; key workers' caseloads.",
        effect="Children in supported families were less likely to enter care.",
    )
    editor = person("editor@example.gov.uk", "Eddie Editor", role=Role.COORDINATOR)
    reader = person("reader@leeds.gov.uk", "Rae Reader")
    reader.profile.places.add(where["leeds"])
    return {"lesson": lesson, "editor": editor, "reader": reader}


def test_an_editor_publishes_a_draft_and_a_reader_finds_it_in_other_words(page, cast):
    lesson = cast["lesson"]
    assert lesson.state == LessonState.DRAFT

    sign_in(page, "editor@example.gov.uk", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/learning/")
    page.get_by_role("link", name=lesson.title).click()
    assert page.get_by_text("Draft", exact=True).first.is_visible()
    assert_accessible(page)
    screenshot(page, "learning-draft-lesson")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    assert Lesson.objects.get(pk=lesson.pk).state == LessonState.PUBLISHED
    page.context.clear_cookies()

    sign_in(page, "reader@leeds.gov.uk", PASSWORD)
    page.wait_for_url("**/dashboard/")
    page.goto("/learning/")
    page.get_by_label("Search lessons").fill("businesses promised to hire unemployed people but did not")
    page.get_by_label("Region").select_option("East of England")
    page.get_by_role("button", name="Search", exact=True).click()
    results = page.locator(".ju-results li")
    assert lesson.title in results.first.inner_text()
    assert "why it matched: close in meaning" in results.first.inner_text()
    assert results.first.locator(".ju-snippet strong").count() >= 1  # the reader's words, in bold
    assert "Evidence strength: not yet rated" in results.first.inner_text()
    assert_accessible(page)
    screenshot(page, "learning-search")

    page.get_by_label("Search lessons").fill("premier league fixtures")
    page.get_by_label("Region").select_option("")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.locator(".ju-results li").count() == 0
    assert "No lessons match ‘premier league fixtures’." in page.get_by_role("status").inner_text()
    assert page.get_by_role("link", name="initiative", exact=True).is_visible()
    assert_accessible(page)
    screenshot(page, "learning-search-no-match")
    page.goto("/learning/?q=businesses+promised+to+hire+unemployed+people+but+did+not&region=East+of+England")

    results.first.get_by_role("link", name=lesson.title).click()
    panel = page.locator("#transferability")
    assert "Essex and Leeds" in panel.inner_text()
    assert "a different type and tier of council" in panel.inner_text()
    assert_accessible(page)
    screenshot(page, "learning-transferability")

    page.goto("/learning/")
    page.get_by_label("Evidence strength").select_option(label="Level 3 or stronger")
    page.get_by_role("button", name="Search", exact=True).click()
    listed = page.locator(".ju-results li")
    assert listed.count() == 1
    assert "Evidence strength: level 3 of 5 (matched comparison)" in listed.first.inner_text()
    assert_accessible(page)
    screenshot(page, "learning-evidence-filter")
    listed.first.get_by_role("link", name="Evidence strength: level 3 of 5").click()
    page.wait_for_url("**/learning/evidence/")
    assert page.title() == "Evidence strength – Joined Up"
    assert page.get_by_role("rowheader", name="Level 3: matched comparison").is_visible()
    assert_accessible(page)
    screenshot(page, "learning-evidence-levels")

    page.go_back()
    page.get_by_role(
        "link", name="Whole-family key workers lowered the chance of children entering care"
    ).click()
    assert (
        "Evidence strength: level 3 of 5 (matched comparison)"
        in page.locator(".ju-evidence-rating").inner_text()
    )
    assert (
        page.get_by_role("link", name="A programme evaluation").get_attribute("href")
        == "https://example.org/evaluation"
    )
    assert page.get_by_text("Open Government Licence v3.0").is_visible()
    assert page.get_by_role("heading", name="What decides whether it transfers").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    screenshot(page, "learning-library-lesson-390")
