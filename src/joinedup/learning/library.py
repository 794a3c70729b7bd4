"""The shipped lessons library: lessons drawn from public evaluations of UK place-based working, kept as
versioned data (data/lessons-v1.json) and loaded by `joinedup load-lessons`.

Each lesson is written in our own words and cites one source (title, publisher, year, URL, licence). Loading
is idempotent (a lesson is found again by its ref and updated, never duplicated) and all or nothing: every
lesson is checked first, and one bad lesson writes nothing. Lessons no longer in the file are left alone.
"""

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from joinedup.learning import search
from joinedup.learning.models import (
    ContextFactor,
    EvidenceRating,
    EvidenceStrength,
    Initiative,
    Lesson,
    LessonFactor,
    LessonState,
)
from joinedup.people.models import PolicyArea
from joinedup.places.models import Place

SCHEMA_VERSION = 1
DATA_FILE = "lessons-v1.json"
SOURCE = "library"
TEXT_FIELDS = (
    "title",
    "summary",
    "effect",
    "mechanism",
    "moderators",
    "implementation",
    "economics",
    "transfer_factors",
    "evidence_rating_reason",
)
SOURCE_FIELDS = ("title", "publisher", "url", "licence")
OPTIONAL_FIELDS = ("initiative", "places", "policy_areas", "factors", "quotation", "kind_of_evidence")
QUOTATION_MAX = 300


class LibraryError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class CheckedLesson:
    ref: str
    fields: dict[str, Any]
    places: list[Place] = field(default_factory=list)
    policy_areas: list[PolicyArea] = field(default_factory=list)
    factors: dict[str, bool] = field(default_factory=dict)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged_refs_not_in_file: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"Loaded the lessons library: {self.created} created, {self.updated} updated."


def shipped_data() -> dict[str, Any]:
    """The lessons file inside the package (parsed, unchecked)."""
    text = resources.files("joinedup.learning").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _check_source(key: str, source: Any) -> list[str]:
    where = f"source {key!r}"
    if not isinstance(source, dict):
        return [f"{where}: must be an object with {', '.join(SOURCE_FIELDS)} and year"]
    errors = [f"{where}: {name} is required" for name in SOURCE_FIELDS if not source.get(name)]
    # The year is required as a key; null says the source does not state it (never guessed).
    if "year" not in source:
        errors.append(f"{where}: year is required (null when the source does not give it)")
    year = source.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100):
        errors.append(f"{where}: year must be a whole number such as 2016, or null")
    if not isinstance(source.get("note", ""), str) or len(source.get("note", "")) > 400:
        errors.append(f"{where}: note must be text of at most 400 characters")
    if url := source.get("url"):
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors.append(f"{where}: url {url!r} is not a web address")
    return errors


def _lookups() -> tuple[dict[str, Initiative], dict[str, Place], dict[str, PolicyArea]]:
    return (
        {i.slug: i for i in Initiative.objects.all()},
        {p.gss_code: p for p in Place.objects.all()},
        {a.slug: a for a in PolicyArea.objects.all()},
    )


def _check_lesson(  # noqa: C901 - one flat list of checks reads better than several helpers
    number: int,
    row: Any,
    sources: dict[str, Any],
    seen: set[str],
    lookups: tuple[dict[str, Initiative], dict[str, Place], dict[str, PolicyArea]],
) -> tuple[CheckedLesson | None, list[str]]:
    if not isinstance(row, dict):
        return None, [f"lesson {number}: must be an object"]
    ref = str(row.get("ref") or "").strip()
    where = f"lesson {number} ({ref})" if ref else f"lesson {number}"
    errors = []
    if not ref:
        errors.append(f"{where}: ref is required")
    elif ref in seen:
        errors.append(f"{where}: ref {ref!r} is repeated in the file")
    elif len(ref) > 40:
        errors.append(f"{where}: ref is at most 40 characters")
    seen.add(ref)
    known = {"ref", "source", "evidence_rating", *TEXT_FIELDS, *OPTIONAL_FIELDS}
    if unknown := sorted(set(row) - known):
        errors.append(f"{where}: unknown fields {', '.join(unknown)}")
    for name in TEXT_FIELDS:
        value = row.get(name)
        if not isinstance(value, str) or not value.strip():
            errors.append(f"{where}: {name} is required")
    if len(str(row.get("title") or "")) > 200:
        errors.append(f"{where}: title is at most 200 characters")
    rating = row.get("evidence_rating")
    if not isinstance(rating, int) or isinstance(rating, bool) or rating not in EvidenceRating.values:
        errors.append(f"{where}: evidence_rating must be a whole number from 1 to 5")
    kind = row.get("kind_of_evidence", EvidenceStrength.ANECDOTE)
    if kind not in EvidenceStrength.values:
        errors.append(f"{where}: kind_of_evidence must be one of {', '.join(EvidenceStrength.values)}")
    quotation = row.get("quotation", "")
    if not isinstance(quotation, str) or len(quotation) > QUOTATION_MAX:
        errors.append(f"{where}: quotation must be text of at most {QUOTATION_MAX} characters")
    source = sources.get(str(row.get("source") or ""))
    if source is None:
        errors.append(f"{where}: source {row.get('source')!r} is not among the file's sources")
    initiatives, places, areas = lookups
    initiative = None
    if slug := row.get("initiative"):
        initiative = initiatives.get(slug)
        if initiative is None:
            errors.append(f"{where}: no initiative {slug!r} (run `joinedup learning load-initiatives` first)")
    checked = CheckedLesson(ref, {})
    for code in row.get("places", []):
        if code in places:
            checked.places.append(places[code])
        else:
            errors.append(f"{where}: no place with GSS code {code!r} (run `joinedup load-reference` first)")
    for slug in row.get("policy_areas", []):
        if slug in areas:
            checked.policy_areas.append(areas[slug])
        else:
            errors.append(f"{where}: no policy area {slug!r}")
    factors = row.get("factors", {})
    if not isinstance(factors, dict):
        errors.append(f"{where}: factors must map a factor to true (present) or false (missing)")
        factors = {}
    for name, present in factors.items():
        if name not in ContextFactor.values or not isinstance(present, bool):
            errors.append(
                f"{where}: factor {name!r} must be one of the context factors, set to true or false"
            )
        else:
            checked.factors[name] = present
    if errors or source is None:
        return None, errors
    checked.fields = {
        **{name: row[name].strip() for name in TEXT_FIELDS},
        "evidence_rating": rating,
        "evidence_strength": kind,
        "initiative": initiative,
        "source_title": source["title"],
        "source_publisher": source["publisher"],
        "source_year": source["year"],
        "source_url": source["url"],
        "source_licence": source["licence"],
        "source_quotation": quotation,
        "source_note": source.get("note", ""),
    }
    return checked, []


def library_check(data: Any) -> list[CheckedLesson]:
    """Every lesson checked against the schema and the database's initiatives, places and policy areas;
    raises LibraryError naming every problem."""
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        raise LibraryError([f"the file must be an object with schema_version {SCHEMA_VERSION}"])
    sources = data.get("sources")
    lessons = data.get("lessons")
    if not isinstance(sources, dict) or not isinstance(lessons, list) or not lessons:
        raise LibraryError(["the file needs a 'sources' object and a non-empty 'lessons' list"])
    errors = [e for key, source in sources.items() for e in _check_source(key, source)]
    lookups = _lookups()
    seen: set[str] = set()
    checked = []
    for number, row in enumerate(lessons, start=1):
        lesson, row_errors = _check_lesson(number, row, sources, seen, lookups)
        errors += row_errors
        if lesson:
            checked.append(lesson)
    if errors:
        raise LibraryError(errors)
    return checked


@transaction.atomic
def library_load(data: Any = None) -> LoadReport:
    """Create or update the library's lessons (published), all or none. Vectors are embedded in one batch."""
    rows = library_check(shipped_data() if data is None else data)
    report = LoadReport()
    now = timezone.now()
    lessons = []
    for row in rows:
        lesson = Lesson.objects.filter(ref=row.ref).first()
        if lesson is not None and lesson.source != SOURCE:
            raise LibraryError([f"lesson {row.ref}: that ref belongs to a lesson not from the library"])
        if lesson is None:
            lesson = Lesson(ref=row.ref, source=SOURCE, state=LessonState.PUBLISHED, published_at=now)
            report.created += 1
        else:
            report.updated += 1
        for name, value in row.fields.items():
            setattr(lesson, name, value)
        lesson.full_clean()
        lesson.save()
        lesson.places.set(row.places)
        lesson.policy_areas.set(row.policy_areas)
        lesson.factors.all().delete()
        LessonFactor.objects.bulk_create(
            LessonFactor(lesson=lesson, factor=f, present=p) for f, p in row.factors.items()
        )
        lessons.append(lesson)
    in_file = {row.ref for row in rows}
    report.unchanged_refs_not_in_file = sorted(
        set(Lesson.objects.filter(source=SOURCE).values_list("ref", flat=True)) - in_file
    )
    for lesson in lessons:
        lesson.search_document = lesson.body_text()
        Lesson.objects.filter(pk=lesson.pk).update(search_document=lesson.search_document)
        search.fts_sync(lesson)
    search.vectors_refresh(lessons)
    return report
