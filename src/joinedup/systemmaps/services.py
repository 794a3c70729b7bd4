"""Writes to system maps. Each change is one transaction and one attributed, undoable Change row."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.situations.models import Situation
from joinedup.situations.selectors import membership_of
from joinedup.systemmaps.compute import CausalMap
from joinedup.systemmaps.models import Change, ChangeAction, Factor, Link, SystemMap

FACTOR_FIELDS = ("key", "label", "owner", "organisation", "description", "x", "y")
LINK_FIELDS = ("polarity", "delay", "strength")


def _perspective(user: Any, situation: Situation) -> str:
    membership = membership_of(user=user, situation=situation)
    return membership.perspective if membership else ""


def _factor_snapshot(factor: Factor) -> dict[str, Any]:
    return {
        "id": factor.pk,
        **{f: getattr(factor, f) for f in FACTOR_FIELDS},
        "added_by": factor.added_by_id,
        "perspective": factor.perspective,
    }


def _link_snapshot(link: Link) -> dict[str, Any]:
    return {
        "id": link.pk,
        "source": link.source_id,
        "target": link.target_id,
        **{f: getattr(link, f) for f in LINK_FIELDS},
        "added_by": link.added_by_id,
        "perspective": link.perspective,
    }


def _record(system_map: SystemMap, user: Any, action: str, summary: str, **states: Any) -> Change:
    system_map.save(update_fields=["updated_at"])
    return Change.objects.create(
        system_map=system_map,
        user=user,
        perspective=_perspective(user, system_map.situation),
        action=action,
        summary=summary[:500],
        **states,
    )


def system_map_create(*, situation: Situation, user: Any, title: str, description: str = "") -> SystemMap:
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


@transaction.atomic
def factor_add(
    *,
    system_map: SystemMap,
    user: Any,
    label: str,
    owner: str = "",
    organisation: str = "",
    description: str = "",
    x: float | None = None,
    y: float | None = None,
) -> Factor:
    factor = Factor(
        system_map=system_map,
        key=_next_key(system_map),
        label=label.strip(),
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
def factor_update(*, factor: Factor, user: Any, **fields: Any) -> Factor:
    before = _factor_snapshot(factor)
    for name, value in fields.items():
        if name not in FACTOR_FIELDS or name == "key":
            raise ValueError(f"a factor has no editable field {name!r}")
        setattr(factor, name, value.strip() if isinstance(value, str) else value)
    factor.full_clean()
    factor.save()
    _record(
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
def factor_delete(*, factor: Factor, user: Any) -> None:
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


@transaction.atomic
def link_add(
    *,
    system_map: SystemMap,
    user: Any,
    source: Factor,
    target: Factor,
    polarity: str,
    delay: bool = False,
    strength: float = 1.0,
) -> Link:
    if source.system_map_id != system_map.pk or target.system_map_id != system_map.pk:
        raise ValidationError("Both factors must be on this map.")
    if Link.objects.filter(source=source, target=target).exists():
        raise ValidationError(f"There is already a link from “{source}” to “{target}”.")
    link = Link(
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
def link_update(*, link: Link, user: Any, **fields: Any) -> Link:
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
def link_delete(*, link: Link, user: Any) -> None:
    before, system_map = _link_snapshot(link), link.system_map
    summary = f"removed the link “{link.source}” to “{link.target}”"
    link.delete()
    _record(system_map, user, ChangeAction.LINK_DELETE, summary, before=before)


class UndoRefused(Exception):
    """The change cannot be undone now (already undone, or what it needs is gone); the message says why."""


@transaction.atomic
def change_undo(*, change: Change, user: Any) -> Change:
    """Reverse one change and record the reversal as a new, attributed change."""
    change = Change.objects.select_for_update().get(pk=change.pk)
    if not change.can_undo:
        raise UndoRefused(
            "This change cannot be undone (it was undone already, or it is an import or an undo)."
        )
    _UNDO[change.action](change)
    Change.objects.filter(pk=change.pk).update(undone_at=timezone.now())
    return _record(
        change.system_map,
        user,
        ChangeAction.UNDO,
        f"undid: {change.summary}",
        undoes=change,
        before=change.after,
        after=change.before,
    )


def _state(value: Any) -> dict[str, Any]:
    """A snapshot saved by this module: always a dict where the action needs one."""
    if not isinstance(value, dict):
        raise UndoRefused("This change has no saved state to go back to.")
    return value


def _undo_add(change: Change) -> None:
    model = Factor if change.action == ChangeAction.FACTOR_ADD else Link
    deleted, _ = model.objects.filter(pk=_state(change.after)["id"], system_map=change.system_map).delete()
    if not deleted:
        raise UndoRefused("What this change added has been removed since.")


def _undo_edit(change: Change) -> None:
    model = Factor if change.action == ChangeAction.FACTOR_EDIT else Link
    before = _state(change.before)
    obj = model.objects.filter(pk=before["id"], system_map=change.system_map).first()
    if obj is None:
        raise UndoRefused("What this change edited has been removed since.")
    for name in FACTOR_FIELDS if model is Factor else LINK_FIELDS:
        setattr(obj, name, before[name])
    obj.save()


def _undo_factor_delete(change: Change) -> None:
    before = _state(change.before)
    if Factor.objects.filter(system_map=change.system_map, key=before["key"]).exists():
        raise UndoRefused(f"The map has another factor with the id {before['key']!r} now.")
    Factor.objects.create(
        pk=before["id"],
        system_map=change.system_map,
        added_by_id=before["added_by"],
        perspective=before["perspective"],
        **{f: before[f] for f in FACTOR_FIELDS},
    )
    for link in before.get("links", []):
        _link_restore(change.system_map, link)


def _undo_link_delete(change: Change) -> None:
    _link_restore(change.system_map, _state(change.before))


def _link_restore(system_map: SystemMap, snap: dict[str, Any]) -> None:
    ends = Factor.objects.filter(system_map=system_map, pk__in=[snap["source"], snap["target"]]).count()
    if ends < len({snap["source"], snap["target"]}):
        raise UndoRefused("A factor this link joined has been removed since.")
    if Link.objects.filter(source_id=snap["source"], target_id=snap["target"]).exists():
        raise UndoRefused("The map has another link between those factors now.")
    Link.objects.create(
        pk=snap["id"],
        system_map=system_map,
        source_id=snap["source"],
        target_id=snap["target"],
        added_by_id=snap["added_by"],
        perspective=snap["perspective"],
        **{f: snap[f] for f in LINK_FIELDS},
    )


_UNDO: dict[str, Callable[[Change], None]] = {
    ChangeAction.FACTOR_ADD: _undo_add,
    ChangeAction.LINK_ADD: _undo_add,
    ChangeAction.FACTOR_EDIT: _undo_edit,
    ChangeAction.LINK_EDIT: _undo_edit,
    ChangeAction.FACTOR_DELETE: _undo_factor_delete,
    ChangeAction.LINK_DELETE: _undo_link_delete,
}


@transaction.atomic
def system_map_import(*, situation: Situation, user: Any, title: str, cmap: CausalMap) -> SystemMap:
    """A new map from a checked engine map: all of it, or (on any error) none of it."""
    too_long = [
        f"factor {f.id[:40]!r}: the id is longer than 100 characters" for f in cmap.factors if len(f.id) > 100
    ]
    too_long += [
        f"factor {f.id!r}: the label is longer than 200 characters"
        for f in cmap.factors
        if len(f.label) > 200
    ]
    if too_long:
        raise ValidationError(too_long)
    system_map = system_map_create(situation=situation, user=user, title=title)
    perspective = _perspective(user, situation)
    factors = Factor.objects.bulk_create(
        Factor(
            system_map=system_map,
            key=f.id,
            label=f.label,
            owner=f.owner or "",
            organisation=f.organisation[:200],
            description=f.description,
            x=f.x,
            y=f.y,
            added_by=user,
            perspective=perspective,
        )
        for f in cmap.factors
    )
    by_key = {f.key: f for f in factors}
    Link.objects.bulk_create(
        Link(
            system_map=system_map,
            source=by_key[lk.source],
            target=by_key[lk.target],
            polarity=lk.polarity,
            delay=lk.delay,
            strength=lk.strength,
            added_by=user,
            perspective=perspective,
        )
        for lk in cmap.links
    )
    _record(
        system_map, user, ChangeAction.IMPORT, f"imported {len(factors)} factors and {len(cmap.links)} links"
    )
    return system_map
