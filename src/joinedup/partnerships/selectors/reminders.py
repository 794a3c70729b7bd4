"""What needs doing in a partnership: the reminders leads and members see, and the charter's rhythm (a plan at
three months, a review at about ten, an outcome prompt at exit) for the notifications to send."""

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from joinedup.accounts.actors import Actor
from joinedup.accounts.models import User
from joinedup.core.panels import Panel
from joinedup.partnerships.models import Participant, ParticipantRole, Partnership, Side, State
from joinedup.partnerships.selectors.access import partnerships_visible_to

EXIT_NEAR_DAYS = 30
CHECK_DUE_DAYS = 90


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


def reminders_for_user(user: Actor, today: date | None = None) -> list[Reminder]:
    """Leads see every reminder of their partnerships; members see the open health checks."""
    today = today or timezone.localdate()
    if not user.is_authenticated:
        return []
    found = []
    roles = Participant.objects.filter(user=user, left_on=None).select_related("partnership")
    for participant in roles:
        for reminder in reminders_for(participant.partnership, today):
            if participant.role == ParticipantRole.LEAD or reminder.for_members:
                found.append(reminder)
    return found


def dashboard_panel(_obj: object, user: Actor) -> Panel | None:
    if not user.is_authenticated:
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


# The charter's rhythm ------------------------------------------------------------------------------------

PLAN_AFTER_MONTHS = 3
REVIEW_AFTER_MONTHS = 10
# A charter reminder stays due this long after its date, so a day the notifications did not run loses nothing;
# each reminder's `key` is the same every day it is due, so whoever sends it sends it once.
CHARTER_REMINDER_DUE_DAYS = 30
CHARTER_STEPS = {
    "plan": "Plan",
    "review": "Review",
    "outcome": "Outcome review",
}


@dataclass(frozen=True)
class CharterReminder:
    """One step of the charter's rhythm for one partnership: what, when, and to whom (its current leads and
    champions)."""

    partnership: Partnership
    kind: str  # one of CHARTER_STEPS
    due_on: date
    to: tuple[User, ...]

    @property
    def key(self) -> str:
        return f"charter-{self.kind}:{self.partnership.pk}:{self.due_on:%Y-%m-%d}"

    @property
    def label(self) -> str:
        return CHARTER_STEPS[self.kind]

    @property
    def message(self) -> str:
        what = {
            "plan": "agree the plan for the next months, three months after the start",
            "review": "review the charter (is the shared outcome still right, are the costs fair?)",
            "outcome": "record the outcome: the planned exit date has come",
        }[self.kind]
        return f"{self.partnership}: {what}. Due on {self.due_on:%-d %B %Y}."


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 January + 1 = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def charter_steps(partnership: Partnership) -> list[CharterReminder]:
    """The charter's dated steps, earliest first: those its dates allow (none for a closed partnership), not yet
    addressed to anyone."""
    to: tuple[User, ...] = ()
    if partnership.state == State.CLOSED:
        return []
    steps = []
    if partnership.start_date is not None:
        steps.append(
            CharterReminder(partnership, "plan", add_months(partnership.start_date, PLAN_AFTER_MONTHS), to)
        )
        steps.append(
            CharterReminder(
                partnership, "review", add_months(partnership.start_date, REVIEW_AFTER_MONTHS), to
            )
        )
    if partnership.planned_exit_date is not None:
        steps.append(CharterReminder(partnership, "outcome", partnership.planned_exit_date, to))
    return sorted(steps, key=lambda step: step.due_on)


def next_charter_step(partnership: Partnership, today: date) -> CharterReminder | None:
    """The step the partnership page shows: the first not yet past its due period."""
    window = timedelta(days=CHARTER_REMINDER_DUE_DAYS)
    return next((s for s in charter_steps(partnership) if s.due_on + window >= today), None)


def _leads_and_champions(partnership: Partnership) -> tuple[User, ...]:
    people = [
        p.user for p in partnership.participants.all() if p.left_on is None and p.role == ParticipantRole.LEAD
    ]
    people += [c.user for c in partnership.champions.all() if c.left_on is None]
    return tuple(sorted(set(people), key=lambda user: user.pk))


def charter_reminders_due(on: date) -> list[CharterReminder]:
    """Every charter step due on `on` (from its date to CHARTER_REMINDER_DUE_DAYS after), across all open
    partnerships, addressed to each partnership's current leads and champions. Notify once per `key`."""
    window = timedelta(days=CHARTER_REMINDER_DUE_DAYS)
    partnerships = (
        Partnership.objects.exclude(state=State.CLOSED)
        .filter(Q(start_date__isnull=False) | Q(planned_exit_date__isnull=False))
        .order_by("pk")
        .prefetch_related("participants__user", "champions__user")
    )
    due: list[CharterReminder] = []
    for partnership in partnerships:
        steps = [s for s in charter_steps(partnership) if s.due_on <= on <= s.due_on + window]
        if steps:
            to = _leads_and_champions(partnership)
            due.extend(replace(step, to=to) for step in steps)
    return due
