"""Writes for the learning library. Every write keeps the keyword index and stored vectors in step."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.core.illustrative import DEMO_DOMAIN
from joinedup.learning import search
from joinedup.learning.models import Comment, EvidenceStrength, Lesson, LessonFactor, LessonState
from joinedup.people.models import PolicyArea
from joinedup.places.models import Place

# Who may move a lesson between states: coordinators any way; authors only their own, never to published.
AUTHOR_MOVES = {(LessonState.DRAFT, LessonState.REVIEWED), (LessonState.REVIEWED, LessonState.DRAFT)}
ALLOWED_MOVES = AUTHOR_MOVES | {
    (LessonState.REVIEWED, LessonState.PUBLISHED),
    (LessonState.DRAFT, LessonState.PUBLISHED),
    (LessonState.PUBLISHED, LessonState.DRAFT),
}


def lesson_index(lesson: Lesson) -> None:
    """Bring the keyword index and the stored vector up to date with the lesson's text."""
    document = lesson.body_text()
    if document != lesson.search_document:
        lesson.search_document = document
        Lesson.objects.filter(pk=lesson.pk).update(search_document=document)
    search.fts_sync(lesson)
    search.vectors_refresh([lesson])


def _next_ref() -> str:
    last = Lesson.objects.filter(ref__startswith="L-").order_by("-id").values_list("id", flat=True).first()
    number = (last or 0) + 1
    while Lesson.objects.filter(ref=f"L-{number:05d}").exists():
        number += 1
    return f"L-{number:05d}"


@transaction.atomic
def lesson_create(
    *,
    title: str,
    authors: Iterable[Any] = (),
    places: Iterable[Place] = (),
    policy_areas: Iterable[PolicyArea] = (),
    factors: Mapping[str, bool] | None = None,
    ref: str = "",
    **fields: Any,
) -> Lesson:
    """A new lesson (a draft unless `state` is given), validated, indexed and embedded."""
    lesson = Lesson(ref=ref or _next_ref(), title=title, **fields)
    lesson.full_clean()
    lesson.save()
    lesson.authors.set([a for a in authors if a is not None])
    lesson.places.set(places)
    lesson.policy_areas.set(policy_areas)
    lesson_factors_set(lesson=lesson, factors=factors or {})
    lesson_index(lesson)
    return lesson


@transaction.atomic
def lesson_update(
    *,
    lesson: Lesson,
    fields: Mapping[str, Any],
    places: Iterable[Place] | None = None,
    policy_areas: Iterable[PolicyArea] | None = None,
    factors: Mapping[str, bool] | None = None,
) -> Lesson:
    for name, value in fields.items():
        setattr(lesson, name, value)
    lesson.full_clean()
    lesson.save()
    if places is not None:
        lesson.places.set(places)
    if policy_areas is not None:
        lesson.policy_areas.set(policy_areas)
    if factors is not None:
        lesson_factors_set(lesson=lesson, factors=factors)
    lesson_index(lesson)
    return lesson


def lesson_factors_set(*, lesson: Lesson, factors: Mapping[str, bool]) -> None:
    lesson.factors.all().delete()
    LessonFactor.objects.bulk_create(
        LessonFactor(lesson=lesson, factor=f, present=p) for f, p in factors.items()
    )


def lesson_can_move(*, user: User, lesson: Lesson, to: str) -> bool:
    if (lesson.state, to) not in ALLOWED_MOVES or not getattr(user, "is_authenticated", False):
        return False
    if user.is_coordinator:
        return True
    return (lesson.state, to) in AUTHOR_MOVES and lesson.authors.filter(pk=user.pk).exists()


@transaction.atomic
def lesson_set_state(*, lesson: Lesson, to: str, by: User) -> Lesson:
    if to not in LessonState.values:
        raise ValidationError(f"No such state: {to}")
    if not lesson_can_move(user=by, lesson=lesson, to=to):
        raise PermissionDenied(f"You cannot move this lesson from {lesson.get_state_display()} to {to}.")
    lesson.state = to
    if to == LessonState.PUBLISHED:
        lesson.published_at = timezone.now()
    lesson.save(update_fields=["state", "published_at", "updated_at"])
    search.fts_sync(lesson)
    return lesson


def lesson_comment_add(*, lesson: Lesson, author: Any, body: str) -> Comment:
    body = body.strip()
    if not body:
        raise ValidationError("Write a comment before sending it.")
    return Comment.objects.create(lesson=lesson, author=author, body=body)


def lesson_from_exit_review_received(sender: Any, *, exit_review: Any, **kwargs: Any) -> Lesson:
    """Receiver of partnerships' exit_review_submitted signal (connected in apps.py)."""
    return lesson_create_from_exit_review(exit_review=exit_review)


def lesson_create_from_exit_review(*, exit_review: Any) -> Lesson:
    """A draft lesson from a partnership's exit review, its author the reviewer. Any object with the exit
    review's fields will do (read with getattr), so the partnerships app stays optional to this one."""
    partnership = getattr(exit_review, "partnership", None)
    title = str(getattr(partnership, "title", "") or "a partnership")
    places = (
        list(partnership.places.all()) if partnership is not None and hasattr(partnership, "places") else []
    )
    return lesson_create(
        title=f"Exit review: {title}"[:200],
        expected=str(getattr(exit_review, "set_out_to_do", "") or ""),
        happened=str(getattr(exit_review, "what_happened", "") or ""),
        differently=str(getattr(exit_review, "do_differently", "") or ""),
        why=str(getattr(exit_review, "helped_or_hindered", "") or ""),
        evidence_strength=EvidenceStrength.ANECDOTE,
        partnership_ref=getattr(partnership, "pk", None),
        partnership_title=title[:200],
        source="exit_review",
        authors=[getattr(exit_review, "submitted_by", None)],
        places=places,
    )


@transaction.atomic
def demo_lessons_delete() -> int:
    """Lessons the demo's exit reviews made (their author a demo person), before seed-demo makes them again."""
    deleted, _ = Lesson.objects.filter(
        source="exit_review", authors__email__endswith=f"@{DEMO_DOMAIN}"
    ).delete()
    return deleted
