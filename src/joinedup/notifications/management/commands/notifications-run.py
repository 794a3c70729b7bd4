"""`joinedup notifications-run`: the hourly run (cron it at a minute past each hour, or let a worker's schedule
call it): reminders due today, then the daily digests due this hour and the weekly ones due this hour and day.

Safe to run twice in an hour, or to retry: reminders carry dedupe keys and digests a key per person and period.
--queue puts the run on the job queue instead of running it here; --at runs it for a past hour (catching up).
"""

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from joinedup.jobs.services import job_enqueue
from joinedup.notifications.reminders import reminders_emit
from joinedup.notifications.services import digests_run


class Command(BaseCommand):
    help = "Emit due reminders and build this hour's email digests (idempotent; run hourly)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue", action="store_true", help="Run it as a background job instead")
        parser.add_argument("--at", help="The hour to run for, ISO 8601 (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        at = datetime.fromisoformat(options["at"]) if options["at"] else timezone.now()
        if timezone.is_naive(at):
            at = timezone.make_aware(at)
        if options["queue"]:
            job = job_enqueue(kind="notifications.digests", params={"now": at.isoformat()})
            self.stdout.write(f"Queued job {job.pk}")
            return
        made = reminders_emit(on=timezone.localdate(at))
        result = digests_run(now=at)
        self.stdout.write(
            f"{made} reminders; daily digests: {result['daily']['deliveries']}, "
            f"weekly: {result['weekly']['deliveries']} (for {result['period_end']})"
        )
