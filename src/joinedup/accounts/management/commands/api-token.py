from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.accounts.models import TokenScope, User
from joinedup.accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Print a new API token for the user with this email address. It reads only unless --scope write, and"
        " expires after --days (JOINEDUP_API_TOKEN_DAYS by default). Coordinators and admins need a confirmed"
        " authenticator app when two-factor authentication is required."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        parser.add_argument(
            "--days", type=int, default=None, help=f"default {settings.JOINEDUP_API_TOKEN_DAYS}"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"No user has the email address {options['email']}")
        try:
            raw = api_token_create(user=user, scope=options["scope"], days=options["days"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(raw)
