"""Email each person their partnership reminders: at most once per reminder per day, however often it runs."""

from collections import defaultdict
from datetime import date
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.partnerships.models import Participant, ParticipantRole, Partnership, ReminderSent, State
from joinedup.partnerships.selectors import Reminder, reminders_for


class Command(BaseCommand):
    help = (
        "Send partnership reminders by email (exit near, deliverable overdue, champion missing, check due)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        outbox = self.collect(today)
        sent = sum(self.send(user, reminders, today) for user, reminders in outbox.items())
        self.stdout.write(f"Sent {sent} reminder emails for {today:%Y-%m-%d}.")

    def collect(self, today: date) -> dict[User, list[Reminder]]:
        outbox: dict[User, list[Reminder]] = defaultdict(list)
        for partnership in Partnership.objects.exclude(state=State.CLOSED):
            reminders = reminders_for(partnership, today)
            if not reminders:
                continue
            people = Participant.objects.filter(partnership=partnership, left_on=None).select_related("user")
            for participant in people:
                for reminder in reminders:
                    if participant.role == ParticipantRole.LEAD or reminder.for_members:
                        outbox[participant.user].append(reminder)
        return outbox

    def send(self, user: User, reminders: list[Reminder], today: date) -> int:
        """Claims each reminder for today first (a unique row), so a second run or a second worker sends nothing."""
        fresh = [r for r in reminders if self.claim(user, r.key, today)]
        if not fresh:
            return 0
        lines = "\n".join(f"- {r.message}" for r in fresh)
        send_mail(
            subject=f"Joined Up: {len(fresh)} partnership reminder{'s' if len(fresh) > 1 else ''}",
            message=f"Hello {user.get_short_name()},\n\n{lines}\n\nSee your dashboard on Joined Up for details.\n",
            from_email=None,
            recipient_list=[user.email],
        )
        return 1

    def claim(self, user: User, key: str, today: date) -> bool:
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=user, key=key, sent_on=today)
        except IntegrityError:
            return False
        return True
