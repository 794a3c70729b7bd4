"""Partnership events that come from dates, for the daily reminder run (notifications.reminders), registered in
apps.py: the charter's rhythm (a plan at three months, a review at about ten, an outcome prompt at exit: the
`charter_reminders_due` selector), and health-check rounds opening today, closing tomorrow, or closed (results
shown, above the anonymity threshold). Each has a key per step or round and event, so it reaches each person once.
And what a partnership's leads should act on while it lasts (an exit date near, a deliverable overdue, a side with
no senior champion, no health check for three months): once a week each, as notifications that each lead can
take at once, in a digest or not at all."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Q

from joinedup.notifications.models import Kind
from joinedup.notifications.reminders import Reminder
from joinedup.partnerships.models import HealthCheck, ParticipantRole, Partnership, State
from joinedup.partnerships.selectors import charter_reminders_due, current_members, reminders_for

# The standing reminders of partnerships.selectors.reminders_for, by the first part of their key. Its
# "check-open" reminders are left out: health_check_reminders below already tells everyone a round opened and
# that it closes tomorrow.
STANDING_KINDS = {
    "exit": Kind.EXIT_NEAR,
    "overdue": Kind.DELIVERABLE_OVERDUE,
    "champion": Kind.CHAMPION_MISSING,
    "check-due": Kind.HEALTH_CHECK_DUE,
}


def charter_reminders(on: date) -> Iterator[Reminder]:
    for step in charter_reminders_due(on):
        yield Reminder(
            recipients=step.to, kind=Kind.CHARTER_REVIEW_DUE, object_key=f"partnership:{step.partnership.pk}",
            title=str(step.partnership), url=step.partnership.get_absolute_url(), message=step.message,
            dedupe_key=step.key,
        )  # fmt: skip


def health_check_reminders(on: date) -> Iterator[Reminder]:
    tomorrow, yesterday = on + timedelta(days=1), on - timedelta(days=1)
    due = HealthCheck.objects.filter(
        Q(opens_on=on, closed_early_on__isnull=True)
        | Q(closes_on=tomorrow, closed_early_on__isnull=True)
        | Q(closes_on=yesterday, closed_early_on__isnull=True)
        | Q(closed_early_on__in=[yesterday, on])
    ).select_related("partnership")
    for check in due:
        people = list(current_members(check.partnership).filter(is_active=True))
        if check.closed_early_on or check.closes_on == yesterday:
            kind, event, message = (
                Kind.RESULTS_RELEASED,
                "closed",
                "The health check has closed: see its results.",
            )
        elif check.opens_on == on:
            kind, event, message = (
                Kind.HEALTH_CHECK_OPENED,
                "opened",
                "A health check is open: add your answers.",
            )
        else:
            kind, event, message = (
                Kind.HEALTH_CHECK_CLOSING, "closing", "The health check closes tomorrow: answer before then.",
            )  # fmt: skip
        yield Reminder(
            recipients=people, kind=kind, object_key=f"partnership:{check.partnership_id}",
            title=str(check.partnership), url=check.get_absolute_url(), message=message,
            dedupe_key=f"health-check:{check.pk}:{event}",
        )  # fmt: skip


def standing_reminders(on: date) -> Iterator[Reminder]:
    """What each open partnership's leads should act on, while it lasts: at most once a week per condition (the
    week is in the dedupe key), so a champion missing for months is a weekly line, not a daily email."""
    year, week, _ = on.isocalendar()
    partnerships = Partnership.objects.exclude(state=State.CLOSED).prefetch_related(
        "deliverables", "champions__user", "health_checks"
    )
    for partnership in partnerships:
        due = [r for r in reminders_for(partnership, on) if r.key.split(":")[0] in STANDING_KINDS]
        if not due:
            continue
        leads = list(current_members(partnership, role=ParticipantRole.LEAD).filter(is_active=True))
        for r in due:
            yield Reminder(
                recipients=leads, kind=STANDING_KINDS[r.key.split(":")[0]],
                object_key=f"partnership:{partnership.pk}", title=str(partnership),
                url=partnership.get_absolute_url(), message=r.message, dedupe_key=f"{r.key}:{year}-W{week:02d}",
            )  # fmt: skip
