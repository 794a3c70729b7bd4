"""The charter's history: every change to a partnership and its people, costs and plan, newest first."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from joinedup.accounts.models import User
from joinedup.partnerships.models import Champion, CostLine, Deliverable, Milestone, Participant, Partnership
from joinedup.places.models import Place


@dataclass
class HistoryEntry:
    when: datetime
    who: User | None
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


# django-simple-history is untyped: its historical records are Any here.
def _describe(record: Any) -> str:
    model = record.instance_type._meta.verbose_name
    obj = str(record.instance)
    verb = {"+": "added", "-": "removed", "~": "changed"}[record.history_type]
    return f"{model.capitalize()} {verb}: {obj}" if model != "partnership" else f"Charter {verb}"


def _field_label(record: Any, name: str) -> str:
    try:
        return str(record.instance_type._meta.get_field(name).verbose_name).capitalize()
    except Exception:
        return name


def _history_of(queryset: Any) -> list[HistoryEntry]:
    """Each historical record with its diff against the one before it (django-simple-history's diff_against)."""
    entries = []
    records = list(queryset.order_by("history_id").select_related("history_user"))
    previous: dict[Any, Any] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        changes: list[tuple[str, str, str]] = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before)
            changes = [
                (_field_label(record, c.field), _show(c.old, record, c.field), _show(c.new, record, c.field))
                for c in delta.changes
            ]
            if not changes:
                continue
        entries.append(HistoryEntry(record.history_date, record.history_user, _describe(record), changes))
    return entries


def _show(value: Any, record: Any, name: str) -> str:
    if value in (None, "", []):
        return "(blank)"
    field = record.instance_type._meta.get_field(name)
    if field.many_to_one and field.related_model is not None:
        # A foreign key (owner, programme…): show the object, not its id.
        return str(field.related_model._default_manager.filter(pk=value).first() or value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        # A many-to-many field (the places): diff_against gives the through rows as dicts.
        ids = [row.get("place") for row in value if isinstance(row, dict)]
        names = Place.objects.in_bulk(ids)
        return ", ".join(sorted(str(names[i]) for i in ids if i in names))
    return str(value)


def charter_history(partnership: Partnership) -> list[HistoryEntry]:
    pid = partnership.pk
    sources = [
        Partnership.history.filter(id=pid),
        Participant.history.filter(partnership_id=pid),
        Champion.history.filter(partnership_id=pid),
        CostLine.history.filter(partnership_id=pid),
        Deliverable.history.filter(partnership_id=pid),
        Milestone.history.filter(deliverable__partnership_id=pid),
    ]
    entries = [entry for source in sources for entry in _history_of(source)]
    return sorted(entries, key=lambda e: e.when, reverse=True)
