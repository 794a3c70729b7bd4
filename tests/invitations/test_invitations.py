"""Invitations by email: row-by-row refusal, no account enumeration, single-use expiring links, resend, withdraw,
and sending as a job that retries."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.invitations.models import Invitation, InvitationStatus, SendStatus
from joinedup.invitations.services import (
    NotTheInvitedAddress,
    invitation_accept,
    invitation_token,
    token_digest,
)
from joinedup.jobs.services import jobs_run_all
from joinedup.notifications.models import Kind, Notification
from joinedup.situations.models import MemberRole, Membership

pytestmark = pytest.mark.django_db


def _url(cast):
    return reverse("invitations:invite", args=["situation", cast.situation.pk])


def _link(message):
    return re.search(r"https?://\S+/invitations/accept/\S+/", message.body).group(0)


def test_a_convener_invites_several_addresses_and_each_gets_one_email_with_both_parts(cast, as_user):
    response = as_user(cast.convener).post(
        _url(cast), {"addresses": "new@example.org, Other@Example.org\nnew2@example.org", "role": "member"}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(status=InvitationStatus.PENDING).count() == 3
    jobs_run_all()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "new2@example.org",
        "new@example.org",
        "other@example.org",
    ]
    message = mail.outbox[0]
    assert message.alternatives[0][1] == "text/html"
    assert _link(message) in message.alternatives[0][0]
    assert Invitation.objects.filter(send_status=SendStatus.SENT).count() == 3


def test_only_a_digest_of_the_token_is_stored(cast, as_user):
    as_user(cast.convener).post(_url(cast), {"addresses": "new@example.org", "role": "member"})
    jobs_run_all()
    token = _link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_digest == token_digest(token)
    stored = " ".join(str(v) for v in Invitation.objects.values().get().values())
    assert token.split(".")[1] not in stored


def test_bad_addresses_are_refused_row_by_row_and_nothing_is_written(cast, as_user):
    upload = SimpleUploadedFile(
        "people.csv", b"name,email\nA,a@example.org\nB,not-an-address\nC,a@example.org\n"
    )
    response = as_user(cast.convener).post(
        _url(cast), {"addresses": "ok@example.org bad@", "role": "member", "upload": upload}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Address 2: “bad@” is not an email address" in body
    assert "Row 3: “not-an-address” is not an email address" in body
    assert "Row 4: a@example.org appears more than once" in body
    assert not Invitation.objects.exists()


def test_the_answer_is_the_same_whether_or_not_an_address_has_an_account(cast, as_user):
    client = as_user(cast.convener)
    known = client.post(_url(cast), {"addresses": cast.outsider.email, "role": "member"}, follow=True)
    unknown = client.post(_url(cast), {"addresses": "nobody@example.org", "role": "member"}, follow=True)

    def strip(response):  # the pending table and the CSRF token differ by nature
        return re.sub(
            r"<tbody.*</tbody>|csrfmiddlewaretoken\" value=\"\w+", "", response.content.decode(), flags=re.S
        )

    assert strip(known) == strip(unknown)


def test_outsiders_get_404_and_plain_members_403(cast, as_user, client):
    assert as_user(cast.outsider).get(_url(cast)).status_code == 404
    client.logout()
    assert as_user(cast.member).get(_url(cast)).status_code == 403


def test_the_link_signs_a_new_person_up_lands_them_in_the_situation_and_works_once(cast, as_user, client):
    as_user(cast.convener).post(_url(cast), {"addresses": "new@example.org", "role": "convener"})
    jobs_run_all()
    link = _link(mail.outbox[0]).split("localhost:8000", 1)[-1]
    client.logout()
    response = client.post(link, {"name": "Nia New", "password": "a long enough passphrase 42"})
    assert response.status_code == 302 and response.url == cast.situation.get_absolute_url()
    user = User.objects.get(email="new@example.org")
    assert Membership.objects.get(situation=cast.situation, user=user).role == MemberRole.CONVENER
    assert client.get(cast.situation.get_absolute_url()).status_code == 200
    again = client.post(link)
    assert again.status_code == 410
    assert "This invitation link cannot be used" in again.content.decode()


def test_an_existing_account_accepts_after_signing_in_and_is_notified(cast, as_user, client):
    as_user(cast.convener).post(_url(cast), {"addresses": cast.outsider.email, "role": "member"})
    assert Notification.objects.get(recipient=cast.outsider).kind == Kind.INVITED
    jobs_run_all()
    link = _link(mail.outbox[0]).split("localhost:8000", 1)[-1]
    client.logout()
    refused = client.post(link, {"name": "Someone", "password": "a long enough passphrase 42"})
    assert "sign in to accept" in refused.content.decode()
    assert not Membership.objects.filter(user=cast.outsider, situation=cast.situation).exists()
    client.force_login(cast.outsider)
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=cast.outsider, situation=cast.situation).exists()


def test_an_expired_link_is_refused(cast, as_user, client):
    as_user(cast.convener).post(_url(cast), {"addresses": "new@example.org", "role": "member"})
    invitation = Invitation.objects.get()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()
    assert client.get(reverse("invitations:accept", args=[invitation_token(invitation)])).status_code == 410


def test_resend_replaces_the_link_and_withdraw_kills_it(cast, as_user, client):
    client = as_user(cast.convener)
    client.post(_url(cast), {"addresses": "new@example.org", "role": "member"})
    invitation = Invitation.objects.get()
    old = reverse("invitations:accept", args=[invitation_token(invitation)])
    client.post(reverse("invitations:resend", args=[invitation.pk]))
    invitation.refresh_from_db()
    new = reverse("invitations:accept", args=[invitation_token(invitation)])
    assert client.get(old).status_code == 410
    client.post(reverse("invitations:withdraw", args=[invitation.pk]))
    client.logout()
    assert client.get(new).status_code == 410


def test_a_failed_send_is_retried_later_and_shown_to_the_inviter(cast, as_user):
    client = as_user(cast.convener)
    client.post(_url(cast), {"addresses": "new@example.org", "role": "member"})
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError("down")
    ):
        jobs_run_all()
    invitation = Invitation.objects.get()
    assert invitation.send_status == SendStatus.RETRYING
    assert "down" in client.get(_url(cast)).content.decode()
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.update(run_after=timezone.now())  # the back-off has passed
    jobs_run_all()
    invitation.refresh_from_db()
    assert invitation.send_status == SendStatus.SENT and len(mail.outbox) == 1


def test_a_conversation_owner_invites_and_the_person_joins_its_situation_and_lands_on_it(cast, client):
    from joinedup.perspectives.models import Conversation

    conversation = Conversation.objects.create(
        situation=cast.situation, title="What works", question="What works here?", created_by=cast.convener
    )
    url = reverse("invitations:invite", args=["conversation", conversation.pk])
    client.force_login(cast.member)  # a plain member of the situation is not an owner of its conversation
    assert client.get(url).status_code == 403
    client.force_login(cast.convener)
    client.post(url, {"addresses": "new@example.org", "role": "member"})
    jobs_run_all()
    link = _link(mail.outbox[0]).split("localhost:8000", 1)[-1]
    client.logout()
    response = client.post(link, {"name": "Nia New", "password": "a long enough passphrase 42"})
    assert response.url == conversation.get_absolute_url()
    assert Membership.objects.filter(situation=cast.situation, user__email="new@example.org").exists()
    assert client.get(conversation.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("kind", ["partnership", "health-check"])
def test_a_partnership_lead_invites_to_the_partnership_or_a_round_and_the_person_becomes_a_participant(
    client, kind
):
    from joinedup.partnerships.models import Participant
    from tests.partnerships.cast import make_cast, make_partnership, open_check

    cast = make_cast()
    partnership = make_partnership(cast, complete=True)
    check = open_check(partnership, cast.central_lead)
    target = partnership if kind == "partnership" else check
    url = reverse("invitations:invite", args=[kind, target.pk])
    client.force_login(cast.central_member)
    assert client.get(url).status_code == 403
    client.force_login(cast.central_lead)
    client.post(url, {"addresses": "new@example.org", "role": "member"})
    jobs_run_all()
    link = _link(mail.outbox[-1]).split("localhost:8000", 1)[-1]
    client.logout()
    response = client.post(link, {"name": "Nia New", "password": "a long enough passphrase 42"})
    assert response.url == target.get_absolute_url()
    assert Participant.objects.filter(
        partnership=partnership, user__email="new@example.org", left_on=None
    ).exists()


def test_coordinators_see_invitations_in_the_admin_without_the_links_secret(cast, client, as_user):
    from joinedup.accounts.models import Role
    from tests import people_helpers as h

    as_user(cast.convener).post(_url(cast), {"addresses": "new@example.org", "role": "member"})
    invitation = Invitation.objects.get()
    client.force_login(h.person("co@example.gov.uk", "Cody Coordinator", role=Role.COORDINATOR))
    assert "new@example.org" in client.get("/admin/invitations/invitation/").content.decode()
    page = client.get(f"/admin/invitations/invitation/{invitation.pk}/change/").content.decode()
    assert invitation.token_digest not in page and invitation.nonce not in page


def test_a_forwarded_link_does_not_let_another_account_in(cast, as_user, client):
    as_user(cast.convener).post(_url(cast), {"addresses": "new@example.org", "role": "member"})
    jobs_run_all()
    link = _link(mail.outbox[0]).split("localhost:8000", 1)[-1]
    client.force_login(cast.outsider)  # someone the invitee forwarded the email to
    page = client.get(link)
    assert page.status_code == 403
    text = page.content.decode()
    assert (
        "new@example.org" in text and "Only the invited address can accept it" in text and "Sign out" in text
    )
    assert client.post(link).status_code == 403
    assert not Membership.objects.filter(user=cast.outsider, situation=cast.situation).exists()
    assert Invitation.objects.get().status == InvitationStatus.PENDING  # still open for its addressee
    client.post(reverse("accounts:sign-out"))
    accepted = client.post(link, {"name": "New Person", "password": "a long enough passphrase 42"})
    assert accepted.status_code == 302
    assert Membership.objects.filter(user__email="new@example.org", situation=cast.situation).exists()


def test_the_invited_address_accepts_whatever_its_case(cast, as_user, client):
    as_user(cast.convener).post(_url(cast), {"addresses": cast.outsider.email.upper(), "role": "member"})
    jobs_run_all()
    link = _link(mail.outbox[0]).split("localhost:8000", 1)[-1]
    client.force_login(cast.outsider)
    assert client.post(link).status_code == 302
    assert Membership.objects.filter(user=cast.outsider, situation=cast.situation).exists()


def test_the_service_refuses_another_account_and_keeps_the_link_open(cast, as_user):
    as_user(cast.convener).post(_url(cast), {"addresses": "new@example.org", "role": "member"})
    invitation = Invitation.objects.get()
    with pytest.raises(NotTheInvitedAddress):
        invitation_accept(token=invitation_token(invitation), user=cast.outsider)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING and invitation.accepted_by is None
