"""Partnerships and their health-check rounds as things people can be invited to by email (registered in apps.py
with joinedup.invitations). Accepting makes the person a participant (their side from their organisation), which
also invites them to any open round, and lands them on the partnership or the round."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from joinedup.accounts.models import User
from joinedup.invitations.registry import Invitable
from joinedup.partnerships.models import HealthCheck, ParticipantRole, Partnership
from joinedup.partnerships.selectors import is_lead, participant_of, partnerships_visible_to
from joinedup.partnerships.services import partnership_add_participant


def _may_invite(user: User, partnership: Partnership) -> None:
    if not (is_lead(user=user, partnership=partnership) or user.is_coordinator):
        raise PermissionDenied("Only the partnership's leads and coordinators can invite people")


def _partnership_for_inviter(user: User, partnership_id: int) -> Partnership:
    partnership = get_object_or_404(partnerships_visible_to(user), pk=partnership_id)  # 404 for outsiders
    _may_invite(user, partnership)
    return partnership


def _check_for_inviter(user: User, check_id: int) -> HealthCheck:
    check = HealthCheck.objects.select_related("partnership").filter(pk=check_id).first()
    if check is None or not partnerships_visible_to(user).filter(pk=check.partnership_id).exists():
        raise Http404("No such health check")
    _may_invite(user, check.partnership)
    return check


def _admit_to(partnership: Partnership, user: User, role: str, actor: User | None) -> None:
    if participant_of(user=user, partnership=partnership) is None:
        partnership_add_participant(partnership=partnership, user=user, role=role, by=actor or user)


# Registry entries of one shape (here, and in situations/perspectives invitable.py): each names its own kind,
# roles, door and admission; a declaration per kind of object, nothing to merge.
PARTNERSHIP = Invitable(
    kind="partnership",
    label="partnership",
    roles=[(ParticipantRole.MEMBER.value, "Member"), (ParticipantRole.LEAD.value, "Lead")],
    get_for_inviter=_partnership_for_inviter,
    get=lambda pk: get_object_or_404(Partnership, pk=pk),
    admit=lambda *, obj, user, role, actor: _admit_to(obj, user, role, actor),
    title=lambda p: str(p),
)

HEALTH_CHECK = Invitable(
    kind="health-check",
    label="health check",
    roles=[(ParticipantRole.MEMBER.value, "Member of the partnership, answering the health check")],
    get_for_inviter=_check_for_inviter,
    get=lambda pk: get_object_or_404(HealthCheck.objects.select_related("partnership"), pk=pk),
    admit=lambda *, obj, user, role, actor: _admit_to(obj.partnership, user, role, actor),
    title=lambda c: str(c),
)
