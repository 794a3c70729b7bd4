"""Who may see a partnership or a programme, and who is in one."""

from django.db.models import QuerySet

from joinedup.accounts.actors import Actor, User
from joinedup.partnerships.models import Participant, ParticipantRole, Partnership, Programme


def partnerships_visible_to(user: Actor) -> QuerySet[Partnership]:
    if not user.is_authenticated:
        return Partnership.objects.none()
    if user.is_admin:
        return Partnership.objects.all()
    return Partnership.objects.filter(participants__user=user, participants__left_on=None).distinct()


def participant_of(*, user: Actor, partnership: Partnership) -> Participant | None:
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(partnership=partnership, user=user, left_on=None).first()


def is_lead(*, user: Actor, partnership: Partnership) -> bool:
    participant = participant_of(user=user, partnership=partnership)
    return participant is not None and participant.role == ParticipantRole.LEAD


def programmes_visible_to(user: Actor) -> QuerySet[Programme]:
    if not (user.is_authenticated and user.is_coordinator):
        return Programme.objects.none()
    return Programme.objects.all()


def current_members(partnership: Partnership, *, role: str | None = None) -> QuerySet[User]:
    """The people in the partnership now (a deliverable's owner is one of them), or only those in `role` (in the
    same filter: the role must be this partnership's current one)."""
    in_role = {"partnership_roles__role": role} if role else {}
    return User.objects.filter(
        partnership_roles__partnership=partnership, partnership_roles__left_on=None, **in_role
    )
