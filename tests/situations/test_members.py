from django.urls import reverse

from joinedup.situations.models import MemberRole, Membership, Perspective
from tests import people_helpers as h


def _url(cast):
    return reverse("situations:members", args=[cast.situation.pk])


def _invite(email="outsider@example.gov.uk", **extra):
    return {"email": email, "perspective": Perspective.FRONTLINE, "role": MemberRole.MEMBER, **extra}


def test_it_lists_members_with_their_forms(cast, as_user):
    body = as_user(cast.convener).get(_url(cast)).content.decode()
    assert "Mo Member" in body and "Cara Convener" in body
    assert 'name="email"' in body


def test_it_adds_an_existing_user_by_email(cast, as_user):
    response = as_user(cast.convener).post(_url(cast), _invite("OUTSIDER@example.gov.uk "))
    assert response.status_code == 302
    membership = Membership.objects.get(situation=cast.situation, user=cast.outsider)
    assert membership.perspective == Perspective.FRONTLINE
    assert membership.role == MemberRole.MEMBER
    assert membership.history.first().history_user == cast.convener


def test_it_answers_an_address_without_an_account_as_it_answers_one_with(cast, as_user):
    # Whether an address has an account is not the convener's to learn (tests/security has the attack).
    response = as_user(cast.convener).post(_url(cast), _invite("nobody@example.org"), follow=True)
    assert response.redirect_chain == [(_url(cast), 302)]
    assert "If nobody@example.org has a Joined Up account, they are now a member" in response.content.decode()
    assert cast.situation.memberships.count() == 2


def test_it_refuses_someone_already_a_member(cast, as_user):
    response = as_user(cast.convener).post(_url(cast), _invite("member@example.gov.uk"))
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert cast.situation.memberships.count() == 2


def test_it_is_403_for_a_plain_member(cast, as_user):
    assert as_user(cast.member).get(_url(cast)).status_code == 403
    assert as_user(cast.member).post(_url(cast), _invite()).status_code == 403
    assert cast.situation.memberships.count() == 2


def test_it_is_404_for_an_outsider(cast, as_user):
    assert as_user(cast.outsider).post(_url(cast), _invite()).status_code == 404
    assert cast.situation.memberships.count() == 2


def test_it_lets_an_admin_add_members(cast, as_user):
    newcomer = h.person("new@example.gov.uk", "Nia Newcomer")
    assert as_user(cast.admin).post(_url(cast), _invite(newcomer.email)).status_code == 302
    assert cast.situation.memberships.filter(user=newcomer).exists()


def test_it_redirects_anonymous_to_sign_in(cast, client):
    assert client.post(_url(cast), _invite()).status_code == 302
    assert cast.situation.memberships.count() == 2


def test_it_rejects_put(cast, as_user):
    assert as_user(cast.convener).put(_url(cast)).status_code == 405
