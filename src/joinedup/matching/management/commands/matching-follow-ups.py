"""Ask people introduced a week ago whether they met (run daily; running it twice asks nobody twice)."""

from typing import Any

from django.core.management.base import BaseCommand

from joinedup.matching import services


class Command(BaseCommand):
    help = 'Send the "did you meet?" emails due a week after each introduction.'

    def handle(self, *args: Any, **options: Any) -> None:
        sent = services.match_follow_ups_send()
        self.stdout.write(f'Sent {sent} "did you meet?" emails.')
