import pytest

from joinedup.learning import compute, search, services
from joinedup.learning.models import EvidenceStrength, Lesson, LessonState
from joinedup.learning.selectors import MAX_QUERY_CHARS, Filters, lesson_search, similar_lessons
from tests.learning import helpers

pytestmark = pytest.mark.django_db


def _refs(result):
    return [hit.lesson.ref for hit in result.hits]


def test_it_finds_a_lesson_by_keyword():
    helpers.published_lessons()
    assert _refs(lesson_search(query="pooled accountable", mode="keyword"))[0] == "T-1"


def test_it_stems_keywords():
    helpers.published_lessons()
    assert "T-3" in _refs(lesson_search(query="records shared", mode="keyword"))


@pytest.mark.parametrize("mode", ["semantic", "hybrid"])
def test_it_finds_a_lesson_in_other_words(mode):
    helpers.published_lessons()
    if search.semantic_backend_name() == "tfidf":
        pytest.skip("meaning search needs the model package")
    result = lesson_search(query="one person coordinating support for struggling households", mode=mode)
    assert _refs(result)[0] == "T-2"


def test_it_falls_back_to_tfidf_without_the_model_and_says_so(monkeypatch):
    monkeypatch.setattr(search, "semantic_vectoriser", lambda: None)
    helpers.published_lessons()
    result = lesson_search(query="volunteer transport to hospital", mode="semantic")
    assert result.backend == "tfidf"
    assert _refs(result)[0] == "T-4"


def test_it_leaves_drafts_out_of_search():
    services.lesson_create(title="Secret draft about pooled budgets", summary="pooled budgets")
    helpers.published_lessons()
    for mode in ("keyword", "semantic", "hybrid"):
        assert all(ref.startswith("T-") for ref in _refs(lesson_search(query="pooled budgets", mode=mode)))


def test_it_filters_by_region_and_place_type():
    helpers.published_lessons()
    # A list of words is no question: the floor is off here, this is about the filters.
    query = "budgets families records transport"
    result = lesson_search(query=query, filters=Filters(region="East of England"), floor=False)
    assert _refs(result) == ["T-1"]
    result = lesson_search(query=query, filters=Filters(place_type="MD"), floor=False)
    assert set(_refs(result)) == {"T-2", "T-3", "T-4"}


def test_it_filters_by_evidence_strength():
    lessons = helpers.published_lessons()
    services.lesson_update(lesson=lessons[3], fields={"evidence_strength": EvidenceStrength.COMPARISON})
    result = lesson_search(
        query="families budgets hospital", filters=Filters(evidence_strength="comparison"), floor=False
    )
    assert _refs(result) == ["T-4"]


@pytest.mark.parametrize("query", ["", "   ", "the and of", "?!"])
def test_it_answers_an_empty_query_clearly(query):
    result = lesson_search(query=query)
    assert result.hits == []
    assert "Enter some words" in result.message


def test_it_answers_a_very_long_query_clearly():
    result = lesson_search(query="budgets " * 200)
    assert result.hits == []
    assert f"{MAX_QUERY_CHARS} or fewer" in result.message


def test_it_says_when_nothing_matches():
    helpers.published_lessons()
    result = lesson_search(query="zyxwv", mode="keyword")
    assert result.hits == [] and result.message == "No lessons match ‘zyxwv’." and result.no_match


@pytest.mark.parametrize("query", ["bananas", "premier league fixtures", "recipe for chocolate cake"])
def test_it_shows_no_lessons_for_questions_nothing_answers(query):
    helpers.published_lessons()
    if search.semantic_backend_name() == "tfidf":
        pytest.skip("the floor is calibrated for the model")
    assert lesson_search(query=query, floor=False).hits  # the rankers alone always find something
    result = lesson_search(query=query)
    assert result.hits == [] and result.no_match
    assert result.message == f"No lessons match ‘{query}’."


def test_the_floor_keeps_a_real_question_in_other_words():
    helpers.published_lessons()
    if search.semantic_backend_name() == "tfidf":
        pytest.skip("the floor is calibrated for the model")
    result = lesson_search(query="one person coordinating support for struggling households")
    assert _refs(result)[0] == "T-2"
    assert all(hit.similarity is not None and hit.similarity >= 0.2 for hit in result.hits)


def test_a_filter_that_leaves_nothing_says_so_not_no_match():
    helpers.published_lessons()
    result = lesson_search(query="pooled budgets", filters=Filters(region="Wales"), mode="keyword")
    assert result.hits == [] and not result.no_match
    assert "filters" in result.message


def test_each_hit_shows_the_words_that_matched():
    helpers.published_lessons()
    hit = lesson_search(query="pooling money accountable", mode="keyword").hits[0]
    assert hit.lesson.ref == "T-1"
    matched = [piece for piece, is_match in hit.snippet if is_match]
    assert matched and all(m.lower().startswith(("pool", "money", "accounta")) for m in matched)


def test_it_finds_a_misspelt_word_by_its_character_ngrams():
    helpers.published_lessons()
    assert "T-1" in _refs(lesson_search(query="poolled budgetts", mode="chars", floor=False))
    assert lesson_search(query="poolled budgetts", mode="keyword").hits == []


def test_it_treats_fts_syntax_as_plain_words():
    helpers.published_lessons()
    result = lesson_search(query='pooled" OR NEAR(budgets', mode="keyword")
    assert _refs(result)[0] == "T-1"


def test_it_suggests_similar_lessons_but_not_the_lesson_itself():
    lessons = helpers.published_lessons()
    similar = similar_lessons(lesson=lessons[0], limit=3)
    assert len(similar) == 3
    assert lessons[0] not in [hit.lesson for hit in similar]


def test_it_sees_a_newly_published_lesson_without_a_restart():
    helpers.published_lessons()
    assert lesson_search(query="allotments", mode="keyword").hits == []
    services.lesson_create(title="Allotments", summary="Allotments built trust.", state=LessonState.PUBLISHED)
    assert _refs(lesson_search(query="allotments", mode="hybrid"))[0].startswith("L-")


def test_the_web_master_builds_the_index_before_forking_and_closes_its_connections(monkeypatch):
    from joinedup import gunicorn_conf

    lessons = helpers.published_lessons()
    closed = []
    monkeypatch.setattr(search.connections, "close_all", lambda: closed.append(True))
    gunicorn_conf.when_ready(server=None)
    assert search._INDEX is not None and search._INDEX.ids.size == len(lessons)
    assert closed == [True]  # a forked worker must open its own connection


def test_a_database_not_ready_leaves_the_index_to_the_workers(monkeypatch):
    def not_migrated():
        raise search.DatabaseError("no such table: learning_lesson")

    monkeypatch.setattr(search, "semantic_index", not_migrated)
    monkeypatch.setattr(search.connections, "close_all", lambda: None)
    assert search.warm_index() is None


def test_hybrid_ranks_by_meaning_plus_the_calibrated_share_of_character_matches():
    helpers.published_lessons()
    if search.semantic_backend_name() == "tfidf":
        pytest.skip("score fusion needs the model package")
    query = "pooling money with the health service"
    index = search.semantic_index()
    weight = compute.fusion_char_weight(index.backend)
    assert weight is not None
    expected = index.similarities(index.embed(query)) + weight * index.char_scores(query)
    ref_of = {lesson.pk: lesson.ref for lesson in Lesson.objects.all()}
    by_score = [ref_of[int(index.ids[i])] for i in sorted(range(len(expected)), key=lambda i: -expected[i])]
    result = lesson_search(query=query, mode="hybrid", floor=False)
    assert _refs(result) == by_score
    assert "by score" in result.backend


def test_hybrid_without_the_model_fuses_ranks_with_keywords(monkeypatch):
    monkeypatch.setattr(search, "semantic_vectoriser", lambda: None)
    helpers.published_lessons()
    result = lesson_search(query="volunteer transport to hospital", mode="hybrid")
    assert "reciprocal rank fusion" in result.backend
    assert _refs(result)[0] == "T-4"
