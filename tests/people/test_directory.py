import pytest
from django.urls import reverse

from joinedup.accounts.models import User
from joinedup.people.models import Profile
from tests import people_helpers as h

URL = reverse("people:directory")


def names(response):
    return [p.user.name for p in response.context["profiles"]]


def test_it_sends_anonymous_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_it_sends_a_user_without_profile_to_create_one(client, db):
    user = User.objects.create_user(email="new@example.org", password="x", name="New Person")
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:edit")


def test_it_lists_visible_people(cast, login):
    response = login(cast["other"]).get(URL)
    assert response.status_code == 200
    assert names(response) == ["Olive Owner", "Oscar Other"]


def test_it_shows_connections_only_people_to_their_connections(cast, login):
    response = login(cast["owner"]).get(URL)
    assert "Hana Hidden" in names(response)


def test_it_searches_words_anywhere_in_any_case(cast, login):
    Profile.objects.filter(user=cast["other"]).update(
        search_text="oscar other commissioning adult social care"
    )
    response = login(cast["owner"]).get(URL, {"q": "Social COMMISSIONING"})
    assert names(response) == ["Oscar Other"]


def test_it_filters_by_sector_level_and_both_sides(cast, login):
    Profile.objects.filter(user=cast["other"]).update(both_sides=True, level="senior")
    client = login(cast["owner"])
    assert names(client.get(URL, {"sector": "central"})) == ["Olive Owner"]
    assert names(client.get(URL, {"level": "senior"})) == ["Oscar Other"]
    assert names(client.get(URL, {"both_sides": "on"})) == ["Oscar Other"]


def test_it_filters_by_organisation_place_and_policy_area(cast, login):
    leeds, housing = h.place(), h.policy_area("Housing")
    cast["other"].profile.places.add(leeds)
    cast["owner"].profile.policy_areas.add(housing)
    client = login(cast["owner"])
    assert sorted(names(client.get(URL, {"organisation": "leeds city"}))) == ["Hana Hidden", "Oscar Other"]
    assert names(client.get(URL, {"place": "leeds"})) == ["Oscar Other"]
    assert names(client.get(URL, {"place": leeds.gss_code})) == ["Oscar Other"]
    assert names(client.get(URL, {"policy_area": housing.pk})) == ["Olive Owner"]


def test_it_paginates_by_25(cast, login):
    for i in range(30):
        h.person(f"p{i}@example.org", f"Person {i:02}")
    client = login(cast["owner"])
    first = client.get(URL)
    assert len(first.context["profiles"]) == 25
    assert first.context["page"].paginator.count == 33
    assert b"33 people" in first.content
    assert len(client.get(URL, {"page": 2}).context["profiles"]) == 8


def _add_people(n, start, leeds, housing):
    for i in range(start, start + n):
        user = h.person(f"bulk{i}@example.org", f"Bulk {i:03}", h.council())
        user.profile.places.add(leeds)
        user.profile.policy_areas.add(housing)


@pytest.mark.parametrize(
    "params", [{}, {"q": "bulk", "place": "PLACE", "policy_area": "AREA", "sector": "local"}]
)
def test_it_uses_the_same_number_of_queries_whatever_the_data_size(
    cast, login, django_assert_max_num_queries, params
):
    leeds, housing = h.place(), h.policy_area("Housing")
    params = {k: {"PLACE": leeds.gss_code, "AREA": housing.pk}.get(v, v) for k, v in params.items()}
    client = login(cast["owner"])
    _add_people(5, 0, leeds, housing)
    with django_assert_max_num_queries(13) as small:  # 12, and the header's unread-notifications count
        assert client.get(URL, params).status_code == 200
    _add_people(60, 5, leeds, housing)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL, params)
    assert len(response.context["profiles"]) == 25


def test_it_sorts_by_name_kept_by_the_services(cast, login):
    from joinedup.people.services import profile_update

    for user in (cast["owner"], cast["other"], cast["hidden"]):
        profile_update(profile=user.profile)
    profile_update(profile=cast["owner"].profile, name="Zed Owner")
    assert names(login(cast["owner"]).get(URL)) == ["Hana Hidden", "Oscar Other", "Zed Owner"]


def test_it_names_an_unknown_place_filter_and_keeps_the_others(cast, login):
    response = login(cast["owner"]).get(URL, {"place": "Atlantis", "sector": "central"})
    assert "We could not find a place called “Atlantis”" in response.content.decode()
    assert names(response) == ["Olive Owner"]


def test_it_counts_no_further_than_the_cap(cast, login, monkeypatch):
    from joinedup.people import views

    monkeypatch.setattr(views, "COUNT_CAP", 2)
    response = login(cast["owner"]).get(URL)
    assert "More than 2 people" in response.content.decode()
    assert response.context["page"].paginator.num_pages == 1
