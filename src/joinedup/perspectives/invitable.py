"""Conversations as something people can be invited to by email: accepting makes the person a member of the
conversation's situation (which is what lets them take part) and lands them on the conversation."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from joinedup.accounts.models import User
from joinedup.invitations.registry import Invitable
from joinedup.perspectives.models import Conversation
from joinedup.perspectives.selectors import conversation_get_for_user, conversation_is_owner
from joinedup.situations.models import MemberRole
from joinedup.situations.services import membership_admit


# Same check as situations.invitable._for_inviter on a conversation (owners) instead of a situation
# (conveners): two doors, two permissions, two messages.
def _for_inviter(user: User, conversation_id: int) -> Conversation:
    conversation = conversation_get_for_user(user=user, conversation_id=conversation_id)  # 404 for outsiders
    if not (conversation_is_owner(user=user, conversation=conversation) or user.is_coordinator):
        raise PermissionDenied("Only the conversation's owners and coordinators can invite people")
    return conversation


def _admit(*, obj: Conversation, user: User, role: str, actor: User | None) -> None:
    membership_admit(situation=obj.situation, user=user, role=role, actor=actor)


CONVERSATION = Invitable(
    kind="conversation",
    label="conversation",
    roles=[(MemberRole.MEMBER.value, "Participant (a member of its situation)")],
    get_for_inviter=_for_inviter,
    get=lambda pk: get_object_or_404(Conversation.objects.select_related("situation"), pk=pk),
    admit=_admit,
    title=lambda c: c.title,
)
