"""The place pages, tried by each persona: anonymous, a signed-in participant, a situation member and outsider."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.people.models import Visibility
from joinedup.places.models import PlaceKnowledge
from joinedup.situations.models import Membership, Perspective, Situation
from tests.people_helpers import council, organisation, person, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def leeds():
    return place()


@pytest.fixture
def amira(client):
    user = person("amira@example.gov.uk", "Amira Khan")
    client.force_login(user)
    return user


def _situation(title, where, members=()):
    situation = Situation.objects.create(title=title, framing="How it looks from here.")
    situation.places.add(where)
    for user in members:
        Membership.objects.create(situation=situation, user=user, perspective=Perspective.CENTRAL)
    return situation


def _knows(user, where):
    user.profile.places.add(where)


@pytest.mark.parametrize("name", ["places:list", "places:detail", "places:edit"])
def test_it_sends_anonymous_visitors_to_sign_in(client, leeds, name):
    url = reverse(name) if name == "places:list" else reverse(name, args=[leeds.gss_code])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


def test_it_lists_current_places(client, amira, leeds):
    place("E07000999", "Gone District", kind="NMD", is_current=False)
    response = client.get(reverse("places:list"))
    assert response.status_code == 200
    assert b"Leeds" in response.content and b"Gone District" not in response.content


def test_it_searches_by_name_and_filters(client, amira, leeds):
    place("W06000015", "Cardiff", region="", kind="WPA", nation="Wales", kind_name="Welsh unitary authority")
    place("E10000016", "Kent", region="South East", kind="CTY", kind_name="County", alt_names="Caint")
    assert _names(client, q="lee") == ["Leeds"]
    assert _names(client, q="caint") == ["Kent"]
    assert _names(client, nation="Wales") == ["Cardiff"]
    assert _names(client, region="South East") == ["Kent"]
    assert _names(client, kind="MD") == ["Leeds"]


def _names(client, **params):
    return [p.name for p in client.get(reverse("places:list"), params).context["page"].object_list]


def test_it_shows_an_error_for_a_filter_that_does_not_exist(client, amira, leeds):
    response = client.get(reverse("places:list"), {"nation": "Atlantis"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert list(response.context["page"].object_list) == [leeds]


def test_it_paginates(client, amira):
    for n in range(55):
        place(f"E07{n:06d}", f"District {n:02d}", kind="NMD")
    first = client.get(reverse("places:list"))
    second = client.get(reverse("places:list"), {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert [p.name for p in second.context["page"].object_list][-1] == "District 54"
    # The shared pagination include links on and back, keeping the search.
    assert 'href="?page=2" rel="next"' in first.content.decode()
    searched = client.get(reverse("places:list"), {"q": "District", "page": 2}).content.decode()
    assert 'href="?q=District&amp;page=1" rel="prev"' in searched and "2 of 2" in searched


def test_it_shows_a_place_with_its_organisations_people_and_situations(client, amira, leeds):
    council()
    ravi = person("ravi@leeds.gov.uk", "Ravi Patel", council())
    _knows(ravi, leeds)
    _situation("Families in temporary housing", leeds, members=[amira])
    response = client.get(leeds.get_absolute_url())
    assert response.status_code == 200
    for text in (b"Leeds City Council", b"Ravi Patel", b"Families in temporary housing"):
        assert text in response.content


def test_it_hides_situations_and_people_this_user_may_not_see(client, amira, leeds):
    outsider_only = person("o@example.gov.uk", "Olu Private", visibility=Visibility.CONNECTIONS)
    _knows(outsider_only, leeds)
    _situation("A private situation", leeds, members=[outsider_only])
    response = client.get(leeds.get_absolute_url())
    assert b"A private situation" not in response.content
    assert b"Olu Private" not in response.content


def test_it_shows_the_county_combined_authority_and_districts(client, amira):
    county = place("E10000032", "West Sussex", region="South East", kind="CTY", kind_name="County")
    district = place("E07000223", "Adur", region="South East", kind="NMD", county=county)
    assert b"Adur" in client.get(county.get_absolute_url()).content
    assert b"West Sussex" in client.get(district.get_absolute_url()).content


def test_it_answers_404_for_an_unknown_code(client, amira):
    assert client.get(reverse("places:detail", args=["E99999999"])).status_code == 404
    assert client.get(reverse("places:edit", args=["E99999999"])).status_code == 404


def test_it_refuses_other_methods(client, amira, leeds):
    assert client.post(leeds.get_absolute_url()).status_code == 405
    assert client.delete(reverse("places:edit", args=[leeds.gss_code])).status_code == 405


def test_it_saves_an_edit_and_shows_who_changed_what(client, amira, leeds):
    url = reverse("places:edit", args=[leeds.gss_code])
    response = client.post(url, {"local_priorities": "Temporary accommodation.", "local_structures": ""})
    assert response.status_code == 302
    client.post(url, {"local_priorities": "Temporary accommodation.", "local_structures": "A housing board."})
    knowledge = PlaceKnowledge.objects.get(place=leeds)
    assert (knowledge.local_structures, knowledge.updated_by) == ("A housing board.", amira)
    page = client.get(leeds.get_absolute_url())
    changes = page.context["changes"]
    assert [c.fields for c in changes] == [["local structures"], ["local priorities"]]
    assert {c.who for c in changes} == {"Amira Khan"}
    assert b"A housing board." in page.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"local_priorities": "x" * 5001}, b"at most 5000 characters"),
        ({"local_priorities": "   "}, b"Write something in at least one of the boxes"),
    ],
)
def test_it_rejects_bad_input_with_a_message(client, amira, leeds, data, message):
    response = client.post(reverse("places:edit", args=[leeds.gss_code]), data)
    assert response.status_code == 200
    assert message in response.content
    assert not PlaceKnowledge.objects.exists()


def test_it_uses_the_same_number_of_queries_whatever_the_data(client, amira, leeds):
    few = _queries_for_place_page(client, amira, leeds, 1)
    many = _queries_for_place_page(client, amira, leeds, 12)
    assert few == many != 0, (few, many)


def _queries_for_place_page(client, viewer, where, n):
    url = reverse("places:edit", args=[where.gss_code])
    for i in range(n):
        org = organisation(f"org-{where.pk}-{i}-{n}", f"Organisation {i}", "agency", where)
        someone = person(f"p{i}-{n}@example.gov.uk", f"Person {i}", org)
        _knows(someone, where)
        _situation(f"Situation {i} of {n}", where, members=[viewer])
        place(f"E07{n:03d}{i:03d}", f"District {i} of {n}", kind="NMD", county=where)
        client.post(url, {"local_priorities": f"Version {i} of {n}"})
    with CaptureQueriesContext(connection) as queries:
        assert client.get(where.get_absolute_url()).status_code == 200
    return len(queries)


def test_it_says_when_a_place_is_no_longer_current(client, amira):
    gone = place("E47000011", "North of Tyne", kind="COMB", kind_name="Combined authority", is_current=False)
    response = client.get(gone.get_absolute_url())
    assert response.status_code == 200
    assert b"is no longer a current authority" in response.content
