"""The audit page: who changed what, and when, on situations, memberships, partnerships (the charter and who
takes part) and people's roles. Admins only; everyone else gets a 404, as for any private page.

The records come from django-simple-history, which keeps a copy of each row on every save. Core imports no
domain app: each app registers its audited models in its AppConfig.ready(), in the order the page lists them:

    audit.register(Situation, "Situation")
    audit.register(User, "Account", fields={"role", "is_active"})   # only changes to these fields count
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
PER_SOURCE = 100


@dataclass(frozen=True)
class AuditSource:
    model: Any
    label: str
    # None: every change counts; otherwise a change to none of these fields is left out.
    fields: frozenset[str] | None = None


_SOURCES: list[AuditSource] = []


def register(model: Any, label: str, *, fields: Collection[str] | None = None) -> None:
    """Audit `model` (which must keep django-simple-history records) under `label`; idempotent."""
    if not hasattr(model, "history"):
        raise ValueError(f"{model.__name__} keeps no history (add simple_history's HistoricalRecords)")
    if any(source.model is model for source in _SOURCES):
        return
    _SOURCES.append(AuditSource(model, label, frozenset(fields) if fields is not None else None))


def audit_sources() -> list[AuditSource]:
    return list(_SOURCES)


@dataclass(frozen=True)
class AuditEntry:
    when: datetime
    who: str
    what: str
    item: str
    action: str
    changes: list[str]


def _changes(record: Any) -> list[str]:
    if record.history_type != "~" or record.prev_record is None:
        return []
    delta = record.diff_against(record.prev_record)
    return [f"{c.field}: {_short(c.old)} → {_short(c.new)}" for c in delta.changes]


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _entries(source: AuditSource) -> list[AuditEntry]:
    records = source.model.history.select_related("history_user").order_by("-history_date")[:PER_SOURCE]
    label = source.label
    entries = []
    for record in records:
        changes = _changes(record)
        if source.fields is not None and record.history_type == "~":
            changes = [c for c in changes if c.split(":", 1)[0] in source.fields]
            if not changes:
                continue
        who = record.history_user.name if record.history_user else "the system"
        entries.append(
            AuditEntry(record.history_date, who, label, _short(record.instance), ACTIONS[record.history_type],
                       changes)
        )  # fmt: skip
    return entries


def audit_recent(*, limit: int = 200) -> list[AuditEntry]:
    """The most recent changes across the audited records, newest first."""
    entries = [entry for source in _SOURCES for entry in _entries(source)]
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_admin", False):
        raise Http404("No such page")
    return render(request, "core/audit.html", {"entries": audit_recent()})
