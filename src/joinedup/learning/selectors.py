"""Reads for the learning library: what a user may see, search, similar lessons and transferability."""

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from joinedup.accounts.actors import Actor, User
from joinedup.learning import search
from joinedup.learning.compute import (
    Likeness,
    PlaceFacts,
    fused_scores,
    fusion_char_weight,
    highlight,
    place_likeness,
    query_terms,
    reciprocal_rank_fusion,
    relevance_floor,
    top_k_scores,
)
from joinedup.learning.models import ContextFactor, Initiative, Lesson, LessonState
from joinedup.places.models import Place
from joinedup.places.selectors import PlaceNeighbour, place_compare

MODES = ("hybrid", "keyword", "semantic", "chars")
MAX_QUERY_CHARS = 500
CANDIDATES = 100


def lessons_visible_to(user: Actor) -> QuerySet[Lesson]:
    """Published lessons for everyone signed in; drafts and reviewed lessons to their authors and coordinators."""
    if not isinstance(user, User):
        return Lesson.objects.none()
    if user.is_coordinator:
        return Lesson.objects.all()
    return Lesson.objects.filter(Q(state=LessonState.PUBLISHED) | Q(authors=user)).distinct()


def lesson_get_for_user(*, user: Actor, ref: str) -> Lesson:
    lesson = lessons_visible_to(user).filter(ref=ref).first()
    if lesson is None:
        raise Http404("No such lesson")
    return lesson


def lessons_unpublished_for(user: Actor) -> QuerySet[Lesson]:
    return lessons_visible_to(user).exclude(state=LessonState.PUBLISHED).order_by("-updated_at")


@dataclass
class Filters:
    policy_area: str = ""
    place_type: str = ""
    region: str = ""
    evidence_strength: str = ""
    initiative: str = ""
    min_rating: str = ""

    def any(self) -> bool:
        return any(vars(self).values())

    def apply(self, lessons: QuerySet[Lesson]) -> QuerySet[Lesson]:
        if self.policy_area:
            lessons = lessons.filter(policy_areas__slug=self.policy_area)
        if self.place_type:
            lessons = lessons.filter(places__kind=self.place_type)
        if self.region:
            lessons = lessons.filter(places__region=self.region)
        if self.evidence_strength:
            lessons = lessons.filter(evidence_strength=self.evidence_strength)
        if self.initiative:
            lessons = lessons.filter(initiative__slug=self.initiative)
        if self.min_rating.isdigit():
            lessons = lessons.filter(evidence_rating__gte=int(self.min_rating))
        return lessons.distinct()


@dataclass
class Hit:
    lesson: Lesson
    score: float
    why: str
    # The query's cosine similarity with the lesson (None without the embedding model).
    similarity: float | None = None
    # The stretch of the lesson that matched, as (text, matched word?) pieces for highlighting.
    snippet: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def matched(self) -> bool:
        """Whether any of the reader's words show in the snippet."""
        return any(is_match for _, is_match in self.snippet)


@dataclass
class SearchResult:
    query: str
    mode: str
    hits: list[Hit] = field(default_factory=list)
    message: str = ""
    backend: str = ""
    # True when lessons were found by the rankers but none reached the relevance floor: the page then
    # says so and suggests what to try instead.
    no_match: bool = False


NO_MATCH = "No lessons match ‘{query}’."


def lesson_search(
    *,
    query: str,
    mode: str = "hybrid",
    filters: Filters | None = None,
    limit: int = 10,
    floor: bool = True,
) -> SearchResult:
    """Published lessons for a query, best first. Empty or over-long queries get a message, never an error.

    Every mode but "keyword" (which shows lessons sharing the reader's own words, as asked) keeps only lessons
    at or above the semantic backend's calibrated relevance floor (`engine.search.RELEVANCE_FLOORS`), so a
    query nothing answers gets "No lessons match" rather than ten unrelated lessons. `floor=False` is for the
    benchmark, which measures what the floor removes.
    """
    query = (query or "").strip()
    if mode not in MODES:
        return SearchResult(query, mode, message=f"Choose a search mode: {', '.join(MODES)}.")
    if len(query) > MAX_QUERY_CHARS:
        return SearchResult(
            query[:MAX_QUERY_CHARS],
            mode,
            message=f"Your search is {len(query)} characters long. Shorten it to {MAX_QUERY_CHARS} or fewer.",
        )
    terms = query_terms(query)
    if not terms:
        return SearchResult(query, mode, message="Enter some words to search for, such as ‘sharing data’.")
    filters = filters or Filters()
    allowed = None
    if filters.any():
        published = Lesson.objects.filter(state=LessonState.PUBLISHED)
        allowed = set(filters.apply(published).values_list("id", flat=True))
    ranked = _ranked(query, mode, allowed)
    cut = relevance_floor(ranked.backend) if floor and mode != "keyword" else None
    kept = [r for r in ranked.rows if cut is None or (r.similarity is not None and r.similarity >= cut)]
    lessons = Lesson.objects.in_bulk([r.id for r in kept[:limit]])
    hits = [
        Hit(
            lessons[r.id],
            round(r.score, 4),
            r.why,
            None if r.similarity is None else round(r.similarity, 3),
            highlight(lessons[r.id].body_text() or lessons[r.id].title, terms),
        )
        for r in kept[:limit]
        if r.id in lessons
    ]
    if hits:
        return SearchResult(query, mode, hits, "", ranked.label)
    no_match = bool(ranked.rows) or not filters.any()
    message = NO_MATCH.format(query=query) if no_match else "No published lessons match these filters."
    return SearchResult(query, mode, [], message, ranked.label, no_match=no_match)


def lessons_browse(*, filters: Filters, limit: int = 50) -> QuerySet[Lesson]:
    """Published lessons matching the filters alone (no search words), strongest evidence first."""
    published = Lesson.objects.filter(state=LessonState.PUBLISHED)
    return (
        filters.apply(published)
        .prefetch_related("places")
        .order_by(F("evidence_rating").desc(nulls_last=True), "title")[:limit]
    )


@dataclass(frozen=True)
class _Row:
    id: int
    score: float
    why: str
    similarity: float | None


@dataclass(frozen=True)
class _Ranking:
    rows: list[_Row]
    backend: str  # the semantic backend (its floor applies), or "keyword" without one
    label: str  # what ranked them, for the page


def _ranked(query: str, mode: str, allowed: set[int] | None) -> _Ranking:
    """Candidate lessons best first, each with why it matched and its semantic similarity.

    Hybrid fuses the semantic ranker (the embedding model) with character 3–5-grams (stems and spellings):
    by score, with the weight calibrated for the model (`engine.search.FUSION_CHAR_WEIGHTS`); for the TF-IDF
    stand-in, whose scores are on another scale, by reciprocal rank (k = 60, equal weights) with keyword too.
    """
    index = search.semantic_index()
    keyword: list[tuple[int, float]] = []
    if mode in ("hybrid", "keyword"):
        keyword = [(i, s) for i, s in search.keyword_ranking(query) if allowed is None or i in allowed]
    if mode == "keyword" or not index.ids.size:
        # Words only: the reader asked for their own words, so no embedding and no floor.
        return _Ranking([_Row(i, s, "shares your words", None) for i, s in keyword], "keyword", "keyword")
    similarity = index.similarities(index.embed(query))
    mask = index.mask(allowed)
    if mode == "semantic":
        ranking = _top_ids(index, similarity, mask)
        label = index.backend
    elif mode == "chars":
        ranking = index.char_top(query, CANDIDATES, mask)
        label = "character n-grams"
    else:
        ranking, label = _hybrid(index, query, similarity, mask, keyword)
    worded = {i for i, _ in keyword}
    out = []
    for lesson_id, score in ranking:
        row = index.rows.get(lesson_id)
        sim = float(similarity[row]) if row is not None and index.tfidf is None else None
        out.append(_Row(lesson_id, score, _why(lesson_id in worded, mode), sim))
    return _Ranking(out, index.backend if index.tfidf is None else "tfidf", label)


def _top_ids(
    index: search.SemanticIndex, scores: np.ndarray, mask: np.ndarray | None
) -> list[tuple[int, float]]:
    return [(int(index.ids[row]), s) for row, s in top_k_scores(scores, CANDIDATES, allowed=mask)]


def _hybrid(
    index: search.SemanticIndex,
    query: str,
    similarity: np.ndarray,
    mask: np.ndarray | None,
    keyword: list[tuple[int, float]],
) -> tuple[list[tuple[int, float]], str]:
    weight = fusion_char_weight(index.backend) if index.tfidf is None else None
    if weight is not None:
        fused = fused_scores(similarity, index.char_scores(query), weight)
        return _top_ids(index, fused, mask), f"hybrid ({index.backend} + character n-grams, by score)"
    semantic = _top_ids(index, similarity, mask)
    chars = index.char_top(query, CANDIDATES, mask)
    fused_ranks = reciprocal_rank_fusion([[i for i, _ in r] for r in (keyword, semantic, chars)])
    return fused_ranks, f"hybrid ({index.backend} + keyword + character n-grams, reciprocal rank fusion)"


def _why(words: bool, mode: str) -> str:
    if mode == "chars":
        return "shares parts of your words"
    return "close in meaning and shares some of your words" if words else "close in meaning"


def similar_lessons(*, lesson: Lesson, limit: int = 5) -> list[Hit]:
    """Published lessons nearest in meaning to this one (itself excluded)."""
    index = search.semantic_index()
    row = index.row_of(lesson.pk)
    if row is None:
        if not index.ids.size:
            return []
        query = index.embed(lesson.search_text())
    else:
        query = index.matrix[row] if not hasattr(index.matrix, "toarray") else index.matrix[row].toarray()[0]
    near = [(i, s) for i, s in index.top(query, limit + 1) if i != lesson.pk][:limit]
    lessons = Lesson.objects.in_bulk([i for i, _ in near])
    return [Hit(lessons[i], round(s, 3), "close in meaning") for i, s in near]


# ---- transferability -----------------------------------------------------------------------------------


def place_facts(place: Place, factors: Mapping[str, bool] | None = None) -> PlaceFacts:
    return PlaceFacts(
        name=place.name,
        kind=place.kind,
        region=place.region,
        population=place.population,
        factors=factors or {},
    )


def reader_place(*, user: Actor, gss_code: str = "") -> Place | None:
    """The place the reader picked, else the first place on their profile."""
    if gss_code:
        return Place.objects.filter(gss_code=gss_code).first()
    profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
    return profile.places.order_by("name").first() if profile is not None else None


@dataclass
class Transferability:
    reader: Place
    lesson_place: Place
    likeness: Likeness
    shared: list[str]
    differing: list[str]
    reader_gave_factors: bool
    # The lesson's place against the reader's on public statistics (places like mine); None if not comparable.
    statistics: PlaceNeighbour | None = None


def lesson_transferability(
    *, lesson: Lesson, reader: Place, reader_factors: Mapping[str, bool]
) -> list[Transferability]:
    """How like the reader's place each of the lesson's places is (best match first)."""
    lesson_factors = {f.factor: f.present for f in lesson.factors.all()}
    labels = dict(ContextFactor.choices)
    out = []
    for place in lesson.places.all():
        likeness = place_likeness(place_facts(reader, reader_factors), place_facts(place, lesson_factors))
        out.append(
            Transferability(
                reader,
                place,
                likeness,
                [labels.get(f, f) for f in likeness.shared_factors],
                [labels.get(f, f) for f in likeness.differing_factors],
                bool(reader_factors),
                place_compare(place=reader, other=place),
            )
        )
    return sorted(out, key=lambda t: -t.likeness.score)


def lessons_by_rating() -> dict[int | None, int]:
    """How many published lessons sit at each evidence level (None: not yet rated)."""
    rows = (
        Lesson.objects.filter(state=LessonState.PUBLISHED)
        .values("evidence_rating")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["evidence_rating"]: row["n"] for row in rows}


def initiatives_all() -> QuerySet[Initiative]:
    return Initiative.objects.prefetch_related("places")
