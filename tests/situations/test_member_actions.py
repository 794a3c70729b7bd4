from django.urls import reverse

from joinedup.situations.models import MemberRole, Membership, Perspective
from joinedup.situations.services import situation_create


def _membership(cast, user):
    return Membership.objects.get(situation=cast.situation, user=user)


def _update_url(cast, membership):
    return reverse("situations:member-update", args=[cast.situation.pk, membership.pk])


def _remove_url(cast, membership):
    return reverse("situations:member-remove", args=[cast.situation.pk, membership.pk])


def _role(membership, role, perspective=Perspective.LOCAL):
    prefix = f"m{membership.pk}"
    return {f"{prefix}-role": role, f"{prefix}-perspective": perspective}


def test_it_changes_a_role(cast, as_user):
    membership = _membership(cast, cast.member)
    response = as_user(cast.convener).post(
        _update_url(cast, membership), _role(membership, MemberRole.CONVENER)
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == MemberRole.CONVENER


def test_it_will_not_demote_the_last_convener(cast, as_user):
    membership = _membership(cast, cast.convener)
    client = as_user(cast.convener)
    response = client.post(_update_url(cast, membership), _role(membership, MemberRole.MEMBER), follow=True)
    assert "at least one convener" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == MemberRole.CONVENER


def test_it_removes_a_member(cast, as_user):
    membership = _membership(cast, cast.member)
    assert as_user(cast.convener).post(_remove_url(cast, membership)).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_it_will_not_remove_the_last_convener(cast, as_user):
    membership = _membership(cast, cast.convener)
    response = as_user(cast.admin).post(_remove_url(cast, membership), follow=True)
    assert "cannot remove the last convener" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_removes_a_convener_when_another_remains(cast, as_user):
    _membership(cast, cast.member).__class__.objects.filter(user=cast.member).update(role=MemberRole.CONVENER)
    membership = _membership(cast, cast.convener)
    assert as_user(cast.member).post(_remove_url(cast, membership)).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_it_is_404_for_a_membership_of_another_situation(cast, as_user):
    other = situation_create(
        created_by=cast.outsider, title="Other", framing="x", perspective=Perspective.LOCAL
    )
    foreign = Membership.objects.get(situation=other)
    assert as_user(cast.convener).post(_remove_url(cast, foreign)).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_it_is_403_for_a_plain_member(cast, as_user):
    membership = _membership(cast, cast.convener)
    client = as_user(cast.member)
    assert client.post(_remove_url(cast, membership)).status_code == 403
    assert client.post(_update_url(cast, membership), _role(membership, MemberRole.MEMBER)).status_code == 403
    membership.refresh_from_db()
    assert membership.role == MemberRole.CONVENER


def test_it_is_404_for_an_outsider(cast, as_user):
    membership = _membership(cast, cast.member)
    client = as_user(cast.outsider)
    assert client.post(_remove_url(cast, membership)).status_code == 404
    assert (
        client.post(_update_url(cast, membership), _role(membership, MemberRole.CONVENER)).status_code == 404
    )
    membership.refresh_from_db()
    assert membership.role == MemberRole.MEMBER


def test_it_redirects_anonymous_to_sign_in(cast, client):
    membership = _membership(cast, cast.member)
    assert client.post(_remove_url(cast, membership)).status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_rejects_get(cast, as_user):
    membership = _membership(cast, cast.member)
    client = as_user(cast.convener)
    assert client.get(_remove_url(cast, membership)).status_code == 405
    assert client.get(_update_url(cast, membership)).status_code == 405
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_lets_a_member_leave(cast, as_user):
    membership = _membership(cast, cast.member)
    response = as_user(cast.member).post(_remove_url(cast, membership))
    assert response.status_code == 302
    assert response["Location"] == reverse("situations:list")
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_it_will_not_let_the_last_convener_leave(cast, as_user):
    membership = _membership(cast, cast.convener)
    response = as_user(cast.convener).post(_remove_url(cast, membership), follow=True)
    assert "cannot remove the last convener" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
