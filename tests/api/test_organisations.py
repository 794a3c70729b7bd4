from joinedup.places.models import OrganisationKind
from tests import people_helpers as h


def test_it_lists_organisations_with_pagination(cast, api_as):
    for i in range(60):
        h.organisation(f"agency-{i:02}", f"Agency {i:02}", OrganisationKind.AGENCY)
    response = api_as(cast.outsider).get("/organisations/")
    data = response.json()
    assert response.status_code == 200
    assert data["count"] == 62
    assert len(data["items"]) == 50
    assert len(api_as(cast.outsider).get("/organisations/", page=2).json()["items"]) == 12


def test_it_filters_by_sector_kind_and_text(cast, api_as):
    api = api_as(cast.member)
    assert [o["slug"] for o in api.get("/organisations/", sector="local").json()["items"]] == [
        "leeds-city-council"
    ]
    council = api.get("/organisations/", kind="council").json()["items"][0]
    assert council["place"] == {"gss_code": "E08000035", "name": "Leeds"}
    found = api.get("/organisations/", q="housing").json()["items"]
    assert [o["sector"] for o in found] == ["central"]


def test_it_rejects_an_unknown_sector_with_a_clear_message(cast, api_as):
    response = api_as(cast.member).get("/organisations/", sector="galactic")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "sector"


def test_it_shows_one_organisation(cast, api_as):
    response = api_as(cast.member).get("/organisations/leeds-city-council")
    assert response.status_code == 200
    assert response.json()["name"] == "Leeds City Council"
    assert response.json()["kind"] == "council"


def test_it_is_404_for_an_unknown_slug(cast, api_as):
    response = api_as(cast.member).get("/organisations/no-such-body")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such organisation"}


def test_it_rejects_post(cast, api_as):
    assert api_as(cast.member).post("/organisations/").status_code == 405
