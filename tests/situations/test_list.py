import pytest
from django.urls import reverse

URL = reverse("situations:list")


def test_it_lists_my_situations(cast, as_user):
    response = as_user(cast.member).get(URL)
    assert response.status_code == 200
    assert cast.situation.title in response.content.decode()


def test_it_hides_situations_i_am_not_in(cast, as_user):
    response = as_user(cast.outsider).get(URL)
    assert response.status_code == 200
    assert cast.situation.title not in response.content.decode()
    assert "not a member of any situation" in response.content.decode()


def test_it_lists_only_an_admins_own_situations(cast, as_user):
    assert cast.situation.title not in as_user(cast.admin).get(URL).content.decode()


def test_it_redirects_anonymous_to_sign_in(cast, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


@pytest.mark.django_db
def test_it_rejects_post(cast, as_user):
    assert as_user(cast.member).post(URL).status_code == 405
