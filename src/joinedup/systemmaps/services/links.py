"""Writes of a map's links: add, update, delete."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.accounts.models import User
from joinedup.systemmaps.models import ChangeAction, Factor, Link, SystemMap
from joinedup.systemmaps.services.maps import LINK_FIELDS, _link_snapshot, _perspective, _record, _room_check


@transaction.atomic
def link_add(
    *,
    system_map: SystemMap,
    user: User,
    source: Factor,
    target: Factor,
    polarity: str,
    delay: bool = False,
    strength: float = 1.0,
) -> Link:
    if source.system_map_id != system_map.pk or target.system_map_id != system_map.pk:
        raise ValidationError("Both factors must be on this map.")
    if source.pk == target.pk:
        raise ValidationError(
            {
                "target": f"A link from “{source}” to itself is not a feedback loop: a loop needs at least two "
                "factors. Link it through the factors in between."
            }
        )
    if Link.objects.filter(source=source, target=target).exists():
        raise ValidationError(f"There is already a link from “{source}” to “{target}”.")
    _room_check(system_map, links=1)
    link = Link(
        # Keyword list into Link: same shape as other creates (notifications.services, spending.services).
        system_map=system_map,
        source=source,
        target=target,
        polarity=polarity,
        delay=delay,
        strength=strength,
        added_by=user,
        perspective=_perspective(user, system_map.situation),
    )
    _link_check(link)
    link.save()
    _record(
        system_map,
        user,
        ChangeAction.LINK_ADD,
        f"linked “{source}” to “{target}” ({polarity})",
        after=_link_snapshot(link),
    )
    return link


def _link_check(link: Link) -> None:
    link.full_clean(validate_constraints=False)
    if not link.strength > 0:
        raise ValidationError({"strength": "Strength must be more than 0."})


@transaction.atomic
def link_update(*, link: Link, user: User, **fields: Any) -> Link:
    before = _link_snapshot(link)
    for name, value in fields.items():
        if name not in LINK_FIELDS:
            raise ValueError(f"a link has no editable field {name!r}")
        setattr(link, name, value)
    _link_check(link)
    link.save()
    _record(
        link.system_map,
        user,
        ChangeAction.LINK_EDIT,
        f"changed the link “{link.source}” to “{link.target}”",
        before=before,
        after=_link_snapshot(link),
    )
    return link


@transaction.atomic
def link_delete(*, link: Link, user: User) -> None:
    before, system_map = _link_snapshot(link), link.system_map
    summary = f"removed the link “{link.source}” to “{link.target}”"
    link.delete()
    _record(system_map, user, ChangeAction.LINK_DELETE, summary, before=before)
