"""Reads of situations: private by default, so every read starts from what this user may see."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from joinedup.accounts.actors import Actor, User
from joinedup.situations.models import MemberRole, Membership, Situation


def situations_visible_to(user: Actor | None) -> QuerySet[Situation]:
    if not isinstance(user, User):
        return Situation.objects.none()
    if getattr(user, "is_admin", False):
        return Situation.objects.all()
    return Situation.objects.filter(memberships__user=user).distinct()


def situations_of(user: Actor) -> QuerySet[Situation]:
    """The situations this user is a member of (for an admin too: "mine", not "all")."""
    if not isinstance(user, User):
        return Situation.objects.none()
    return Situation.objects.filter(memberships__user=user).distinct().order_by("-created_at", "-pk")


def situations_touching(*, place: Any, user: Actor) -> QuerySet[Situation]:
    """The situations in a place that this user may see (for the place page)."""
    return situations_visible_to(user).filter(places=place).order_by("-created_at", "-pk")


def situation_get_for_user(*, user: Actor, situation_id: int) -> Situation:
    """The situation if this user may see it; 404 otherwise, so outsiders cannot tell it exists."""
    situation = situations_visible_to(user).filter(pk=situation_id).first()
    if situation is None:
        raise Http404("No such situation")
    return situation


def membership_of(*, user: Actor, situation: Situation) -> Membership | None:
    if not isinstance(user, User):
        return None
    return Membership.objects.filter(situation=situation, user=user).first()


def is_convener(*, user: Actor, situation: Situation) -> bool:
    membership = membership_of(user=user, situation=situation)
    return bool(membership and membership.role == MemberRole.CONVENER) or getattr(user, "is_admin", False)
