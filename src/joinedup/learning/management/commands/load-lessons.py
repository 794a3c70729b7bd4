"""`joinedup load-lessons [FILE.json]`: create or update the lessons library from the shipped data (or a file of
the same schema). Safe to run again; one bad lesson and nothing is written."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.learning.library import DATA_FILE, LibraryError, library_load


class Command(BaseCommand):
    help = f"Load the lessons library ({DATA_FILE} in the package, or FILE) — idempotent, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="A lessons file of the same schema")

    def handle(self, *args: Any, **options: Any) -> None:
        data = None
        if path := options.get("file"):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            report = library_load(data)
        except LibraryError as failed:
            raise CommandError("Nothing was loaded:\n" + "\n".join(failed.errors)) from failed
        self.stdout.write(report.summary())
        if report.unchanged_refs_not_in_file:
            refs = ", ".join(report.unchanged_refs_not_in_file)
            self.stdout.write(f"Left alone (no longer in the file): {refs}")
