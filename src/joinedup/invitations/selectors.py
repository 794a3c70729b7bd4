"""Reads of invitations."""

from django.db.models import QuerySet

from joinedup.invitations.models import Invitation, InvitationStatus


def invitations_pending(*, kind: str, object_id: int) -> QuerySet[Invitation]:
    return Invitation.objects.filter(kind=kind, object_id=object_id, status=InvitationStatus.PENDING)
