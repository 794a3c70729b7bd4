"""Who changed what in a situation: its own history and its members' history, as one dated list of sentences."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from joinedup.people.models import PolicyArea
from joinedup.places.models import Place
from joinedup.situations.models import MemberRole, Membership, Perspective, Situation, SituationStatus

LABELS = {
    "places": "places",
    "policy_areas": "policy areas",
    "title": "title",
    "framing": "framing",
    "status": "status",
    "role": "role",
    "perspective": "perspective",
}
DISPLAY = {
    "status": dict(SituationStatus.choices),
    "role": dict(MemberRole.choices),
    "perspective": dict(Perspective.choices),
}

M2M: dict[str, tuple[Any, str]] = {"places": (Place, "place"), "policy_areas": (PolicyArea, "policyarea")}
FOLD = timedelta(seconds=5)


@dataclass
class Change:
    when: datetime
    who: str
    what: str
    details: list[str]


def _who(record: Any) -> str:
    user = record.history_user
    return str(user) if user is not None else "Joined Up (system)"


def _details(record: Any, previous: Any, fields: tuple[str, ...]) -> list[str]:
    """What changed between two historical records, as sentences."""
    if previous is None or previous.pk == record.pk:
        return []
    delta = record.diff_against(previous, included_fields=list(fields))
    lines = []
    for change in delta.changes:
        if change.field in M2M:
            lines.append(_m2m_line(change.field, change.old, change.new))
            continue
        shown = DISPLAY.get(change.field, {})
        old, new = shown.get(change.old, change.old), shown.get(change.new, change.new)
        lines.append(f"{LABELS[change.field].capitalize()}: “{old}” → “{new}”")
    return lines


def _m2m_line(field: str, old_rows: list[dict[str, Any]], new_rows: list[dict[str, Any]]) -> str:
    model, column = M2M[field]
    old = {row[column] for row in old_rows}
    new = {row[column] for row in new_rows}
    names = dict(model.objects.filter(pk__in=old | new).values_list("pk", "name"))
    parts = []
    if added := sorted(names.get(pk, "a deleted entry") for pk in new - old):
        parts.append("added " + ", ".join(added))
    if removed := sorted(names.get(pk, "a deleted entry") for pk in old - new):
        parts.append("removed " + ", ".join(removed))
    return f"{LABELS[field].capitalize()}: " + "; ".join(parts)


def _actions(situation: Situation) -> list[list[Any]]:
    """Historical records grouped into actions: a save and the place and policy-area updates that follow it
    come as separate records, so records by the same person within a few seconds are one action."""
    groups: list[list[Any]] = []
    records = situation.history.select_related("history_user").order_by("history_date", "history_id")
    for record in records:
        last = groups[-1][-1] if groups else None
        same_action = (
            last is not None and _who(last) == _who(record) and record.history_date - last.history_date < FOLD
        )
        if record.history_type == "~" and same_action:
            groups[-1].append(record)
        else:
            groups.append([record])
    return groups


def _situation_changes(situation: Situation) -> list[Change]:
    verbs = {"+": "started the situation", "~": "edited the situation", "-": "deleted the situation"}
    fields = ("title", "framing", "status", "places", "policy_areas")
    changes = []
    for group in _actions(situation):
        first, last = group[0], group[-1]
        base = first if first.history_type == "+" else first.prev_record
        details = _details(last, base, fields)
        if first.history_type != "~" or details:
            changes.append(Change(first.history_date, _who(first), verbs[first.history_type], details))
    return changes


def _membership_changes(situation: Situation) -> list[Change]:
    records = Membership.history.filter(situation_id=situation.pk).select_related("history_user", "user")
    changes = []
    for record in records:
        member = str(record.user) if record.user_id else "a former member"
        role = DISPLAY["role"].get(record.role, record.role).lower()
        perspective = DISPLAY["perspective"].get(record.perspective, record.perspective).lower()
        what = {
            "+": f"added {member} as {role} ({perspective})",
            "~": f"changed {member}'s membership",
            "-": f"removed {member}",
        }[record.history_type]
        details = (
            _details(record, record.prev_record, ("role", "perspective"))
            if record.history_type == "~"
            else []
        )
        changes.append(Change(record.history_date, _who(record), what, details))
    return changes


def situation_history(situation: Situation) -> list[Change]:
    """Newest first."""
    changes = _situation_changes(situation) + _membership_changes(situation)
    return sorted(changes, key=lambda c: c.when, reverse=True)
