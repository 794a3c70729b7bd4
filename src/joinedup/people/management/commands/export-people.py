"""joinedup export-people FILE.csv — the same columns import-people reads, so a file round-trips."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from joinedup.people.csvrows import write_people_csv
from joinedup.people.selectors import profile_csv_rows


class Command(BaseCommand):
    help = "Export every profile to a CSV in import-people's format"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        with path.open("w", newline="", encoding="utf-8") as stream:
            count = write_people_csv(stream, profile_csv_rows())
        self.stdout.write(f"Exported {count} people to {path}")
