"""Lessons and readers for the learning tests, on top of the shared cast in tests/people_helpers.py."""

from typing import Any

from joinedup.accounts.models import Role
from joinedup.learning import services
from joinedup.learning.models import Lesson, LessonState
from tests import people_helpers as cast


def places() -> dict[str, Any]:
    return {
        "leeds": cast.place(population=800_000),
        "bradford": cast.place("E08000032", "Bradford", population=540_000),
        "essex": cast.place(
            "E10000012",
            "Essex",
            region="East of England",
            kind="CTY",
            kind_name="County",
            population=1_500_000,
        ),
    }


def author() -> Any:
    return cast.person("author@example.gov.uk", "Ada Author")


def coordinator() -> Any:
    return cast.person("coord@example.gov.uk", "Cora Coordinator", role=Role.COORDINATOR)


def reader() -> Any:
    return cast.person("reader@example.gov.uk", "Rae Reader")


LESSONS = [
    (
        "Pooled budgets need one accountable officer",
        "The pooled fund stalled for a year until a single chief executive agreed to hold the money on behalf "
        "of every partner and answer to each board for it.",
        "essex",
    ),
    (
        "A single key worker keeps families engaged",
        "Families with many problems stayed with the programme when one trusted worker coordinated the "
        "services around them instead of six agencies visiting separately.",
        "leeds",
    ),
    (
        "Sharing case records needs a data protection lead early",
        "Health visitors and social workers could not see each other's records for months; naming an "
        "information governance lead in the first week would have saved that time.",
        "bradford",
    ),
    (
        "Volunteer drivers reduced missed hospital appointments",
        "A community transport scheme run by volunteers took older people to outpatient clinics, and missed "
        "appointments fell.",
        "leeds",
    ),
]


def published_lessons(by: Any = None) -> list[Lesson]:
    where = places()
    out = []
    for number, (title, summary, place) in enumerate(LESSONS, start=1):
        out.append(
            services.lesson_create(
                ref=f"T-{number}",
                title=title,
                summary=summary,
                places=[where[place]],
                authors=[by] if by else [],
                state=LessonState.PUBLISHED,
            )
        )
    return out
