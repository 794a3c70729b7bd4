"""Writes to situations and their memberships: keyword-only, validated, one transaction each.

The acting user is recorded on each historical row (`_history_user`), so "who changed what" holds for the
command line and the API as well as for pages.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.accounts.models import User
from joinedup.core.history import record_who
from joinedup.notifications.models import Kind
from joinedup.notifications.services import notify
from joinedup.people.models import PolicyArea
from joinedup.places.models import Place
from joinedup.situations.models import MemberRole, Membership, Perspective, Situation, SituationStatus


@transaction.atomic
def situation_create(
    *,
    created_by: User,
    title: str,
    framing: str,
    perspective: str,
    status: str = SituationStatus.FORMING,
    places: Iterable[Place] = (),
    policy_areas: Iterable[PolicyArea] = (),
) -> Situation:
    """A new situation with its creator as the first convener, bringing the perspective they chose."""
    situation = Situation(title=title.strip(), framing=framing.strip(), status=status, created_by=created_by)
    situation.full_clean()
    record_who(situation, created_by)
    situation.save()
    situation.places.set(list(places))
    situation.policy_areas.set(list(policy_areas))
    membership_add(
        situation=situation,
        user=created_by,
        perspective=perspective,
        role=MemberRole.CONVENER,
        actor=created_by,
    )
    return situation


@transaction.atomic
def situation_update(
    *,
    situation: Situation,
    actor: User,
    title: str,
    framing: str,
    status: str,
    places: Iterable[Place],
    policy_areas: Iterable[PolicyArea],
) -> Situation:
    situation.title = title.strip()
    situation.framing = framing.strip()
    situation.status = status
    # Same save-and-link steps as situation_create above (full_clean, record_who, save, set places and areas):
    # could be one private helper; left for later, as each then does different things (add a member, notify).
    situation.full_clean()
    record_who(situation, actor)
    situation.save()
    situation.places.set(list(places))
    situation.policy_areas.set(list(policy_areas))
    # Same notify call as perspectives.services.conversations.conversation_create: see the note there.
    notify(
        recipients=User.objects.filter(situation_memberships__situation=situation, is_active=True),
        kind=Kind.SITUATION_CHANGED,
        object_key=f"situation:{situation.pk}",
        title=situation.title,
        url=situation.get_absolute_url(),
        message=f"{actor} updated the situation (now {situation.get_status_display().lower()}).",
        actor=actor,
    )
    return situation


@transaction.atomic
def membership_add(
    *,
    situation: Situation,
    user: User,
    perspective: str,
    role: str = MemberRole.MEMBER,
    actor: User | None = None,
) -> Membership:
    if Membership.objects.filter(situation=situation, user=user).exists():
        raise ValidationError({"email": f"{user} is already a member of this situation."})
    membership = Membership(situation=situation, user=user, perspective=perspective, role=role)
    membership.full_clean()
    record_who(membership, actor)
    membership.save()
    return membership


_PERSPECTIVE_OF_SECTOR = {"central": Perspective.CENTRAL, "local": Perspective.LOCAL}


@transaction.atomic
def membership_admit(*, situation: Situation, user: User, role: str, actor: User | None) -> Membership:
    """Let someone in who accepted an invitation: a member already keeps their membership as it is; a new one
    brings the perspective of their organisation's sector (Partner if none; a convener can change it)."""
    existing = Membership.objects.filter(situation=situation, user=user).first()
    if existing is not None:
        return existing
    profile: Any = getattr(user, "profile", None)
    sector = getattr(getattr(profile, "organisation", None), "sector", "")
    perspective = _PERSPECTIVE_OF_SECTOR.get(sector, Perspective.PARTNER)
    return membership_add(situation=situation, user=user, perspective=perspective, role=role, actor=actor)


def _is_last_convener(membership: Membership) -> bool:
    if membership.role != MemberRole.CONVENER:
        return False
    others = Membership.objects.filter(situation_id=membership.situation_id, role=MemberRole.CONVENER)
    return not others.exclude(pk=membership.pk).exists()


@transaction.atomic
def membership_update(*, membership: Membership, actor: User, role: str, perspective: str) -> Membership:
    """Change a member's role or perspective; a situation always keeps at least one convener."""
    # Lock the situation's conveners so two concurrent demotions cannot both pass the check.
    list(Membership.objects.select_for_update().filter(situation_id=membership.situation_id))
    if role != MemberRole.CONVENER and _is_last_convener(membership):
        raise ValidationError(
            {"role": "A situation needs at least one convener: make someone else convener first."}
        )
    membership.role = role
    membership.perspective = perspective
    membership.full_clean()
    record_who(membership, actor)
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    list(Membership.objects.select_for_update().filter(situation_id=membership.situation_id))
    if _is_last_convener(membership):
        raise ValidationError("You cannot remove the last convener: make someone else convener first.")
    record_who(membership, actor)
    membership.delete()
