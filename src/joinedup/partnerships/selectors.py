"""Reads of partnerships: who may see what, charter history, health-check results, reminders, programme view."""

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from joinedup.core.panels import Panel
from joinedup.partnerships.items import DIMENSION_NAMES, RATED_DIMENSIONS, SHRUG, items_of
from joinedup.partnerships.models import (
    Champion,
    CostLine,
    Deliverable,
    HealthCheck,
    Milestone,
    Participant,
    ParticipantRole,
    Partnership,
    Programme,
    RespondentSide,
    Side,
    State,
)
from joinedup.places.models import Place

EXIT_NEAR_DAYS = 30
CHECK_DUE_DAYS = 90
DIVERGENCE_GAP = 1.0
DROP = 0.75
WITHHELD = "Not enough responses to show this without identifying people"
DIMENSION_LABELS = {
    **DIMENSION_NAMES,
    SHRUG: "Frontline outlook (will it last, does it fit, can we shift it)",
}


def min_group() -> int:
    return int(settings.JOINEDUP_MIN_ANONYMOUS_GROUP)


# Access ---------------------------------------------------------------------------------------------------


def partnerships_visible_to(user: Any) -> QuerySet[Partnership]:
    if not getattr(user, "is_authenticated", False):
        return Partnership.objects.none()
    if getattr(user, "is_admin", False):
        return Partnership.objects.all()
    return Partnership.objects.filter(participants__user=user, participants__left_on=None).distinct()


def participant_of(*, user: Any, partnership: Partnership) -> Participant | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Participant.objects.filter(partnership=partnership, user=user, left_on=None).first()


def is_lead(*, user: Any, partnership: Partnership) -> bool:
    participant = participant_of(user=user, partnership=partnership)
    return participant is not None and participant.role == ParticipantRole.LEAD


# Charter history ---------------------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    when: Any
    who: Any
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


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
        Partnership.history.filter(id=pid),  # type: ignore[attr-defined]
        Participant.history.filter(partnership_id=pid),  # type: ignore[attr-defined]
        Champion.history.filter(partnership_id=pid),  # type: ignore[attr-defined]
        CostLine.history.filter(partnership_id=pid),  # type: ignore[attr-defined]
        Deliverable.history.filter(partnership_id=pid),  # type: ignore[attr-defined]
        Milestone.history.filter(deliverable__partnership_id=pid),  # type: ignore[attr-defined]
    ]
    entries = [entry for source in sources for entry in _history_of(source)]
    return sorted(entries, key=lambda e: e.when, reverse=True)


# Health-check results --------------------------------------------------------------------------------------


@dataclass
class Score:
    mean: float | None
    n: int
    withheld: bool = False


@dataclass
class Results:
    check: HealthCheck
    n: int
    withheld: bool
    overall: dict[str, Score]
    by_side: dict[str, dict[str, Score]]
    warnings: list[str]
    talk_about: list[str]


def _response_means(answers: dict[str, int]) -> dict[str, float]:
    return {dim: statistics.fmean(answers[item.code] for item in items_of(dim)) for dim in RATED_DIMENSIONS}


def _score(rows: list[dict[str, float]], dim: str, shown: bool = True) -> Score:
    if not shown or len(rows) < min_group():
        return Score(None, len(rows), withheld=True)
    return Score(round(statistics.fmean(r[dim] for r in rows), 2), len(rows))


def shown_sides(counts: dict[str, int]) -> set[str]:
    """Sides whose split may be shown. A side under the minimum is withheld; and while the withheld sides
    together hold fewer than the minimum (but some answers), the smallest shown side is withheld too —
    otherwise the whole-round figure minus the shown sides would give away the small side's answers."""
    limit = min_group()
    shown = {side for side, n in counts.items() if n >= limit}
    hidden = sum(n for side, n in counts.items() if side not in shown)
    while shown and 0 < hidden < limit:
        smallest = min(shown, key=lambda side: (counts[side], side))
        shown.discard(smallest)
        hidden += counts[smallest]
    return shown


def check_results(check: HealthCheck, previous: HealthCheck | None = None) -> Results:
    """Results of one closed round, released all at once when it closes (never answer by answer, so two reads
    cannot be subtracted). Any group under the minimum is withheld, the whole round included; free text is
    shown only from sides with at least the minimum of responses, in the storage's random order and without sides."""
    if not check.is_closed(timezone.localdate()):
        return _unreleased(check)
    responses = list(check.responses.order_by("id"))
    rows = [_response_means(r.answers) for r in responses]
    sides = {
        s: [m for m, r in zip(rows, responses, strict=True) if r.side == s] for s in RespondentSide.values
    }
    shown = shown_sides({s: len(side_rows) for s, side_rows in sides.items()})
    overall = {dim: _score(rows, dim) for dim in RATED_DIMENSIONS}
    by_side = {
        s: {dim: _score(side_rows, dim, s in shown) for dim in RATED_DIMENSIONS}
        for s, side_rows in sides.items()
    }
    enough = len(rows) >= min_group()
    prior = check_results(previous) if previous is not None else None
    return Results(
        check=check,
        n=len(rows),
        withheld=not enough,
        overall=overall,
        by_side=by_side,
        warnings=_warnings(overall, by_side, prior) if enough else [],
        # A comment is not an average, so nothing subtracts: a side's comments show once that side has enough.
        talk_about=[r.talk_about for r in responses if r.talk_about and len(sides[r.side]) >= min_group()]
        if enough
        else [],
    )


def _unreleased(check: HealthCheck) -> Results:
    withheld = {dim: Score(None, 0, withheld=True) for dim in RATED_DIMENSIONS}
    return Results(
        check=check,
        n=0,
        withheld=True,
        overall=dict(withheld),
        by_side={s: dict(withheld) for s in RespondentSide.values},
        warnings=[],
        talk_about=[],
    )


def _warnings(
    overall: dict[str, Score], by_side: dict[str, dict[str, Score]], prior: Results | None
) -> list[str]:
    warnings = []
    side_names = dict(RespondentSide.choices)
    for dim in RATED_DIMENSIONS:
        label = DIMENSION_LABELS[dim]
        gap = _divergence(label, {s: by_side[s][dim].mean for s in by_side}, side_names)
        if gap:
            warnings.append(gap)
        before = prior.overall[dim].mean if prior is not None else None
        now = overall[dim].mean
        if before is not None and now is not None and before - now >= DROP - 1e-9:
            warnings.append(
                f"{label}: fell by {before - now:.2f} points since the last round ({before:.1f} to {now:.1f}; "
                f"a warning starts at a drop of {DROP})."
            )
    return warnings


def _divergence(label: str, means: dict[str, float | None], names: dict[str, str]) -> str | None:
    shown = {side: mean for side, mean in means.items() if mean is not None}
    if len(shown) < 2:
        return None
    high = max(shown, key=lambda side: shown[side])
    low = min(shown, key=lambda side: shown[side])
    gap = shown[high] - shown[low]
    if gap < DIVERGENCE_GAP - 1e-9:
        return None
    return (
        f"{label}: the sides see it differently — {names[high].lower()} {shown[high]:.1f} against "
        f"{names[low].lower()} {shown[low]:.1f}, a gap of {gap:.1f} points (a warning starts at "
        f"{DIVERGENCE_GAP:.0f})."
    )


def closed_checks(partnership: Partnership, today: date | None = None) -> list[HealthCheck]:
    today = today or timezone.localdate()
    return [c for c in partnership.health_checks.order_by("opens_on", "pk") if c.is_closed(today)]


def previous_check(check: HealthCheck) -> HealthCheck | None:
    rounds = closed_checks(check.partnership)
    earlier = [c for c in rounds if (c.opens_on, c.pk) < (check.opens_on, check.pk)]
    return earlier[-1] if earlier else None


def trends(partnership: Partnership) -> list[tuple[HealthCheck, dict[str, Score]]]:
    """Overall score of each dimension in each closed round, oldest first."""
    return [(c, check_results(c).overall) for c in closed_checks(partnership)]


def latest_results(partnership: Partnership) -> Results | None:
    rounds = closed_checks(partnership)
    if not rounds:
        return None
    return check_results(rounds[-1], rounds[-2] if len(rounds) > 1 else None)


# Reminders ---------------------------------------------------------------------------------------------


@dataclass
class Reminder:
    key: str
    partnership: Partnership
    message: str
    for_members: bool = False


def reminders_for(partnership: Partnership, today: date) -> list[Reminder]:
    if partnership.state == State.CLOSED:
        return []
    found: list[Reminder] = []
    exit_date = partnership.planned_exit_date
    if (
        exit_date
        and partnership.state != State.EXPLORING
        and exit_date <= today + timedelta(days=EXIT_NEAR_DAYS)
    ):
        days = (exit_date - today).days
        when = f"in {days} days" if days > 0 else ("today" if days == 0 else f"{-days} days ago")
        found.append(
            Reminder(
                f"exit:{partnership.pk}",
                partnership,
                f"{partnership}: the planned exit date is {when} ({exit_date:%-d %B %Y}).",
            )
        )
    for d in partnership.deliverables.all():
        if d.is_overdue(today):
            found.append(
                Reminder(
                    f"overdue:{d.pk}",
                    partnership,
                    f"{partnership}: “{d.title}” was due on {d.due_date:%-d %B %Y} and is not done.",
                )
            )
    found.extend(_champion_reminders(partnership))
    found.extend(_check_reminders(partnership, today))
    return found


def _champion_reminders(partnership: Partnership) -> list[Reminder]:
    found = []
    for side, name in ((Side.CENTRAL, "central"), (Side.LOCAL, "local")):
        champions = [c for c in partnership.champions.all() if c.side == side]
        if any(c.left_on is None and c.is_senior for c in champions):
            continue
        gone = [c for c in champions if c.left_on is not None]
        why = (
            f"{gone[-1].user} has left as champion and nobody has replaced them"
            if gone
            else "there is none yet"
        )
        found.append(
            Reminder(
                f"champion:{partnership.pk}:{side}",
                partnership,
                f"{partnership}: no senior champion on the {name} side — {why}.",
            )
        )
    return found


def _check_reminders(partnership: Partnership, today: date) -> list[Reminder]:
    checks = list(partnership.health_checks.all())
    found = [
        Reminder(
            f"check-open:{c.pk}",
            partnership,
            f"{partnership}: a health check is open until {c.closes_on:%-d %B %Y}. It takes two minutes.",
            for_members=True,
        )
        for c in checks
        if c.is_open(today)
    ]
    recent = [c for c in checks if c.opens_on > today - timedelta(days=CHECK_DUE_DAYS)]
    if partnership.state == State.ACTIVE and not recent:
        found.append(
            Reminder(
                f"check-due:{partnership.pk}",
                partnership,
                f"{partnership}: a health check is due (none in the last {CHECK_DUE_DAYS} days).",
            )
        )
    return found


def reminders_for_user(user: Any, today: date | None = None) -> list[Reminder]:
    """Leads see every reminder of their partnerships; members see the open health checks."""
    today = today or timezone.localdate()
    found = []
    roles = Participant.objects.filter(user=user, left_on=None).select_related("partnership")
    for participant in roles:
        for reminder in reminders_for(participant.partnership, today):
            if participant.role == ParticipantRole.LEAD or reminder.for_members:
                found.append(reminder)
    return found


def dashboard_panel(_obj: Any, user: Any) -> Panel | None:
    if not getattr(user, "is_authenticated", False):
        return None
    partnerships = list(partnerships_visible_to(user).filter(participants__user=user).order_by("title"))
    if not partnerships:
        return None
    return Panel(
        title="Your partnerships",
        template="partnerships/_dashboard_panel.html",
        context={"partnerships": partnerships, "reminders": reminders_for_user(user)},
        order=20,
    )


# Programme view ----------------------------------------------------------------------------------------


@dataclass
class ProgrammeRow:
    partnership: Partnership
    results: Results | None
    warnings: list[str]
    exit_due_in_days: int | None
    reminders: list[Reminder]


def programme_rows(programme: Any, today: date | None = None) -> list[ProgrammeRow]:
    today = today or timezone.localdate()
    rows = []
    for p in programme.partnerships.order_by("title").prefetch_related("champions", "deliverables"):
        results = latest_results(p)
        exit_in = (p.planned_exit_date - today).days if p.planned_exit_date else None
        rows.append(
            ProgrammeRow(p, results, results.warnings if results else [], exit_in, reminders_for(p, today))
        )
    return rows


def programmes_visible_to(user: Any) -> QuerySet[Programme]:
    if not getattr(user, "is_coordinator", False):
        return Programme.objects.none()
    return Programme.objects.all()
