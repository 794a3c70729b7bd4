import json

import pytest
from django.core.management import CommandError, call_command

from joinedup.learning.imports import ImportFailed, lessons_import
from joinedup.learning.initiatives import initiatives_load
from joinedup.learning.models import Initiative, Lesson, LessonState
from tests import people_helpers as cast
from tests.learning import helpers

pytestmark = pytest.mark.django_db

HEADER = "ref,title,body,initiative,places,policy_areas,evidence_strength\n"


def test_it_imports_every_row_with_its_links(tmp_path):
    helpers.places()
    cast.policy_area("Housing")
    initiatives_load()
    path = tmp_path / "lessons.csv"
    path.write_text(
        HEADER
        + 'X1,Pooled money,"One officer held the pooled fund.",whole-place-community-budgets,Essex,Housing,monitoring\n'
        + 'X2,Key workers,"One worker per family.",,Leeds;E08000032,,Evaluated with a comparison\n'
    )
    call_command("learning", "import", str(path))
    first, second = Lesson.objects.get(ref="X1"), Lesson.objects.get(ref="X2")
    assert first.initiative.slug == "whole-place-community-budgets"
    assert [p.name for p in first.places.all()] == ["Essex"]
    assert [a.name for a in first.policy_areas.all()] == ["Housing"]
    assert (first.evidence_strength, second.evidence_strength) == ("monitoring", "comparison")
    assert sorted(p.name for p in second.places.all()) == ["Bradford", "Leeds"]
    assert first.state == LessonState.PUBLISHED


def test_it_imports_nothing_when_one_row_is_bad_and_names_the_row(tmp_path):
    path = tmp_path / "lessons.csv"
    path.write_text(
        HEADER + "Y1,Good,Body,,,,\nY2,,No title,,,,\nY3,Bad place,Body,,Atlantis,,\nY4,Bad,Body,,,,rumour\n"
    )
    with pytest.raises(CommandError) as error:
        call_command("learning", "import", str(path))
    message = str(error.value)
    assert "Nothing was imported" in message
    assert "row 3: ref, title and body are all required" in message
    assert "row 4: no place called 'Atlantis'" in message
    assert "row 5: evidence_strength must be one of" in message
    assert not Lesson.objects.exists()


def test_it_refuses_repeated_and_existing_refs():
    helpers.published_lessons()
    with pytest.raises(ImportFailed) as failed:
        lessons_import(text="ref,title,body\nT-1,Again,Body\nZ,One,Body\nZ,Two,Body\n")
    assert failed.value.errors == [
        "row 2: ref 'T-1' is already in the library",
        "row 4: ref 'Z' is repeated in the file",
    ]


def test_it_refuses_a_file_without_the_required_columns():
    with pytest.raises(ImportFailed, match="missing: body"):
        lessons_import(text="ref,title\nA,B\n")
    with pytest.raises(ImportFailed, match="no lessons"):
        lessons_import(text="ref,title,body\n")


def test_it_says_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("learning", "import", str(tmp_path / "missing.csv"))


def test_it_prints_search_hits_as_json_best_first(capsys):
    helpers.published_lessons()
    call_command(
        "learning", "search", "pooled fund accountable", "--mode", "keyword", "--limit", "2", "--json"
    )
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) <= 2
    assert hits[0]["ref"] == "T-1" and set(hits[0]) == {"ref", "title", "score"}
    assert hits == sorted(hits, key=lambda h: -h["score"])


def test_it_prints_an_empty_list_and_a_reason_for_an_empty_query(capsys):
    call_command("learning", "search", "  ", "--json")
    out = capsys.readouterr()
    assert json.loads(out.out) == []
    assert "Enter some words" in out.err


def test_it_loads_the_reference_initiatives_idempotently():
    helpers.places()
    assert initiatives_load() == 10
    initiatives_load()
    assert Initiative.objects.count() == 10
    budgets = Initiative.objects.get(slug="whole-place-community-budgets")
    assert (budgets.start_year, budgets.end_year) == (2011, 2013)
    assert [p.name for p in budgets.places.all()] == ["Essex"]
    assert all(i.source_url.startswith("http") for i in Initiative.objects.all())
