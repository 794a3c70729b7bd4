"""Reads of situations: private by default, so every read starts from what this user may see."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from joinedup.situations.models import MemberRole, Membership, Situation


def situations_visible_to(user: Any) -> QuerySet[Situation]:
    if not getattr(user, "is_authenticated", False):
        return Situation.objects.none()
    if getattr(user, "is_admin", False):
        return Situation.objects.all()
    return Situation.objects.filter(memberships__user=user).distinct()


def situations_of(user: Any) -> QuerySet[Situation]:
    """The situations this user is a member of (for an admin too: "mine", not "all")."""
    if not getattr(user, "is_authenticated", False):
        return Situation.objects.none()
    return Situation.objects.filter(memberships__user=user).distinct().order_by("-created_at", "-pk")


def situations_touching(*, place: Any, user: Any) -> QuerySet[Situation]:
    """The situations in a place that this user may see (for the place page)."""
    return situations_visible_to(user).filter(places=place).order_by("-created_at", "-pk")


def situation_get_for_user(*, user: Any, situation_id: int) -> Situation:
    """The situation if this user may see it; 404 otherwise, so outsiders cannot tell it exists."""
    situation = situations_visible_to(user).filter(pk=situation_id).first()
    if situation is None:
        raise Http404("No such situation")
    return situation


def membership_of(*, user: Any, situation: Situation) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(situation=situation, user=user).first()


def is_convener(*, user: Any, situation: Situation) -> bool:
    membership = membership_of(user=user, situation=situation)
    return bool(membership and membership.role == MemberRole.CONVENER) or getattr(user, "is_admin", False)
