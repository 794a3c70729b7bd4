from joinedup.people.models import Connection, Visibility
from tests import people_helpers as h


def _hidden():
    return h.person("hidden@example.gov.uk", "Hana Hidden", visibility=Visibility.CONNECTIONS)


def test_it_lists_people_without_email_addresses(cast, api_as):
    response = api_as(cast.outsider).get("/people/")
    assert response.status_code == 200
    assert response.json()["count"] == 4
    assert "@" not in response.content.decode()
    assert "email" not in response.json()["items"][0]


def test_it_hides_connections_only_profiles_from_others(cast, api_as):
    hidden = _hidden()
    api = api_as(cast.outsider)
    assert "Hana Hidden" not in api.get("/people/").content.decode()
    assert "Hana Hidden" not in api.get("/people/", q="hana").content.decode()
    assert api.get(f"/people/{hidden.profile.pk}").status_code == 404


def test_it_shows_connections_only_profiles_to_connections(cast, api_as):
    hidden = _hidden()
    a, b = sorted([hidden.profile, cast.outsider.profile], key=lambda p: p.pk)
    Connection.objects.create(person_a=a, person_b=b)
    api = api_as(cast.outsider)
    assert "Hana Hidden" in api.get("/people/").content.decode()
    assert api.get(f"/people/{hidden.profile.pk}").json()["name"] == "Hana Hidden"


def test_it_filters_people(cast, api_as):
    cast.member.profile.places.add(h.place())
    cast.member.profile.policy_areas.add(h.policy_area("Housing"))
    api = api_as(cast.outsider)
    assert [p["name"] for p in api.get("/people/", sector="local").json()["items"]] == [
        "Mo Member",
        "Olu Outsider",
    ]
    assert [p["name"] for p in api.get("/people/", place="E08000035").json()["items"]] == ["Mo Member"]
    assert [p["name"] for p in api.get("/people/", policy_area="housing").json()["items"]] == ["Mo Member"]
    assert [p["name"] for p in api.get("/people/", q="cara").json()["items"]] == ["Cara Convener"]


def test_it_searches_people_by_whole_words_or_their_starts(cast, api_as):
    api = api_as(cast.outsider)

    def names(q: str) -> list[str]:
        response = api.get("/people/", q=q)
        assert response.status_code == 200
        return [p["name"] for p in response.json()["items"]]

    assert names("conv") == ["Cara Convener"]
    assert names("CARA conv") == ["Cara Convener"]
    assert names("onvener") == []  # the middle of a word: the full-text index, not a LIKE
    assert names('"cara" -conv*') == ["Cara Convener"]  # quotes, - and * are plain text
    assert names("***") == []


def test_it_shows_one_person(cast, api_as):
    data = api_as(cast.outsider).get(f"/people/{cast.member.profile.pk}").json()
    assert data["name"] == "Mo Member"
    assert data["organisation"] == {"slug": "leeds-city-council", "name": "Leeds City Council"}
    assert "email" not in data


def test_it_is_404_for_an_unknown_person(cast, api_as):
    response = api_as(cast.outsider).get("/people/99999")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such person"}


def test_it_rejects_post(cast, api_as):
    assert api_as(cast.outsider).post(f"/people/{cast.member.profile.pk}").status_code == 405
