from django.urls import reverse

from joinedup.situations.models import MemberRole, Membership, Perspective, Situation
from tests import people_helpers as h

URL = reverse("situations:create")


def _data(**extra):
    data = {
        "title": "Youth employment in Leeds",
        "framing": "Young people fall between the jobcentre and the council's skills service.",
        "places": "Leeds, E06000014",
        "perspective": Perspective.LOCAL,
    }
    return {**data, **extra}


def test_it_shows_the_form(cast, as_user):
    response = as_user(cast.outsider).get(URL)
    assert response.status_code == 200
    assert 'name="perspective"' in response.content.decode()


def test_it_creates_a_situation_with_me_as_convener(cast, as_user):
    york = h.place("E06000014", "York")
    area = h.policy_area("Employment and skills")
    response = as_user(cast.outsider).post(URL, _data(policy_areas=[area.pk]))
    situation = Situation.objects.get(title="Youth employment in Leeds")
    assert response.status_code == 302
    assert response["Location"] == situation.get_absolute_url()
    assert set(situation.places.all()) == {h.place(), york}
    assert list(situation.policy_areas.all()) == [area]
    membership = Membership.objects.get(situation=situation)
    assert (membership.user, membership.role, membership.perspective) == (
        cast.outsider,
        MemberRole.CONVENER,
        Perspective.LOCAL,
    )
    assert situation.created_by == cast.outsider


def test_it_names_each_place_it_cannot_find(cast, as_user):
    response = as_user(cast.outsider).post(URL, _data(places="Leeds, Atlantis, E09999999"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "No place is called “Atlantis”" in body
    assert "No place has the GSS code E09999999" in body
    assert not Situation.objects.filter(title="Youth employment in Leeds").exists()


def test_it_requires_a_perspective_and_a_title(cast, as_user):
    response = as_user(cast.outsider).post(URL, _data(title="", perspective="", places="Leeds"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("govuk-error-message") == 2
    assert 'id="id_title-error"' in body and 'id="id_perspective-error"' in body
    assert Situation.objects.count() == 1


def test_it_redirects_anonymous_to_sign_in(cast, client):
    response = client.post(URL, _data())
    assert response.status_code == 302
    assert Situation.objects.count() == 1


def test_it_rejects_put(cast, as_user):
    assert as_user(cast.outsider).put(URL).status_code == 405
