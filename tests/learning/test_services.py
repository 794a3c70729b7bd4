from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.learning import search, services
from joinedup.learning.models import EvidenceStrength, Lesson, LessonState, LessonVector
from joinedup.learning.selectors import lesson_get_for_user, lessons_visible_to
from tests.learning import helpers

pytestmark = pytest.mark.django_db


def _draft(author):
    return services.lesson_create(
        title="Co-locating teams sped up referrals",
        happened="Referrals took two days instead of ten once the teams sat together.",
        authors=[author],
        factors={"co_location": True, "pooled_funding": False},
    )


def test_it_creates_a_draft_with_a_reference_and_factors():
    lesson = _draft(helpers.author())
    assert lesson.state == LessonState.DRAFT
    assert lesson.ref.startswith("L-")
    assert {f.factor: f.present for f in lesson.factors.all()} == {
        "co_location": True,
        "pooled_funding": False,
    }
    assert "two days" in Lesson.objects.get(pk=lesson.pk).search_document


def test_it_rejects_an_invalid_lesson_and_writes_nothing():
    with pytest.raises(ValidationError):
        services.lesson_create(title="", evidence_strength="hearsay")
    assert not Lesson.objects.exists()


def test_it_stores_a_vector_and_does_not_embed_unchanged_lessons_again():
    lesson = _draft(helpers.author())
    if search.semantic_vectoriser() is None:
        pytest.skip("no model package: no stored vectors")
    assert LessonVector.objects.filter(lesson=lesson).count() == 1
    assert search.vectors_refresh([lesson]) == 0
    services.lesson_update(lesson=lesson, fields={"why": "Staff said so in interviews."})
    vector = LessonVector.objects.get(lesson=lesson)
    assert vector.text_hash == search.text_hash(lesson.search_text())


def test_it_lets_an_author_submit_their_draft_for_review_but_not_publish_it():
    author = helpers.author()
    lesson = _draft(author)
    services.lesson_set_state(lesson=lesson, to=LessonState.REVIEWED, by=author)
    assert Lesson.objects.get(pk=lesson.pk).state == LessonState.REVIEWED
    with pytest.raises(PermissionDenied):
        services.lesson_set_state(lesson=lesson, to=LessonState.PUBLISHED, by=author)


def test_it_lets_a_coordinator_publish():
    lesson = _draft(helpers.author())
    services.lesson_set_state(lesson=lesson, to=LessonState.PUBLISHED, by=helpers.coordinator())
    lesson.refresh_from_db()
    assert lesson.state == LessonState.PUBLISHED
    assert lesson.published_at is not None


def test_it_refuses_moves_by_someone_else():
    lesson = _draft(helpers.author())
    with pytest.raises(PermissionDenied):
        services.lesson_set_state(lesson=lesson, to=LessonState.REVIEWED, by=helpers.reader())
    with pytest.raises(ValidationError):
        services.lesson_set_state(lesson=lesson, to="archived", by=helpers.coordinator())


def test_it_shows_drafts_only_to_authors_and_coordinators():
    author, reader, coordinator = helpers.author(), helpers.reader(), helpers.coordinator()
    lesson = _draft(author)
    assert lesson in lessons_visible_to(author)
    assert lesson in lessons_visible_to(coordinator)
    assert lesson not in lessons_visible_to(reader)
    with pytest.raises(Exception, match="No such lesson"):
        lesson_get_for_user(user=reader, ref=lesson.ref)


def test_it_adds_comments_and_refuses_empty_ones():
    lesson = _draft(helpers.author())
    comment = services.lesson_comment_add(lesson=lesson, author=helpers.reader(), body="  Useful, thanks. ")
    assert comment.body == "Useful, thanks."
    with pytest.raises(ValidationError):
        services.lesson_comment_add(lesson=lesson, author=None, body="   ")


def test_it_makes_a_draft_lesson_from_an_exit_review():
    author = helpers.author()
    leeds = helpers.places()["leeds"]
    partnership = SimpleNamespace(pk=7, title="Leeds jobs pilot", places=SimpleNamespace(all=lambda: [leeds]))
    review = SimpleNamespace(
        partnership=partnership,
        set_out_to_do="Get 200 people into work.",
        what_happened="We placed 120.",
        do_differently="Start the employer panel earlier.",
        helped_or_hindered="A stable jobcentre manager helped.",
        submitted_by=author,
    )
    lesson = services.lesson_create_from_exit_review(exit_review=review)
    assert lesson.state == LessonState.DRAFT
    assert lesson.title == "Exit review: Leeds jobs pilot"
    assert (lesson.expected, lesson.happened) == ("Get 200 people into work.", "We placed 120.")
    assert lesson.partnership_ref == 7
    assert list(lesson.authors.all()) == [author]
    assert list(lesson.places.all()) == [leeds]
    assert lesson.evidence_strength == EvidenceStrength.ANECDOTE


def test_it_makes_a_lesson_from_a_bare_review():
    lesson = services.lesson_create_from_exit_review(exit_review=SimpleNamespace())
    assert lesson.title == "Exit review: a partnership"
    assert lesson.authors.count() == 0
