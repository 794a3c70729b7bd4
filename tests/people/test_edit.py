from django.urls import reverse

from joinedup.accounts.models import User
from joinedup.people.models import Profile
from tests import people_helpers as h

URL = reverse("people:edit")


def form_data(**overrides):
    data = {
        "name": "Olive Owner-Smith",
        "organisation": str(h.council().pk),
        "sector": "central",
        "job_title": "Head of housing",
        "level": "senior",
        "places_text": "Leeds; E08000036",
        "policy_areas": [str(h.policy_area("Housing").pk)],
        "offers": "I can offer experience of commissioning housing support",
        "seeks": "Someone in a department who works on homelessness",
        "visibility": "signed_in",
        "career-TOTAL_FORMS": "2",
        "career-INITIAL_FORMS": "0",
        "career-MIN_NUM_FORMS": "0",
        "career-MAX_NUM_FORMS": "30",
        "career-0-organisation_name": "Department for Education",
        "career-0-sector": "central",
        "career-0-role": "Policy adviser",
        "career-0-start_year": "2010",
        "career-0-end_year": "2015",
        "career-1-organisation_name": "",
        "career-1-sector": "",
        "career-1-role": "",
        "career-1-start_year": "",
        "career-1-end_year": "",
    }
    data.update(overrides)
    return data


def test_it_shows_the_form_with_current_values(cast, login):
    response = login(cast["owner"]).get(URL)
    assert response.status_code == 200
    assert b"Olive Owner" in response.content


def test_it_saves_profile_places_and_career(cast, login):
    h.place("E08000036", "Wakefield")
    response = login(cast["owner"]).post(URL, form_data())
    profile = Profile.objects.get(user=cast["owner"])
    assert response.status_code == 302
    assert profile.user.name == "Olive Owner-Smith"
    assert profile.sector == "local"  # follows the organisation
    assert sorted(p.name for p in profile.places.all()) == ["Leeds", "Wakefield"]
    assert profile.career.get().role == "Policy adviser"
    assert profile.both_sides  # central career, local now
    assert "homelessness" in profile.search_text


def test_it_rejects_an_unknown_place_naming_it(cast, login):
    response = login(cast["owner"]).post(URL, form_data(places_text="Leeds; Atlantis"))
    assert response.status_code == 200
    assert "We could not find a place called “Atlantis”" in response.content.decode()
    assert not cast["owner"].profile.places.exists()


def test_it_rejects_a_career_that_ends_before_it_starts(cast, login):
    response = login(cast["owner"]).post(URL, form_data(**{"career-0-end_year": "2001"}))
    assert response.status_code == 200
    assert "The end year must be the same as or after the start year" in response.content.decode()
    assert not cast["owner"].profile.career.exists()


def test_it_creates_a_profile_for_a_new_user(db, client):
    user = User.objects.create_user(email="new@example.org", password="x", name="New")
    client.force_login(user)
    assert b"Create your profile" in client.get(URL).content
    response = client.post(URL, form_data(name="New Person", places_text=""))
    assert response.status_code == 302
    assert Profile.objects.get(user=user).job_title == "Head of housing"


def test_it_only_edits_your_own_profile(cast, login):
    login(cast["other"]).post(URL, form_data())
    cast["owner"].refresh_from_db()
    assert cast["owner"].name == "Olive Owner"


def test_it_sends_anonymous_to_sign_in(client, db):
    assert client.get(URL).status_code == 302
