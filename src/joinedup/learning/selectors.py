"""Reads for the learning library: what a user may see, search, similar lessons and transferability."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from joinedup.accounts.actors import Actor, User
from joinedup.learning import search
from joinedup.learning.compute import Likeness, PlaceFacts, place_likeness, query_terms
from joinedup.learning.models import ContextFactor, Initiative, Lesson, LessonState
from joinedup.places.models import Place
from joinedup.places.selectors import PlaceNeighbour, place_compare

MODES = ("hybrid", "keyword", "semantic")
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
        return lessons.distinct()


@dataclass
class Hit:
    lesson: Lesson
    score: float
    why: str


@dataclass
class SearchResult:
    query: str
    mode: str
    hits: list[Hit] = field(default_factory=list)
    message: str = ""
    backend: str = ""


def lesson_search(
    *, query: str, mode: str = "hybrid", filters: Filters | None = None, limit: int = 10
) -> SearchResult:
    """Published lessons for a query, best first. Empty or over-long queries get a message, never an error."""
    query = (query or "").strip()
    if mode not in MODES:
        return SearchResult(query, mode, message=f"Choose a search mode: {', '.join(MODES)}.")
    if len(query) > MAX_QUERY_CHARS:
        return SearchResult(
            query[:MAX_QUERY_CHARS],
            mode,
            message=f"Your search is {len(query)} characters long. Shorten it to {MAX_QUERY_CHARS} or fewer.",
        )
    if not query_terms(query):
        return SearchResult(query, mode, message="Enter some words to search for, such as ‘sharing data’.")
    filters = filters or Filters()
    allowed = None
    if filters.any():
        published = Lesson.objects.filter(state=LessonState.PUBLISHED)
        allowed = set(filters.apply(published).values_list("id", flat=True))
    ranked, backend = _ranked_ids(query, mode, allowed)
    lessons = Lesson.objects.in_bulk([i for i, _, _ in ranked[:limit]])
    hits = [Hit(lessons[i], round(score, 4), why) for i, score, why in ranked[:limit] if i in lessons]
    message = "" if hits else "No published lessons match. Try other words, or fewer filters."
    return SearchResult(query, mode, hits, message, backend)


def _ranked_ids(query: str, mode: str, allowed: set[int] | None) -> tuple[list[tuple[int, float, str]], str]:
    """(lesson id, score, why) best first, and the name of what ranked them."""
    index = search.semantic_index()
    keyword: list[tuple[int, float]] = []
    if mode in ("hybrid", "keyword"):
        keyword = [(i, s) for i, s in search.keyword_ranking(query) if allowed is None or i in allowed]
    if mode == "keyword" or not index.ids.size:
        return [(i, s, "shares some of your words") for i, s in keyword], "keyword"
    vector = index.embed(query)
    if mode == "semantic":
        return [(i, s, "close in meaning") for i, s in index.top(vector, CANDIDATES, allowed)], index.backend
    in_keyword = {i for i, _ in keyword}
    fused = index.hybrid(vector, keyword, CANDIDATES, allowed)
    return [(i, s, _why(i in in_keyword)) for i, s in fused], f"hybrid ({index.backend} + keyword)"


def _why(words: bool) -> str:
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


def initiatives_all() -> QuerySet[Initiative]:
    return Initiative.objects.prefetch_related("places")
