from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.accounts.models import User
from joinedup.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Print a new API token for the user with this email address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower()).first()
        if user is None:
            raise CommandError(f"No user has the email address {options['email']}")
        self.stdout.write(api_token_create(user=user))
