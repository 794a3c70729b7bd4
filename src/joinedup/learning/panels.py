"""Panels the learning app adds to place pages and situation pages (registered in apps.py)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from joinedup.accounts.actors import Actor
from joinedup.core.panels import Panel
from joinedup.learning.models import Initiative, Lesson, LessonState
from joinedup.learning.selectors import lessons_visible_to


@dataclass(frozen=True)
class TimelineEntry:
    year: int
    end_year: int | None
    kind: str
    title: str
    url: str


def place_timeline(initiatives: list[Initiative], lessons: list[Lesson]) -> list[TimelineEntry]:
    """Initiatives and published lessons in a place, oldest first (a list: it is its own text alternative)."""
    entries = [
        TimelineEntry(i.start_year, i.end_year, "Initiative", i.name, i.get_absolute_url())
        for i in initiatives
    ]
    entries += [
        TimelineEntry(lesson.published_at.year, None, "Lesson", lesson.title, lesson.get_absolute_url())
        for lesson in lessons
        if lesson.published_at
    ]
    return sorted(entries, key=lambda e: (e.year, e.kind, e.title))


def place_panel(place: Any, user: Actor) -> Panel | None:
    if not getattr(user, "is_authenticated", False):
        return None
    initiatives = list(Initiative.objects.filter(places=place))
    lessons = list(
        Lesson.objects.filter(places=place, state=LessonState.PUBLISHED).order_by("-published_at")[:20]
    )
    context = {
        "place": place,
        "initiatives": initiatives,
        "lessons": lessons,
        "timeline": place_timeline(initiatives, lessons),
    }
    return Panel("Initiatives and lessons here", "learning/panels/place.html", context, order=60)


def situation_panel(situation: Any, user: Actor) -> Panel | None:
    # The situation page has already checked membership; of the lessons linked to the situation or published
    # from its places, show only those this user may open.
    here = Q(situation=situation) | Q(places__in=situation.places.all(), state=LessonState.PUBLISHED)
    lessons = list(lessons_visible_to(user).filter(here).distinct().order_by("-published_at")[:10])
    return Panel(
        "Lessons", "learning/panels/situation.html", {"situation": situation, "lessons": lessons}, order=70
    )
