"""`joinedup learning import FILE.csv`, `joinedup learning search QUERY`, `joinedup learning load-initiatives`,
`joinedup learning reindex`."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from joinedup.learning import search
from joinedup.learning.imports import ImportFailed, lessons_import
from joinedup.learning.initiatives import initiatives_load
from joinedup.learning.models import Lesson, LessonState
from joinedup.learning.selectors import MODES, lesson_search
from joinedup.learning.services import lesson_index


class Command(BaseCommand):
    help = "The learning library: import lessons, search them, load the reference initiatives."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import lessons from a CSV file (all rows or none)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--state", choices=LessonState.values, default=LessonState.PUBLISHED)
        find = sub.add_parser("search", help="Search published lessons")
        find.add_argument("query")
        find.add_argument("--mode", choices=MODES, default="hybrid")
        find.add_argument("--limit", type=int, default=10)
        find.add_argument("--json", action="store_true", help="Print a JSON list of {ref, title, score}")
        sub.add_parser("load-initiatives", help="Create or update the reference initiatives")
        sub.add_parser("reindex", help="Rebuild the keyword index and embed lessons whose text changed")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "import":
            self._import(options["file"], options["state"])
        elif action == "search":
            self._search(options["query"], options["mode"], options["limit"], options["json"])
        elif action == "load-initiatives":
            self.stdout.write(f"Loaded {initiatives_load()} initiatives.")
        else:
            lessons = list(Lesson.objects.all())
            for lesson in lessons:
                lesson_index(lesson)
            self.stdout.write(f"Reindexed {len(lessons)} lessons ({search.semantic_backend_name()}).")

    def _import(self, path: Path, state: str) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            lessons = lessons_import(text=text, state=state)
        except ImportFailed as failed:
            raise CommandError("Nothing was imported:\n" + "\n".join(failed.errors)) from failed
        self.stdout.write(f"Imported {len(lessons)} lessons ({state}).")

    def _search(self, query: str, mode: str, limit: int, as_json: bool) -> None:
        if limit < 1:
            raise CommandError("--limit must be at least 1")
        result = lesson_search(query=query, mode=mode, limit=limit)
        if result.message and not result.hits:
            if as_json:
                self.stdout.write("[]")
            self.stderr.write(result.message)
            return
        hits = [{"ref": h.lesson.ref, "title": h.lesson.title, "score": h.score} for h in result.hits]
        if as_json:
            self.stdout.write(json.dumps(hits, ensure_ascii=False))
            return
        for rank, hit in enumerate(hits, start=1):
            self.stdout.write(f"{rank:>2}. {hit['ref']}  {hit['title']}  ({hit['score']})")
