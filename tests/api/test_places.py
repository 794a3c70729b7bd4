from tests import people_helpers as h


def _more_places():
    h.place("E06000014", "York")
    h.place("W06000015", "Cardiff", region="", nation="Wales", kind="UA")


def test_it_lists_places(cast, api_as):
    _more_places()
    data = api_as(cast.outsider).get("/places/").json()
    assert data["count"] == 3
    assert [p["name"] for p in data["items"]] == ["Cardiff", "Leeds", "York"]


def test_it_filters_by_nation_region_and_text(cast, api_as):
    _more_places()
    api = api_as(cast.outsider)
    assert [p["gss_code"] for p in api.get("/places/", nation="wales").json()["items"]] == ["W06000015"]
    assert api.get("/places/", region="Yorkshire and The Humber").json()["count"] == 2
    assert [p["name"] for p in api.get("/places/", q="e06000014").json()["items"]] == ["York"]


def test_it_shows_one_place_by_gss_code(cast, api_as):
    response = api_as(cast.outsider).get("/places/e08000035")
    assert response.status_code == 200
    assert response.json()["name"] == "Leeds"
    assert response.json()["county"] is None


def test_it_is_404_for_an_unknown_code(cast, api_as):
    response = api_as(cast.outsider).get("/places/E99999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "No such place"


def test_it_rejects_put(cast, api_as):
    assert api_as(cast.outsider).put("/places/E08000035").status_code == 405
