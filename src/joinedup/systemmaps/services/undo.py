"""Undoing a recorded change."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.systemmaps.models import Change, ChangeAction, Factor, Link, SystemMap
from joinedup.systemmaps.services.maps import FACTOR_FIELDS, LINK_FIELDS, _record, _room_check


class UndoRefused(Exception):
    """The change cannot be undone now (already undone, or what it needs is gone); the message says why."""


@transaction.atomic
def change_undo(*, change: Change, user: User) -> Change:
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
    _fields_restore(change, _state(change.before))


def _fields_restore(change: Change, snap: dict[str, Any]) -> None:
    """Put the edited factor or link back as `snap` has it (before the edit for undo, after it for redo)."""
    model = Factor if change.action == ChangeAction.FACTOR_EDIT else Link
    obj = model.objects.filter(pk=snap["id"], system_map=change.system_map).first()
    if obj is None:
        raise UndoRefused("What this change edited has been removed since.")
    for name in FACTOR_FIELDS if model is Factor else LINK_FIELDS:
        setattr(obj, name, snap[name])
    obj.save()


def _undo_factor_delete(change: Change) -> None:
    before = _state(change.before)
    _undo_room_check(change.system_map, factors=1, links=len(before.get("links", [])))
    _factor_restore(change.system_map, before)
    for link in before.get("links", []):
        _link_restore(change.system_map, link)


def _factor_restore(system_map: SystemMap, snap: dict[str, Any]) -> None:
    if Factor.objects.filter(system_map=system_map, key=snap["key"]).exists():
        raise UndoRefused(f"The map has another factor with the id {snap['key']!r} now.")
    Factor.objects.create(
        pk=snap["id"],
        system_map=system_map,
        added_by_id=snap["added_by"],
        perspective=snap["perspective"],
        **{f: snap[f] for f in FACTOR_FIELDS},
    )


def _undo_link_delete(change: Change) -> None:
    _undo_room_check(change.system_map, links=1)
    _link_restore(change.system_map, _state(change.before))


def _undo_room_check(system_map: SystemMap, *, factors: int = 0, links: int = 0) -> None:
    try:
        _room_check(system_map, factors=factors, links=links)
    except ValidationError as err:
        raise UndoRefused(" ".join(err.messages)) from err


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


@transaction.atomic
def change_redo(*, change: Change, user: User) -> Change:
    """Make again the change that the undo `change` reversed, and record that as a new, attributed change.

    Only the latest undo can be redone, and only while nothing else has been changed since by the same
    person (as in any editor: a new change clears what could be redone)."""
    change = Change.objects.select_for_update().get(pk=change.pk)
    original = change.undoes
    if change.action != ChangeAction.UNDO or change.undone_at is not None or original is None:
        raise UndoRefused("There is nothing to redo.")
    later = Change.objects.filter(system_map=change.system_map, user=change.user, pk__gt=change.pk)
    if later.exclude(action=ChangeAction.REDO).exists():
        raise UndoRefused("There is nothing to redo: the map was changed after the undo.")
    _REDO[original.action](original)
    Change.objects.filter(pk=change.pk).update(undone_at=timezone.now())
    Change.objects.filter(pk=original.pk).update(undone_at=None)
    return _record(
        change.system_map,
        # Mirror of the undo record above (UNDO/REDO, before and after swapped): the call is the shared
        # helper; only its arguments repeat.
        user,
        ChangeAction.REDO,
        f"redid: {original.summary}",
        undoes=change,
        before=original.before,
        after=original.after,
    )


def _redo_factor_add(change: Change) -> None:
    _undo_room_check(change.system_map, factors=1)
    _factor_restore(change.system_map, _state(change.after))


def _redo_link_add(change: Change) -> None:
    _undo_room_check(change.system_map, links=1)
    _link_restore(change.system_map, _state(change.after))


def _redo_edit(change: Change) -> None:
    _fields_restore(change, _state(change.after))


def _redo_delete(change: Change) -> None:
    model = Factor if change.action == ChangeAction.FACTOR_DELETE else Link
    model.objects.filter(pk=_state(change.before)["id"], system_map=change.system_map).delete()


_REDO: dict[str, Callable[[Change], None]] = {
    ChangeAction.FACTOR_ADD: _redo_factor_add,
    ChangeAction.LINK_ADD: _redo_link_add,
    ChangeAction.FACTOR_EDIT: _redo_edit,
    ChangeAction.LINK_EDIT: _redo_edit,
    ChangeAction.FACTOR_DELETE: _redo_delete,
    ChangeAction.LINK_DELETE: _redo_delete,
}


_UNDO: dict[str, Callable[[Change], None]] = {
    ChangeAction.FACTOR_ADD: _undo_add,
    ChangeAction.LINK_ADD: _undo_add,
    ChangeAction.FACTOR_EDIT: _undo_edit,
    ChangeAction.LINK_EDIT: _undo_edit,
    ChangeAction.FACTOR_DELETE: _undo_factor_delete,
    ChangeAction.LINK_DELETE: _undo_link_delete,
}
