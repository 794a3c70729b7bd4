"""`joinedup load-reference`: load places and organisations from the reference data in the package."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from joinedup.places.reference import ReferenceDataError
from joinedup.places.services import reference_load

SHOWN = 10


class Command(BaseCommand):
    help = "Load UK places and organisations from the bundled reference data (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = reference_load()
        except ReferenceDataError as error:
            raise CommandError(f"The reference data has problems; nothing was loaded.\n{error}") from error
        for part in (report.places, report.organisations):
            self.stdout.write(part.summary())
            self._names("updated", part.updated)
            self._names("retired", part.retired)

    def _names(self, what: str, names: list[str]) -> None:
        if names:
            more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
            self.stdout.write(f"  {what}: {', '.join(sorted(names)[:SHOWN])}{more}")
