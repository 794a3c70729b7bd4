import pytest
from django.urls import reverse

from joinedup.core import panels


def _url(cast):
    return reverse("situations:detail", args=[cast.situation.pk])


@pytest.mark.parametrize("persona", ["convener", "member", "admin"])
def test_it_shows_the_situation_to_members_and_admins(cast, as_user, persona):
    response = as_user(getattr(cast, persona)).get(_url(cast))
    body = response.content.decode()
    assert response.status_code == 200
    assert cast.situation.title in body
    assert "Families stay in B&amp;Bs" in body
    assert 'href="/places/E08000035/"' in body
    assert "Housing" in body
    assert "Mo Member" in body and "Local government" in body and "Convener" in body


def test_it_offers_convener_links_only_to_conveners(cast, as_user):
    edit = reverse("situations:edit", args=[cast.situation.pk])
    assert edit in as_user(cast.convener).get(_url(cast)).content.decode()
    assert edit not in as_user(cast.member).get(_url(cast)).content.decode()


def test_it_is_404_for_an_outsider(cast, as_user):
    assert as_user(cast.outsider).get(_url(cast)).status_code == 404


def test_it_is_404_for_a_situation_that_does_not_exist(cast, as_user):
    assert as_user(cast.admin).get(reverse("situations:detail", args=[99999])).status_code == 404


def test_it_redirects_anonymous_to_sign_in(cast, client):
    assert client.get(_url(cast)).status_code == 302


def test_it_rejects_post(cast, as_user):
    assert as_user(cast.member).post(_url(cast)).status_code == 405


def test_it_says_what_can_be_attached_when_no_panel_exists(cast, as_user, monkeypatch):
    monkeypatch.setitem(panels._REGISTRY, "situation", [])
    body = as_user(cast.member).get(_url(cast)).content.decode()
    assert "will appear here" in body
    assert "/conversations/" not in body and "/maps/" not in body


def test_it_shows_attached_panels(cast, as_user, monkeypatch):
    def seen_by(situation, user):
        return panels.Panel(title=f"Panel for {situation.pk}", template="forms/error_summary.html")

    monkeypatch.setitem(panels._REGISTRY, "situation", [seen_by])
    body = as_user(cast.member).get(_url(cast)).content.decode()
    assert f"Panel for {cast.situation.pk}" in body
    assert "will appear here" not in body


def test_it_offers_members_a_way_to_leave(cast, as_user):
    assert "Leave this situation" in as_user(cast.member).get(_url(cast)).content.decode()
    assert "Leave this situation" not in as_user(cast.admin).get(_url(cast)).content.decode()
