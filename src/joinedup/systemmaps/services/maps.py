"""Writes of system maps: create one, and the change record every edit leaves."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F

from joinedup.accounts.models import User
from joinedup.situations.models import Situation
from joinedup.situations.selectors import membership_of
from joinedup.systemmaps.compute import label_key
from joinedup.systemmaps.limits import map_limits
from joinedup.systemmaps.models import Change, ChangeAction, Factor, Link, SystemMap
from joinedup.systemmaps.services.map_analysis import ANALYSIS_DEBOUNCE_SECONDS, map_analysis_schedule

FACTOR_FIELDS = ("key", "label", "owner", "organisation", "description", "x", "y")
LINK_FIELDS = ("polarity", "delay", "strength")


def _perspective(user: User, situation: Situation) -> str:
    membership = membership_of(user=user, situation=situation)
    return membership.perspective if membership else ""


def _factor_snapshot(factor: Factor) -> dict[str, Any]:
    return {
        "id": factor.pk,
        **{f: getattr(factor, f) for f in FACTOR_FIELDS},
        "added_by": factor.added_by_id,
        "perspective": factor.perspective,
    }


# What undo history stores; endpoints.link_json is the editor's view of a link and stays separate (see there).
def _link_snapshot(link: Link) -> dict[str, Any]:
    return {
        "id": link.pk,
        "source": link.source_id,
        "target": link.target_id,
        **{f: getattr(link, f) for f in LINK_FIELDS},
        "added_by": link.added_by_id,
        "perspective": link.perspective,
    }


def _room_check(system_map: SystemMap, *, factors: int = 0, links: int = 0) -> None:
    """Refuse a change that would take the map past its factor or link limit (the map row is locked first,
    so two people adding at once cannot both take the last place)."""
    limits = map_limits()
    SystemMap.objects.select_for_update().filter(pk=system_map.pk).first()
    if factors and Factor.objects.filter(system_map=system_map).count() + factors > limits.max_factors:
        raise ValidationError(
            f"This map has reached the limit of {limits.max_factors:,} factors. "
            "Remove a factor, or start a new map, before adding another."
        )
    if links and Link.objects.filter(system_map=system_map).count() + links > limits.max_links:
        raise ValidationError(
            f"This map has reached the limit of {limits.max_links:,} links. "
            "Remove a link before adding another."
        )


def _name_check(system_map: SystemMap, label: str, *, factor_pk: int | None = None) -> None:
    """Refuse a factor name the map has already, ignoring case and spacing ("Waiting  Times")."""
    key = label_key(label)
    others = system_map.factors.all() if factor_pk is None else system_map.factors.exclude(pk=factor_pk)
    for other in others.values_list("label", flat=True):
        if label_key(other) == key:
            raise ValidationError(
                {
                    "label": f"The map already has a factor called “{other}”. Use that one, or name this differently."
                }
            )


def _record(system_map: SystemMap, user: User, action: str, summary: str, **states: Any) -> Change:
    system_map.save(update_fields=["updated_at"])
    SystemMap.objects.filter(pk=system_map.pk).update(revision=F("revision") + 1)
    # An import is one event; edits come in bursts, so their analysis waits to gather the burst.
    delay = 0 if action == ChangeAction.IMPORT else ANALYSIS_DEBOUNCE_SECONDS
    map_analysis_schedule(system_map=system_map, delay_seconds=delay)
    return Change.objects.create(
        system_map=system_map,
        user=user,
        perspective=_perspective(user, system_map.situation),
        action=action,
        summary=summary[:500],
        **states,
    )


def system_map_create(*, situation: Situation, user: User, title: str, description: str = "") -> SystemMap:
    system_map = SystemMap(situation=situation, title=title, description=description, created_by=user)
    system_map.full_clean()
    system_map.save()
    return system_map


def _next_key(system_map: SystemMap) -> str:
    taken = set(system_map.factors.values_list("key", flat=True))
    n = len(taken) + 1
    while f"f{n}" in taken:
        n += 1
    return f"f{n}"
