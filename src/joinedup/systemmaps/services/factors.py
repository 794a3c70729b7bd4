"""Writes of a map's factors: add, update, move, delete."""

from typing import Any

from django.db import transaction
from django.db.models import Q

from joinedup.accounts.models import User
from joinedup.systemmaps.models import ChangeAction, Factor, Link, SystemMap
from joinedup.systemmaps.services.maps import (
    FACTOR_FIELDS,
    _factor_snapshot,
    _link_snapshot,
    _name_check,
    _next_key,
    _perspective,
    _record,
    _room_check,
)


@transaction.atomic
def factor_add(
    *,
    system_map: SystemMap,
    user: User,
    label: str,
    owner: str = "",
    organisation: str = "",
    description: str = "",
    x: float | None = None,
    y: float | None = None,
) -> Factor:
    _room_check(system_map, factors=1)
    _name_check(system_map, label)
    factor = Factor(
        system_map=system_map,
        key=_next_key(system_map),
        label=label.strip(),
        # Keyword list into Factor: same shape as other creates (perspectives.services.conversations),
        # different fields.
        owner=owner,
        organisation=organisation.strip(),
        description=description.strip(),
        x=x,
        y=y,
        added_by=user,
        perspective=_perspective(user, system_map.situation),
    )
    factor.full_clean()
    factor.save()
    _record(
        system_map,
        user,
        ChangeAction.FACTOR_ADD,
        f"added the factor “{factor.label}”",
        after=_factor_snapshot(factor),
    )
    return factor


@transaction.atomic
def factor_update(*, factor: Factor, user: User, **fields: Any) -> Factor:
    before = _factor_snapshot(factor)
    for name, value in fields.items():
        if name not in FACTOR_FIELDS or name == "key":
            raise ValueError(f"a factor has no editable field {name!r}")
        setattr(factor, name, value.strip() if isinstance(value, str) else value)
    if "label" in fields:
        _name_check(factor.system_map, factor.label, factor_pk=factor.pk)
    factor.full_clean()
    factor.save()
    _record(
        # Same history record as links.link_edit (map, user, action, summary, before, after): the call is
        # already the shared helper; only its arguments repeat.
        factor.system_map,
        user,
        ChangeAction.FACTOR_EDIT,
        f"changed the factor “{factor.label}”",
        before=before,
        after=_factor_snapshot(factor),
    )
    return factor


def factor_move(*, factor: Factor, x: float, y: float) -> Factor:
    """Where a factor sits on the drawing. Not a change of the map's meaning, so not logged or undone."""
    Factor.objects.filter(pk=factor.pk).update(x=x, y=y)
    factor.x, factor.y = x, y
    return factor


@transaction.atomic
def factor_delete(*, factor: Factor, user: User) -> None:
    before = _factor_snapshot(factor)
    links = Link.objects.filter(Q(source=factor) | Q(target=factor)).order_by("pk")
    before["links"] = [_link_snapshot(link) for link in links]
    system_map = factor.system_map
    factor.delete()
    count = len(before["links"])
    extra = f" and its {count} link{'s' if count != 1 else ''}" if count else ""
    _record(
        system_map,
        user,
        ChangeAction.FACTOR_DELETE,
        f"removed the factor “{before['label']}”{extra}",
        before=before,
    )
