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
    # 12, the header's unread-notifications count, and two small queries a ranked search adds: a capped count of
    # matches and whether anyone has every word.
    with django_assert_max_num_queries(15) as small:
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


def _known(email, name, org, *, places=(), areas=(), offers="", job_title="Policy adviser"):
    from joinedup.people.services import profile_update

    user = h.person(email, name, org, job_title=job_title)
    profile_update(profile=user.profile, places=places, policy_areas=areas, offers=offers)
    return user


def test_it_reads_a_plain_english_request_and_ranks_the_best_match_first(cast, login):
    leeds, york = h.place(), h.place("E06000014", "York", kind="UA")
    care, housing = h.policy_area("Adult social care"), h.policy_area("Housing")
    _known("a@example.org", "Ann Adams", h.council(), places=[leeds], areas=[housing])
    _known("b@example.org", "Bea Brown", h.council(), places=[leeds], areas=[care],
           offers="Adult social care commissioning; social care markets and care homes")  # fmt: skip
    _known("c@example.org", "Cal Cole", h.department(), places=[leeds], areas=[care])
    _known("d@example.org", "Dee Dunn", h.department(), places=[york], areas=[care])
    response = login(cast["owner"]).get(URL, {"q": "Someone who knows adult social care in Leeds"})
    assert names(response) == ["Bea Brown", "Cal Cole"]  # both have every word; Bea says more about it
    reading = response.context["results"]
    assert reading.words == ["adult", "social", "care", "leeds"]
    assert reading.order == "relevance"
    assert "best match first" in response.content.decode()
    by_name = login(cast["owner"]).get(URL, {"q": "adult social care leeds", "order": "name"})
    assert names(by_name) == ["Bea Brown", "Cal Cole"]


def test_it_falls_back_to_some_of_the_words_when_no_one_has_them_all(cast, login):
    york = h.place("E06000014", "York", kind="UA")
    _known(
        "d@example.org", "Dee Dunn", h.department(), places=[york], areas=[h.policy_area("Adult social care")]
    )
    response = login(cast["owner"]).get(URL, {"q": "adult social care in Leeds"})
    assert "Dee Dunn" in names(response)
    assert response.context["results"].every_word is False
    assert "No one has all of these words" in response.content.decode()


def test_it_keeps_visibility_rules_in_a_ranked_search(cast, login):
    stranger = h.person("s@example.org", "Sid Stranger", h.department())
    assert names(login(stranger).get(URL, {"q": "leeds city council"})) == ["Oscar Other"]
    assert sorted(names(login(cast["owner"]).get(URL, {"q": "leeds city council"}))) == [
        "Hana Hidden",
        "Oscar Other",
    ]


def test_it_pages_past_200(cast, login):
    from joinedup.people import views

    for i in range(60):
        h.person(f"p{i}@example.org", f"Person {i:02}")
    client = login(cast["owner"])
    last = client.get(URL, {"page": 3})
    assert last.context["page"].paginator.count == 63
    assert names(last) == [f"Person {i:02}" for i in range(47, 60)]
    assert views.PAGE_SIZE == 25


def test_a_search_too_wide_to_rank_is_shown_by_name_and_says_so(cast, login, monkeypatch):
    from joinedup.people import selectors

    monkeypatch.setattr(selectors, "RANK_AT_MOST", 1)
    response = login(cast["owner"]).get(URL, {"q": "leeds city council"})
    assert response.context["results"].order == "name"
    assert names(response) == ["Hana Hidden", "Oscar Other"]
    assert "So many people match that they are shown by name" in response.content.decode()
    monkeypatch.setattr(selectors, "RANK_AT_MOST", 2)
    assert login(cast["owner"]).get(URL, {"q": "leeds city council"}).context["results"].order == "relevance"
