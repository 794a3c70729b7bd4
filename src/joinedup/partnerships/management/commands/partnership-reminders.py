"""Partnership reminders (exit near, deliverable overdue, champion missing, health check due), as notifications.

The daily notifications run (`joinedup notifications-run`) emits these with every other reminder; this command is
kept for schedules that still call it, and for emitting them for another day. It sends no email of its own: each
lead gets them as their notification preferences say (at once, in a digest, or not at all), once a week each.
"""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from joinedup.notifications.reminders import reminders_emit
from joinedup.partnerships.apps import STANDING


class Command(BaseCommand):
    help = "Emit partnership reminders as notifications (exit near, deliverable overdue, champion missing, check due)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        made = reminders_emit(on=today, only=STANDING)
        self.stdout.write(f"Made {made} partnership reminder notifications for {today:%Y-%m-%d}.")
