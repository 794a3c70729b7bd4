"""Reads of people, always through what the viewer may see."""

from typing import Any

from django.db.models import Q, QuerySet

from joinedup.people.models import Connection, Profile, Visibility


def profiles_visible_to(user: Any) -> QuerySet[Profile]:
    """Profiles this user may see: signed-in-visible ones, their own, and connections-only ones they are linked to."""
    if not getattr(user, "is_authenticated", False):
        return Profile.objects.none()
    base = Profile.objects.filter(user__is_active=True)
    if getattr(user, "is_admin", False):
        return base
    own = getattr(user, "profile", None)
    if own is None:
        return base.filter(visibility=Visibility.SIGNED_IN)
    connected = Connection.objects.filter(Q(person_a=own) | Q(person_b=own)).values_list(
        "person_a", "person_b"
    )
    connected_ids = {pk for pair in connected for pk in pair}
    return base.filter(Q(visibility=Visibility.SIGNED_IN) | Q(pk=own.pk) | Q(pk__in=connected_ids))
