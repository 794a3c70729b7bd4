"""joinedup import-people FILE.csv — all or nothing: every row is checked before any is written."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.people.csvrows import read_people_csv
from joinedup.people.selectors import people_csv_reference
from joinedup.people.services import people_import, people_import_conflicts


# Command opening alike in shape to export-people (one file argument): each command's own help and handling.
class Command(BaseCommand):
    help = "Import or update people from a CSV (id,name,email,sector,organisation,level,places,policy_areas,offers,seeks)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open(newline="", encoding="utf-8-sig") as stream:
            rows, errors = read_people_csv(stream, people_csv_reference())
        if not errors:
            errors = people_import_conflicts(rows=rows)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing imported: {len(errors)} error(s) in {path.name}")
        result = people_import(rows=rows)
        self.stdout.write(f"Imported {len(rows)} people: {result.created} added, {result.updated} updated")
