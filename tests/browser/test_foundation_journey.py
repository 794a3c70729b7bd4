"""The foundation journey in a real browser: sign in, edit the profile, search people, open a place and a situation."""

import pytest

from joinedup.people.models import Profile
from joinedup.situations.models import MemberRole, Membership, Perspective, Situation
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.people_helpers import PASSWORD, council, department, person, place, policy_area

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def cast():
    leeds = place()
    housing = policy_area("Housing")
    sam = person(
        "sam@example.gov.uk",
        "Sam Patel",
        department(),
        job_title="Housing policy lead",
        offers="I can offer experience of housing delivery programmes",
    )
    sam.profile.places.add(leeds)
    sam.profile.policy_areas.add(housing)
    for i in range(3):
        other = person(
            f"officer{i}@leeds.gov.uk",
            f"Lee Officer {i}",
            council(),
            job_title="Housing officer",
            offers="Local housing and homelessness knowledge",
        )
        other.profile.places.add(leeds)
        other.profile.policy_areas.add(housing)
    outsider = person("olu@example.gov.uk", "Olu Outsider", department())
    situation = Situation.objects.create(
        title="Temporary accommodation in Leeds", framing="Families wait too long in temporary accommodation."
    )
    situation.places.add(leeds)
    Membership.objects.create(
        situation=situation, user=sam, perspective=Perspective.CENTRAL, role=MemberRole.CONVENER
    )
    return {"sam": sam, "outsider": outsider, "situation": situation, "leeds": leeds}


def test_a_person_signs_in_edits_their_profile_searches_and_opens_a_place_and_a_situation(page, cast):
    sign_in(page, "sam@example.gov.uk", PASSWORD)
    page.wait_for_url("**/dashboard/")
    assert_accessible(page)
    screenshot(page, "dashboard")

    page.goto("/people/me/edit/")
    page.get_by_label("Places you know").fill("Leeds; Atlantis")
    page.get_by_role("button", name="Save profile").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Atlantis" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    screenshot(page, "profile-edit")
    page.get_by_label("Places you know").fill("Leeds")
    page.get_by_label("Job title").fill("Head of housing policy")
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    assert Profile.objects.get(user=cast["sam"]).job_title == "Head of housing policy"

    page.goto("/people/")
    page.get_by_role("textbox", name="Search").fill("housing")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.get_by_text("Lee Officer 0").first.is_visible()
    assert_accessible(page)
    screenshot(page, "people-directory")

    page.goto(f"/places/{cast['leeds'].gss_code}/")
    assert page.get_by_role("heading", name="Leeds", level=1).is_visible()
    assert_accessible(page)
    screenshot(page, "place")

    page.goto(f"/situations/{cast['situation'].pk}/")
    assert page.get_by_role("heading", name="Temporary accommodation in Leeds").is_visible()
    assert_accessible(page)
    screenshot(page, "situation")


def test_an_outsider_gets_404_for_a_private_situation(page, cast):
    sign_in(page, "olu@example.gov.uk", PASSWORD)
    page.wait_for_url("**/dashboard/")
    response = page.goto(f"/situations/{cast['situation'].pk}/")
    assert response is not None and response.status == 404
    assert "Temporary accommodation" not in page.content()
    assert_accessible(page)
