"""Situations as something people can be invited to by email (registered in apps.py with joinedup.invitations)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from joinedup.accounts.models import User
from joinedup.invitations.registry import Invitable
from joinedup.situations.models import MemberRole, Situation
from joinedup.situations.selectors import is_convener, situation_get_for_user
from joinedup.situations.services import membership_admit


def _for_inviter(user: User, situation_id: int) -> Situation:
    situation = situation_get_for_user(user=user, situation_id=situation_id)  # 404 for outsiders
    if not (is_convener(user=user, situation=situation) or user.is_coordinator):
        raise PermissionDenied("Only the situation's conveners and coordinators can invite people")
    return situation


def _admit(*, obj: Situation, user: User, role: str, actor: User | None) -> None:
    membership_admit(situation=obj, user=user, role=role, actor=actor)


SITUATION = Invitable(
    kind="situation",
    label="situation",
    roles=[(MemberRole.MEMBER.value, "Member"), (MemberRole.CONVENER.value, "Convener")],
    get_for_inviter=_for_inviter,
    get=lambda pk: get_object_or_404(Situation, pk=pk),
    admit=_admit,
    title=lambda s: s.title,
)
