from django.urls import reverse


def url(user):
    return reverse("people:detail", args=[user.profile.pk])


def test_it_shows_a_visible_profile(cast, login):
    response = login(cast["other"]).get(url(cast["owner"]))
    assert response.status_code == 200
    assert b"Olive Owner" in response.content


def test_it_shows_the_owner_their_edit_link(cast, login):
    response = login(cast["owner"]).get(url(cast["owner"]))
    assert reverse("people:edit").encode() in response.content


def test_it_hides_connections_only_profiles_from_others(cast, login):
    assert login(cast["other"]).get(url(cast["hidden"])).status_code == 404


def test_it_shows_connections_only_profiles_to_connections(cast, login):
    assert login(cast["owner"]).get(url(cast["hidden"])).status_code == 200


def test_it_returns_404_for_an_unknown_profile(cast, login):
    assert login(cast["owner"]).get(reverse("people:detail", args=[99999])).status_code == 404


def test_it_sends_anonymous_to_sign_in(cast, client):
    response = client.get(url(cast["owner"]))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_it_rejects_post(cast, login):
    assert login(cast["owner"]).post(url(cast["owner"])).status_code == 405
