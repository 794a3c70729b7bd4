import pytest

from joinedup.situations.models import MemberRole, Membership, Situation
from tests import people_helpers as h


def _payload(**extra):
    data = {
        "title": "Hospital discharge in Leeds",
        "framing": "People wait for care packages; the NHS and the council count different things.",
        "perspective": "local",
        "places": ["e08000035"],
        "policy_areas": ["housing"],
    }
    return {**data, **extra}


def test_it_lists_my_situations(cast, api_as):
    data = api_as(cast.member).get("/situations/").json()
    assert [s["title"] for s in data] == ["Temporary accommodation in Leeds"]
    assert {m["name"]: m["role"] for m in data[0]["members"]} == {
        "Cara Convener": "convener",
        "Mo Member": "member",
    }
    assert "@" not in str(data)


def test_it_never_lists_a_situation_to_an_outsider(cast, api_as):
    assert api_as(cast.outsider).get("/situations/").json() == []


@pytest.mark.parametrize("persona", ["convener", "member", "admin"])
def test_it_shows_a_situation_to_members_and_admins(cast, api_as, persona):
    response = api_as(getattr(cast, persona)).get(f"/situations/{cast.situation.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["places"] == [{"gss_code": "E08000035", "name": "Leeds"}]
    assert data["policy_areas"] == ["housing"]
    assert data["status"] == "forming"


def test_it_is_404_for_an_outsider(cast, api_as):
    response = api_as(cast.outsider).get(f"/situations/{cast.situation.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such situation"}
    assert cast.situation.title not in response.content.decode()


def test_it_creates_a_situation_with_me_as_convener(cast, api_as):
    response = api_as(cast.outsider).post("/situations/", _payload())
    assert response.status_code == 201
    situation = Situation.objects.get(pk=response.json()["id"])
    assert list(situation.places.values_list("gss_code", flat=True)) == ["E08000035"]
    membership = Membership.objects.get(situation=situation)
    assert (membership.user, membership.role, membership.perspective) == (
        cast.outsider,
        MemberRole.CONVENER,
        "local",
    )
    assert membership.history.first().history_user == cast.outsider
    assert response.json()["members"] == [
        {"name": "Olu Outsider", "perspective": "local", "role": "convener"}
    ]


def test_it_names_every_unknown_place_and_creates_nothing(cast, api_as):
    response = api_as(cast.outsider).post("/situations/", _payload(places=["E08000035", "E09999999", "X"]))
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["loc"] for e in errors] == [["body", "payload", "places", 1], ["body", "payload", "places", 2]]
    assert errors[0]["msg"] == "No place has the GSS code E09999999"
    assert Situation.objects.count() == 1


def test_it_rejects_a_missing_title_and_a_bad_perspective(cast, api_as):
    response = api_as(cast.outsider).post("/situations/", _payload(title="", perspective="alien"))
    assert response.status_code == 422
    fields = {e["loc"][-1] for e in response.json()["detail"]}
    assert fields == {"title", "perspective"}
    assert Situation.objects.count() == 1


def test_it_rejects_an_unknown_policy_area(cast, api_as):
    h.policy_area("Health")
    response = api_as(cast.outsider).post("/situations/", _payload(policy_areas=["health", "astrology"]))
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "No policy area has the slug astrology"


def test_it_rejects_put(cast, api_as):
    assert api_as(cast.convener).put(f"/situations/{cast.situation.pk}").status_code == 405
    assert api_as(cast.convener).put("/situations/").status_code == 405
