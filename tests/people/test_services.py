import pytest
from django.core.exceptions import ValidationError

from joinedup.accounts.models import User
from joinedup.people.models import Profile
from joinedup.people.services import (
    CareerItem,
    policy_area_create,
    profile_create,
    profile_recompute_both_sides,
    profile_update,
    profile_update_career,
)
from tests import people_helpers as h


def test_it_creates_a_profile_with_sector_and_search_text_from_the_organisation(db):
    user = User.objects.create_user(email="a@example.org", password=None, name="Ada Example")
    profile = profile_create(
        user=user, organisation=h.council(), job_title="Head of Housing", offers="Hostels"
    )
    assert profile.sector == "local"
    assert profile.search_text == "ada example head of housing leeds city council hostels"


def test_it_keeps_search_text_up_to_date_on_update(cast):
    profile = profile_update(
        profile=cast["owner"].profile, name="Olive Renamed", seeks="Secondment to a council"
    )
    profile.refresh_from_db()
    assert "olive renamed" in profile.search_text and "secondment to a council" in profile.search_text


def test_it_refuses_fields_it_does_not_own(cast):
    with pytest.raises(TypeError):
        profile_update(profile=cast["owner"].profile, both_sides=True)


def test_it_rejects_an_invalid_level(cast):
    with pytest.raises(ValidationError):
        profile_update(profile=cast["owner"].profile, level="boss")


def test_it_derives_both_sides_from_career(cast):
    profile = cast["owner"].profile  # central now
    profile_update_career(
        profile=profile, entries=[CareerItem("Leeds City Council", "local", "Officer", 2010, 2015)]
    )
    assert Profile.objects.get(pk=profile.pk).both_sides
    profile_update_career(
        profile=profile, entries=[CareerItem("HM Treasury", "central", "Analyst", 2010, 2015)]
    )
    assert not Profile.objects.get(pk=profile.pk).both_sides


def test_it_rejects_a_career_entry_ending_before_it_starts(cast):
    with pytest.raises(ValidationError):
        profile_update_career(
            profile=cast["owner"].profile, entries=[CareerItem("X", "local", "Y", 2015, 2010)]
        )


def test_it_recomputes_both_sides_after_a_move(cast):
    profile = cast["owner"].profile
    profile_update_career(
        profile=profile, entries=[CareerItem("HM Treasury", "central", "Analyst", 2010, 2015)]
    )
    profile_update(profile=profile, organisation=h.council())
    assert profile_recompute_both_sides(profile=profile).both_sides


def test_it_creates_a_policy_area_with_a_slug(db):
    assert policy_area_create(name="Rural affairs").slug == "rural-affairs"


def test_it_seeds_the_policy_area_taxonomy(db):
    from joinedup.people.models import PolicyArea

    assert PolicyArea.objects.count() == 12
    assert PolicyArea.objects.filter(name="Children's services").exists()
