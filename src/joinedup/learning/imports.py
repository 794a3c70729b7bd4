"""Importing lessons from CSV: every row is checked first, and nothing is written unless all rows are good."""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup import csvsafe
from joinedup.learning import search
from joinedup.learning.models import EvidenceStrength, Initiative, Lesson, LessonState
from joinedup.people.models import PolicyArea
from joinedup.places.models import Place

REQUIRED = ("ref", "title", "body")
OPTIONAL = ("initiative", "places", "policy_areas", "evidence_strength")
# Lists inside a cell are separated by semicolons (commas appear in place names).
LIST_SEPARATOR = ";"


# Same shape as library.LibraryError (an exception carrying a list of errors): could share one base class;
# left for later, as the two are caught in different places.
class ImportFailed(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class LessonRow:
    line: int
    ref: str
    title: str
    body: str
    initiative: Initiative | None = None
    places: list[Place] = field(default_factory=list)
    policy_areas: list[PolicyArea] = field(default_factory=list)
    evidence_strength: str = EvidenceStrength.ANECDOTE


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split(LIST_SEPARATOR) if part.strip()]


def _find_place(name: str) -> Place | None:
    return (
        Place.objects.filter(Q(gss_code__iexact=name) | Q(name__iexact=name)).order_by("-is_current").first()
    )


def _find_policy_area(name: str) -> PolicyArea | None:
    return PolicyArea.objects.filter(Q(slug__iexact=name) | Q(name__iexact=name)).first()


def _evidence(value: str) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return EvidenceStrength.ANECDOTE
    by_label = {label.lower(): key for key, label in EvidenceStrength.choices}
    return value if value in EvidenceStrength.values else by_label.get(value)


def _check_row(
    line: int, row: dict[str, str], seen: set[str], existing: set[str]
) -> tuple[LessonRow | None, list[str]]:
    errors = []
    ref, title, body = ((row.get(c) or "").strip() for c in REQUIRED)
    if not ref or not title or not body:
        errors.append(f"row {line}: ref, title and body are all required")
    if ref and (ref in seen or ref in existing):
        errors.append(
            f"row {line}: ref {ref!r} is {'repeated in the file' if ref in seen else 'already in the library'}"
        )
    if len(ref) > 40 or len(title) > 200:
        errors.append(f"row {line}: ref is at most 40 characters and title at most 200")
    seen.add(ref)
    parsed = LessonRow(line, ref, title, body)
    if slug := (row.get("initiative") or "").strip():
        parsed.initiative = Initiative.objects.filter(Q(slug__iexact=slug) | Q(name__iexact=slug)).first()
        if parsed.initiative is None:
            errors.append(f"row {line}: no initiative called {slug!r}")
    for name in _split(row.get("places", "")):
        if (place := _find_place(name)) is None:
            errors.append(f"row {line}: no place called {name!r} (use its name or GSS code)")
        else:
            parsed.places.append(place)
    for name in _split(row.get("policy_areas", "")):
        if (area := _find_policy_area(name)) is None:
            errors.append(f"row {line}: no policy area called {name!r}")
        else:
            parsed.policy_areas.append(area)
    if (evidence := _evidence(row.get("evidence_strength", ""))) is None:
        errors.append(f"row {line}: evidence_strength must be one of {', '.join(EvidenceStrength.values)}")
    else:
        parsed.evidence_strength = evidence
    return (None if errors else parsed), errors


def read_rows(text: str) -> list[LessonRow]:
    """Parse and check every row; raise ImportFailed naming each bad row (lines count the header as 1)."""
    try:
        return _read_rows(text)
    except csv.Error as error:  # a stray line break or quote: say where, rather than fail with a 500
        raise ImportFailed([f"the file is not valid CSV: {error}"]) from error


def _read_rows(text: str) -> list[LessonRow]:
    reader = csvsafe.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed([f"the header must include {', '.join(REQUIRED)} (missing: {', '.join(missing)})"])
    existing = set(Lesson.objects.values_list("ref", flat=True))
    seen: set[str] = set()
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        parsed, row_errors = _check_row(line, raw, seen, existing)
        errors += row_errors
        if parsed:
            rows.append(parsed)
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed(["the file has no lessons in it"])
    return rows


@transaction.atomic
def lessons_import(*, text: str, state: str = LessonState.PUBLISHED) -> list[Lesson]:
    """Import all rows or none. Vectors are embedded in one batch after the rows are written."""
    rows = read_rows(text)
    now = timezone.now() if state == LessonState.PUBLISHED else None
    lessons = []
    for row in rows:
        lesson = Lesson.objects.create(
            ref=row.ref,
            title=row.title,
            summary=row.body,
            initiative=row.initiative,
            evidence_strength=row.evidence_strength,
            state=state,
            source="import",
            published_at=now,
        )
        lesson.places.set(row.places)
        lesson.policy_areas.set(row.policy_areas)
        lessons.append(lesson)
    for lesson in lessons:
        lesson.search_document = lesson.body_text()
        Lesson.objects.filter(pk=lesson.pk).update(search_document=lesson.search_document)
        search.fts_sync(lesson)
    search.vectors_refresh(lessons)
    return lessons
