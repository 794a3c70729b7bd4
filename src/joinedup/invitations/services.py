"""Writes to invitations: create (many at once), resend, withdraw, accept. Keyword-only, one transaction each.

The token in an invitation's link is `<id>.<hmac>`; the database keeps a SHA-256 digest of it and the nonce
it was made from. Resending draws a new nonce, so the older link stops working. Sending is a job
(`invitations.send`, in jobs.py) that retries with back-off.
"""

import hashlib
import secrets
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from joinedup.accounts.models import User
from joinedup.invitations.models import Invitation, InvitationStatus, SendStatus
from joinedup.invitations.registry import invitable_for
from joinedup.jobs.services import job_enqueue
from joinedup.notifications.models import Kind
from joinedup.notifications.services import notify

TOKEN_SALT = "joinedup.invitations.token"


def _valid_days() -> int:
    return int(getattr(settings, "JOINEDUP_INVITATION_DAYS", 14))


def invitation_token(invitation: Invitation) -> str:
    """The secret in the link: recomputable from the id, the nonce and the site's secret key, never stored."""
    mac = salted_hmac(TOKEN_SALT, f"{invitation.pk}:{invitation.nonce}", algorithm="sha256").hexdigest()
    return f"{invitation.pk}.{mac}"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _arm(invitation: Invitation) -> None:
    """Give a saved invitation a fresh nonce, expiry and digest (its old link, if any, stops working)."""
    invitation.nonce = secrets.token_hex(16)
    invitation.expires_at = timezone.now() + timedelta(days=_valid_days())
    invitation.token_digest = token_digest(invitation_token(invitation))


def _enqueue_send(invitation: Invitation, *, actor: User | None) -> None:
    invitation.send_status = SendStatus.QUEUED
    invitation.send_error = ""
    invitation.save(update_fields=["send_status", "send_error"])
    job_enqueue(kind="invitations.send", params={"invitation_id": invitation.pk, "attempt": 1}, owner=actor)


@transaction.atomic
def invitations_create(
    *, kind: str, object_id: int, emails: Sequence[str], role: str, actor: User
) -> list[Invitation]:
    """Invite each address (already validated by the form) with `role`; each gets its own email job.

    An address with a pending invitation to the same object gets that invitation re-armed and resent rather
    than a second one. Nothing here depends on whether the address has an account, so the inviter learns
    nothing about it; a person who has one also finds the invitation in their notifications.
    """
    invitable = invitable_for(kind)
    if role not in {value for value, _label in invitable.roles}:
        raise ValidationError({"role": "Choose one of the roles offered"})
    obj = invitable.get(object_id)
    made = []
    for raw in emails:
        email = raw.strip().lower()
        invitation = (
            Invitation.objects.select_for_update()
            .filter(kind=kind, object_id=object_id, email=email, status=InvitationStatus.PENDING)
            .first()
        )
        if invitation is None:
            invitation = Invitation(
                kind=kind, object_id=object_id, email=email, invited_by=actor, expires_at=timezone.now()
            )
        invitation.role = role
        invitation.token_digest = secrets.token_hex(32)  # placeholder until the id exists (unique)
        invitation.full_clean(exclude=["nonce", "token_digest"])
        invitation.save()
        _arm(invitation)
        invitation.save()
        _enqueue_send(invitation, actor=actor)
        made.append(invitation)
    existing = User.objects.filter(email__in=[i.email for i in made], is_active=True).exclude(pk=actor.pk)
    if existing:
        notify(
            recipients=list(existing),
            kind=Kind.INVITED,
            object_key=f"{kind}:{object_id}",
            title=invitable.title(obj),
            url=obj.get_absolute_url(),
            message=f"{actor} invited you to the {invitable.label} “{invitable.title(obj)}”. "
            "Use the link in the email to accept.",
            actor=actor,
            email=False,  # the invitation's own email is the email
        )
    return made


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError("Only a pending invitation can be sent again")
    _arm(invitation)
    invitation.send_attempts = 0
    invitation.save()
    _enqueue_send(invitation, actor=actor)
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, actor: User) -> Invitation:
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError("Only a pending invitation can be withdrawn")
    invitation.status = InvitationStatus.WITHDRAWN
    invitation.save(update_fields=["status"])
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation this link opens, if it is still open: pending and not expired. None otherwise."""
    invitation = Invitation.objects.filter(token_digest=token_digest(token)).first()
    if invitation is None or not invitation.is_open:
        return None
    return invitation


class NotTheInvitedAddress(ValidationError):
    """The link is fine, but the signed-in account is not the address it was sent to."""


def is_invited_address(invitation: Invitation, user: User) -> bool:
    return invitation.email.strip().lower() == (user.email or "").strip().lower()


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Any:
    """Use the link once: give `user` the role on the object and return the object.

    Only the account with the invited address may accept: a forwarded or leaked link must not let another
    account into a situation, a partnership or a health-check round (`NotTheInvitedAddress`; the link stays
    open for its addressee). The row is locked, so two uses of the same link at the same moment cannot both
    pass.
    """
    found = invitation_for_token(token)
    invitation = (
        Invitation.objects.select_for_update().filter(pk=found.pk).first() if found is not None else None
    )
    if invitation is None or not invitation.is_open:
        raise ValidationError("This invitation link has been used, withdrawn or has expired.")
    if not is_invited_address(invitation, user):
        raise NotTheInvitedAddress("This invitation was sent to another address.")
    invitable = invitable_for(invitation.kind)
    obj = invitable.get(invitation.object_id)
    invitable.admit(obj=obj, user=user, role=invitation.role, actor=invitation.invited_by)
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_at", "accepted_by"])
    return obj


def send_outcome_record(*, invitation_id: int, ok: bool, error: str = "", final: bool = False) -> None:
    """What the send job found: sent, or an error (retrying, or failed once it gives up)."""
    now = timezone.now()
    if ok:
        Invitation.objects.filter(pk=invitation_id).update(
            send_status=SendStatus.SENT, sent_at=now, send_error=""
        )
        return
    Invitation.objects.filter(pk=invitation_id).update(
        send_status=SendStatus.FAILED if final else SendStatus.RETRYING, send_error=error[:300]
    )
