"""The audit page: who changed what, and when, on situations, memberships, partnerships (the charter and who
takes part) and people's roles. Admins only; everyone else gets a 404, as for any private page.

The records come from django-simple-history, which keeps a copy of each row on every save.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.accounts.models import User
from joinedup.partnerships.models import Participant, Partnership
from joinedup.situations.models import Membership, Situation

ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# A person's account history also records each sign-in (last_login is excluded, but the save is not):
# only these fields make a change worth auditing.
USER_FIELDS = {"role", "is_active", "is_superuser", "email", "name"}
PER_SOURCE = 100


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


def _entries(model: Any, label: str) -> list[AuditEntry]:
    records = model.history.select_related("history_user").order_by("-history_date")[:PER_SOURCE]
    entries = []
    for record in records:
        changes = _changes(record)
        if model is User and record.history_type == "~":
            changes = [c for c in changes if c.split(":", 1)[0] in USER_FIELDS]
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
    sources = [
        (Situation, "Situation"),
        (Membership, "Situation membership"),
        (Partnership, "Partnership"),
        (Participant, "Partnership participant"),
        (User, "Account"),
    ]
    entries = [entry for model, label in sources for entry in _entries(model, label)]
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_admin", False):
        raise Http404("No such page")
    return render(request, "core/audit.html", {"entries": audit_recent()})
