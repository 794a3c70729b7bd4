from django.urls import reverse

from joinedup.situations.models import SituationStatus
from tests import people_helpers as h


def _url(cast):
    return reverse("situations:edit", args=[cast.situation.pk])


def _data(**extra):
    data = {
        "title": "Temporary accommodation in Leeds and York",
        "framing": "Now across two places.",
        "places": "Leeds\nYork",
        "status": SituationStatus.ACTIVE,
    }
    return {**data, **extra}


def test_it_shows_the_form_filled_in(cast, as_user):
    body = as_user(cast.convener).get(_url(cast)).content.decode()
    assert "Temporary accommodation in Leeds" in body
    assert ">\nLeeds</textarea>" in body


def test_it_saves_changes(cast, as_user):
    york = h.place("E06000014", "York")
    response = as_user(cast.convener).post(_url(cast), _data())
    assert response.status_code == 302
    cast.situation.refresh_from_db()
    assert cast.situation.title == "Temporary accommodation in Leeds and York"
    assert cast.situation.status == SituationStatus.ACTIVE
    assert set(cast.situation.places.all()) == {h.place(), york}
    assert cast.situation.history.first().history_user == cast.convener


def test_it_lets_an_admin_edit(cast, as_user):
    h.place("E06000014", "York")
    assert as_user(cast.admin).post(_url(cast), _data()).status_code == 302
    cast.situation.refresh_from_db()
    assert cast.situation.status == SituationStatus.ACTIVE


def test_it_keeps_everything_when_a_place_is_wrong(cast, as_user):
    response = as_user(cast.convener).post(_url(cast), _data(places="Leeds, Gondor"))
    assert response.status_code == 200
    assert "No place is called “Gondor”" in response.content.decode()
    cast.situation.refresh_from_db()
    assert cast.situation.title == "Temporary accommodation in Leeds"


def test_it_is_403_for_a_plain_member(cast, as_user):
    assert as_user(cast.member).post(_url(cast), _data()).status_code == 403
    cast.situation.refresh_from_db()
    assert cast.situation.status == SituationStatus.FORMING


def test_it_is_404_for_an_outsider(cast, as_user):
    assert as_user(cast.outsider).get(_url(cast)).status_code == 404
    assert as_user(cast.outsider).post(_url(cast), _data()).status_code == 404


def test_it_redirects_anonymous_to_sign_in(cast, client):
    assert client.post(_url(cast), _data()).status_code == 302
    cast.situation.refresh_from_db()
    assert cast.situation.status == SituationStatus.FORMING


def test_it_rejects_delete(cast, as_user):
    assert as_user(cast.convener).delete(_url(cast)).status_code == 405
