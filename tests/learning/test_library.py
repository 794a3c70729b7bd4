"""The shipped lessons library: every lesson is complete and cited, and `joinedup load-lessons` is idempotent and
all or nothing."""

import copy
import json

import pytest
from django.core.management import CommandError, call_command
from django.core.validators import URLValidator

from joinedup.learning import library
from joinedup.learning.initiatives import initiatives_load
from joinedup.learning.library import SCHEMA_VERSION, TEXT_FIELDS, LibraryError, library_load, shipped_data
from joinedup.learning.models import ContextFactor, EvidenceRating, Lesson, LessonState
from joinedup.people.models import PolicyArea
from tests import people_helpers as cast

MINIMUM_LESSONS = 60


def test_every_shipped_lesson_is_cited_licensed_complete_and_rated():
    data = shipped_data()
    assert data["schema_version"] == SCHEMA_VERSION
    lessons, sources = data["lessons"], data["sources"]
    assert len(lessons) >= MINIMUM_LESSONS
    assert len({lesson["ref"] for lesson in lessons}) == len(lessons)
    is_url = URLValidator(schemes=["http", "https"])
    for lesson in lessons:
        source = sources[lesson["source"]]
        is_url(source["url"])
        for name in ("title", "publisher", "licence"):
            assert source[name].strip(), (lesson["ref"], name)
        assert source["year"] is None or 1990 <= source["year"] <= 2030, lesson["ref"]
        for name in TEXT_FIELDS:
            assert lesson[name].strip(), (lesson["ref"], name)
        assert lesson["evidence_rating"] in EvidenceRating.values, lesson["ref"]
        assert set(lesson.get("factors", {})) <= set(ContextFactor.values), lesson["ref"]
        assert len(lesson.get("quotation", "")) <= 300, lesson["ref"]
    # Every source the file lists is used, and several lessons may share one.
    assert {lesson["source"] for lesson in lessons} == set(sources)


def _places_and_initiatives_for(data):
    codes = {code for lesson in data["lessons"] for code in lesson.get("places", [])}
    for code in codes:
        cast.place(code, f"Place {code}", code=code[1:])
    initiatives_load()


@pytest.mark.django_db
def test_the_shipped_library_loads_and_loading_again_updates_without_duplicating(monkeypatch):
    # Embedding every shipped lesson takes about a minute; here it is enough that they go in one batch.
    batches = []
    monkeypatch.setattr(library.search, "vectors_refresh", lambda lessons: batches.append(len(lessons)))
    data = shipped_data()
    _places_and_initiatives_for(data)
    first = library_load()
    assert first.created == len(data["lessons"]) and first.updated == 0
    assert batches == [len(data["lessons"])]
    lesson = Lesson.objects.get(ref=data["lessons"][0]["ref"])
    assert lesson.state == LessonState.PUBLISHED and lesson.source == "library"
    assert lesson.source_url and lesson.source_licence and lesson.evidence_rating
    published_at = lesson.published_at

    again = library_load()
    assert again.created == 0 and again.updated == len(data["lessons"])
    assert Lesson.objects.count() == len(data["lessons"])
    assert Lesson.objects.get(pk=lesson.pk).published_at == published_at


def _small(**changes):
    """A two-lesson file, the second lesson changed as asked."""
    base = {
        "ref": "LIB-T1",
        "title": "Pooled budgets need an accountable officer",
        "summary": "One officer held the pooled money for all partners.",
        "source": "report",
        "effect": "Decisions came faster.",
        "mechanism": "One person answered to every board.",
        "moderators": "Where partners trusted each other.",
        "implementation": "A section 75 agreement.",
        "economics": "No figures given.",
        "transfer_factors": "A history of partnership.",
        "evidence_rating": 1,
        "evidence_rating_reason": "Described only.",
        "places": ["E10000012"],
        "policy_areas": ["health"],
        "factors": {"pooled_funding": True},
    }
    second = {**copy.deepcopy(base), "ref": "LIB-T2", "title": "A second lesson", **changes}
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": {
            "report": {
                "title": "A report",
                "publisher": "An office",
                "year": 2016,
                "url": "https://example.org/report",
                "licence": "Open Government Licence v3.0",
            }
        },
        "lessons": [base, second],
    }


@pytest.mark.django_db
def test_a_small_file_loads_with_its_links_and_factors():
    cast.place("E10000012", "Essex", kind="CTY", code="10000012")
    library_load(_small())
    lesson = Lesson.objects.get(ref="LIB-T1")
    assert [p.gss_code for p in lesson.places.all()] == ["E10000012"]
    assert list(lesson.policy_areas.values_list("slug", flat=True)) == ["health"]
    assert {(f.factor, f.present) for f in lesson.factors.all()} == {("pooled_funding", True)}
    assert lesson.source_title == "A report" and lesson.source_year == 2016


@pytest.mark.django_db
def test_loading_again_changes_what_changed_and_nothing_else():
    cast.place("E10000012", "Essex", kind="CTY", code="10000012")
    library_load(_small())
    changed = _small(title="A second lesson, retitled", evidence_rating=3, factors={})
    report = library_load(changed)
    assert (report.created, report.updated) == (0, 2)
    second = Lesson.objects.get(ref="LIB-T2")
    assert second.title == "A second lesson, retitled" and second.evidence_rating == 3
    assert not second.factors.exists()
    assert Lesson.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"evidence_rating": 7}, "lesson 2 (LIB-T2): evidence_rating must be a whole number from 1 to 5"),
        ({"effect": ""}, "lesson 2 (LIB-T2): effect is required"),
        ({"source": "missing"}, "lesson 2 (LIB-T2): source 'missing' is not among the file's sources"),
        ({"places": ["E99999999"]}, "no place with GSS code 'E99999999'"),
        ({"initiative": "no-such"}, "no initiative 'no-such'"),
        ({"factors": {"luck": True}}, "factor 'luck' must be one of the context factors"),
        ({"ref": "LIB-T1"}, "ref 'LIB-T1' is repeated in the file"),
        ({"colour": "blue"}, "unknown fields colour"),
    ],
)
def test_one_bad_lesson_writes_nothing_and_is_named(changes, message):
    cast.place("E10000012", "Essex", kind="CTY", code="10000012")
    with pytest.raises(LibraryError) as failed:
        library_load(_small(**changes))
    assert any(message in error for error in failed.value.errors), failed.value.errors
    assert not Lesson.objects.exists()


@pytest.mark.django_db
def test_a_source_without_url_or_licence_is_refused():
    data = _small()
    data["sources"]["report"].pop("licence")
    data["sources"]["report"]["url"] = "not a web address"
    with pytest.raises(LibraryError) as failed:
        library_load(data)
    assert "source 'report': licence is required" in failed.value.errors
    assert "source 'report': url 'not a web address' is not a web address" in failed.value.errors


@pytest.mark.django_db
def test_the_command_loads_a_file_and_refuses_a_bad_one_whole(tmp_path, capsys):
    cast.place("E10000012", "Essex", kind="CTY", code="10000012")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_small()), encoding="utf-8")
    call_command("load-lessons", str(good))
    assert "2 created, 0 updated" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_small(ref="LIB-T3", evidence_rating=0)), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load-lessons", str(bad))
    assert not Lesson.objects.filter(ref="LIB-T3").exists()
    assert PolicyArea.objects.filter(slug="health").exists()


@pytest.mark.django_db
def test_a_lesson_written_on_the_site_is_never_overwritten_by_the_library():
    cast.place("E10000012", "Essex", kind="CTY", code="10000012")
    Lesson.objects.create(ref="LIB-T1", title="Someone's own lesson", source="form")
    with pytest.raises(LibraryError, match="not from the library"):
        library_load(_small())
    assert Lesson.objects.get(ref="LIB-T1").title == "Someone's own lesson"
    assert Lesson.objects.count() == 1
