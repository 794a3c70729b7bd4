"""Partnership events that come from dates, for the daily reminder run (notifications.reminders), registered in
apps.py: the charter's rhythm (a plan at three months, a review at about ten, an outcome prompt at exit: the
`charter_reminders_due` selector), and health-check rounds opening today, closing tomorrow, or closed (results
shown, above the anonymity threshold). Each has a key per step or round and event, so it reaches each person once."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Q

from joinedup.accounts.models import User
from joinedup.notifications.models import Kind
from joinedup.notifications.reminders import Reminder
from joinedup.partnerships.models import HealthCheck
from joinedup.partnerships.selectors import charter_reminders_due


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
        people = list(
            User.objects.filter(
                partnership_roles__partnership=check.partnership,
                partnership_roles__left_on__isnull=True,
                is_active=True,
            )  # fmt: skip
        )
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
