"""The two rankers behind lesson search, and keeping their indexes in step with the lessons.

Keyword: SQLite FTS5 (a virtual table `learning_lesson_fts`, BM25 with the title weighted ×3) by default;
PostgreSQL full-text search (`ts_rank_cd` over a weighted tsvector, GIN-indexed) on PostgreSQL. Both take the
query's words OR-ed together, so a query in other words still finds lessons sharing some of them.

Semantic: the packaged sentence-embedding model (see embedding.py); lesson vectors are stored in
LessonVector and held in memory as one matrix, rebuilt only when a vector changes. Without the model, a
TF-IDF vectoriser fitted on the published lessons stands in, and `semantic_backend_name()` says so.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import scipy.sparse as sp
from django.db import DatabaseError, connection, connections
from django.db.models import Count, Max, QuerySet

from joinedup.learning.compute import (
    CharNgramVectoriser,
    SemanticVectoriser,
    TfidfVectoriser,
    blas_limit,
    dense_top_k,
    query_terms,
    top_k_scores,
)
from joinedup.learning.embedding import semantic_vectoriser
from joinedup.learning.models import Lesson, LessonState, LessonVector

logger = logging.getLogger(__name__)
FTS_TABLE = "learning_lesson_fts"
# Title counts three times the body in BM25; the FTS table's rowid is the lesson id.
_FTS5_WEIGHTS = "3.0, 1.0"
PG_VECTOR_SQL = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(search_document, '')), 'B')"
)
KEYWORD_CANDIDATES = 200


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# ---- keyword index -------------------------------------------------------------------------------------


def fts_sync(lesson: Lesson) -> None:
    """Keep the SQLite index holding exactly the published lessons' current text, so a search needs no join
    (PostgreSQL indexes the column itself and filters on state)."""
    index_changed()
    if is_postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [lesson.pk])
        if lesson.state != LessonState.PUBLISHED:
            return
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",
            [lesson.pk, lesson.title, lesson.search_document],
        )


def fts_remove(lesson_id: int) -> None:
    if not is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [lesson_id])


def keyword_ranking(query: str, *, limit: int = KEYWORD_CANDIDATES) -> list[tuple[int, float]]:
    """Published lesson ids matching any query word, best first, with the backend's score (higher better)."""
    terms = query_terms(query)
    if not terms:
        return []
    if is_postgres():
        sql = (
            f"SELECT id, ts_rank_cd({PG_VECTOR_SQL}, q) AS score FROM learning_lesson, to_tsquery('english', %s) q "
            f"WHERE state = %s AND ({PG_VECTOR_SQL}) @@ q ORDER BY score DESC, id LIMIT %s"
        )
        params: list[str | int] = [" | ".join(terms), LessonState.PUBLISHED, limit]
    else:
        # Quoted terms: FTS5 syntax characters in a query are then plain text, never an error.
        match = " OR ".join(f'"{t}"' for t in terms)
        sql = (
            f"SELECT rowid, -bm25({FTS_TABLE}, {_FTS5_WEIGHTS}) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s ORDER BY score DESC, rowid LIMIT %s"
        )
        params = [match, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(i), float(s)) for i, s in cursor.fetchall()]


# ---- semantic index ------------------------------------------------------------------------------------


def semantic_backend_name() -> str:
    model = semantic_vectoriser()
    return model.name if model is not None else "tfidf"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# A lesson's vector is the mean of three embeddings: its title, its body, and both together. A short query
# is then compared with the headline and with the detail, not only with a long text truncated at 256 word
# pieces (on the judged set: MRR@10 0.76 for the whole text alone, 0.83 for the mean). The dot product of a
# query with the mean is the mean of the three cosines, so one stored vector serves.
VECTOR_SCHEME = "mean(title,body,all)"


def vector_key(model_name: str) -> str:
    return f"{model_name}/{VECTOR_SCHEME}"


def lesson_vectors(model: SemanticVectoriser, lessons: list[Lesson]) -> np.ndarray:
    """One row per lesson: the mean of its title, body and whole-text embeddings."""
    titles = [lesson.title for lesson in lessons]
    bodies = [lesson.body_text() or lesson.title for lesson in lessons]
    whole = [lesson.search_text() for lesson in lessons]
    stacked = model.transform(titles + bodies + whole).reshape(3, len(lessons), -1)
    return np.asarray(stacked.mean(axis=0), dtype=np.float32)


def vectors_refresh(lessons: list[Lesson]) -> int:
    """Embed the lessons whose text changed since their stored vector; returns how many were embedded."""
    model = semantic_vectoriser()
    if model is None or not lessons:
        return 0
    key = vector_key(model.name)
    stored = {
        v.lesson_id: v.text_hash
        for v in LessonVector.objects.filter(lesson__in=lessons, model=key).only("lesson_id", "text_hash")
    }
    stale = [lesson for lesson in lessons if stored.get(lesson.pk) != text_hash(lesson.search_text())]
    if not stale:
        return 0
    for lesson, row in zip(stale, lesson_vectors(model, stale), strict=True):
        LessonVector.objects.update_or_create(
            lesson=lesson,
            model=key,
            defaults={"text_hash": text_hash(lesson.search_text()), "vector": row.astype("<f4").tobytes()},
        )
    return len(stale)


@dataclass
class SemanticIndex:
    """Published lessons' vectors as one matrix; `embed` turns a query into a row of the same space."""

    signature: tuple[object, ...]
    ids: np.ndarray
    matrix: np.ndarray | sp.csr_matrix
    backend: str
    tfidf: TfidfVectoriser | None = None
    chars: CharNgramVectoriser | None = None
    char_matrix: sp.csr_matrix | None = None

    @cached_property
    def char_columns(self) -> sp.csc_matrix:
        assert self.char_matrix is not None
        return sp.csc_matrix(self.char_matrix)

    def embed(self, text: str) -> np.ndarray:
        if self.tfidf is not None:
            return np.asarray(self.tfidf.transform([text]).toarray()[0], dtype=np.float32)
        return _embed_query(self.backend, text)

    @cached_property
    def rows(self) -> dict[int, int]:
        return {int(lesson_id): row for row, lesson_id in enumerate(self.ids)}

    def row_of(self, lesson_id: int) -> int | None:
        return self.rows.get(lesson_id)

    def mask(self, allowed_ids: set[int] | None) -> np.ndarray | None:
        return None if allowed_ids is None else np.isin(self.ids, list(allowed_ids))

    def top(self, query: np.ndarray, k: int, allowed_ids: set[int] | None = None) -> list[tuple[int, float]]:
        with blas_limit():
            found = dense_top_k(self.matrix, query, k, allowed=self.mask(allowed_ids))
        return [(int(self.ids[row]), score) for row, score in found]

    def similarities(self, query: np.ndarray) -> np.ndarray:
        """The query's similarity with every indexed lesson, in row order (n,)."""
        with blas_limit():
            return np.asarray(self.matrix @ query, dtype=np.float64).ravel()

    def char_scores(self, text: str) -> np.ndarray:
        """The query's character 3–5-gram TF-IDF cosine with every indexed lesson, in row order (n,)."""
        if self.chars is None or self.char_matrix is None or not self.ids.size:
            return np.zeros(self.ids.size, dtype=np.float64)
        query = self.chars.transform([text])
        if not query.nnz:
            return np.zeros(self.ids.size, dtype=np.float64)
        # Only the query's n-grams' columns are read (column-major copy): ~100 columns, not the whole matrix.
        return np.asarray(self.char_columns[:, query.indices] @ query.data, dtype=np.float64).ravel()

    def char_top(self, text: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Lessons sharing the most character 3–5-grams with the query (TF-IDF cosine), best first; `mask`
        (from `mask`) keeps only the allowed rows."""
        found = top_k_scores(self.char_scores(text), k, allowed=mask)
        return [(int(self.ids[row]), score) for row, score in found if score > 0]


@lru_cache(maxsize=512)
def _embed_query(backend: str, text: str) -> np.ndarray:
    # Readers re-run a query as they change filters; the vector depends only on the model and the text.
    model = semantic_vectoriser()
    assert model is not None and model.name == backend
    vector = np.asarray(model.transform([text])[0], dtype=np.float32)
    vector.setflags(write=False)
    return vector


_INDEX: SemanticIndex | None = None
_LOCK = threading.Lock()
# How long a process trusts its index before asking the database whether lessons changed. Writes in this
# process invalidate it at once (`index_changed`); other processes' writes show within this many seconds.
SIGNATURE_TTL = 2.0
_CHECKED_AT = [float("-inf")]


def index_changed() -> None:
    _CHECKED_AT[0] = float("-inf")


def semantic_index() -> SemanticIndex:
    """The in-memory index, rebuilt when the published set or any stored vector has changed."""
    global _INDEX
    if _INDEX is not None and time.monotonic() - _CHECKED_AT[0] < SIGNATURE_TTL:
        return _INDEX
    signature = _signature()
    with _LOCK:
        if _INDEX is None or _INDEX.signature != signature:
            _INDEX = _build_index(signature)
        _CHECKED_AT[0] = time.monotonic()
        return _INDEX


def _signature() -> tuple[object, ...]:
    # Over all lessons, not only published ones: a change of state also moves updated_at, and these two
    # aggregates are answered from indexes without reading the lessons' text.
    lessons = Lesson.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    vectors = LessonVector.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (
        semantic_backend_name(),
        lessons["n"],
        lessons["last"],
        lessons["top"],
        vectors["n"],
        vectors["last"],
    )


def _build_index(signature: tuple[object, ...]) -> SemanticIndex:
    model = semantic_vectoriser()
    published = Lesson.objects.filter(state=LessonState.PUBLISHED)
    if model is None:
        return _tfidf_index(signature, list(published))
    rows = LessonVector.objects.filter(lesson__in=published, model=vector_key(model.name)).values_list(
        "lesson_id", "vector"
    )
    pairs = sorted(rows)
    ids = np.array([i for i, _ in pairs], dtype=np.int64)
    dim = model.embed["word_embeddings.weight"].shape[1]
    matrix = np.frombuffer(b"".join(bytes(v) for _, v in pairs), dtype="<f4").reshape(len(pairs), dim)
    index = SemanticIndex(signature, ids, np.ascontiguousarray(matrix, dtype=np.float32), model.name)
    _add_chars(index, published)
    return index


# Character n-gram counts per lesson, kept between index rebuilds: (lesson id, updated_at) -> one CSR row.
# Counting 10,000 lessons' n-grams takes ~15 s on shared cores; after one lesson changes, only it is counted.
_CHAR_COUNTS: dict[tuple[int, object], sp.csr_matrix] = {}


def _add_chars(index: SemanticIndex, published: "QuerySet[Lesson]") -> None:
    """Fit the character n-gram ranker on the indexed lessons' text, rows in the index's order."""
    if not index.ids.size:
        return
    stamps = dict(published.filter(pk__in=index.ids.tolist()).values_list("pk", "updated_at"))
    keys = [(int(i), stamps.get(int(i))) for i in index.ids]
    missing = [k for k in keys if k not in _CHAR_COUNTS]
    chars = CharNgramVectoriser()
    if missing:
        lessons = published.in_bulk([i for i, _ in missing])
        texts = [lessons[i].search_text() if i in lessons else "" for i, _ in missing]
        counts = chars.counts(texts)
        for n, key in enumerate(missing):
            _CHAR_COUNTS[key] = counts[n]
    wanted = set(keys)
    for stale in [k for k in _CHAR_COUNTS if k not in wanted]:
        del _CHAR_COUNTS[stale]
    index.chars = chars
    index.char_matrix = chars.weigh(sp.vstack([_CHAR_COUNTS[k] for k in keys], format="csr"), fit=True)


def _tfidf_index(signature: tuple[object, ...], lessons: list[Lesson]) -> SemanticIndex:
    ids = np.array([lesson.pk for lesson in lessons], dtype=np.int64)
    if not lessons:
        return SemanticIndex(signature, ids, np.zeros((0, 1), dtype=np.float32), "tfidf", TfidfVectoriser())
    texts = [lesson.search_text() for lesson in lessons]
    tfidf = TfidfVectoriser().fit(texts)
    chars = CharNgramVectoriser()
    return SemanticIndex(
        signature, ids, tfidf.transform(texts), "tfidf", tfidf, chars, chars.fit_transform(texts)
    )


def warm_index() -> float | None:
    """Build the index now, in a process about to fork its web workers, and close the database connections
    it opened (a connection must never be shared across a fork). Returns the seconds it took, or None when the
    database is not ready (not migrated yet): then each worker builds its own on its first search.

    Workers inherit the index, the loaded model and the n-gram counts copy-on-write, so the first search after
    a (re)start takes milliseconds, not the seconds that importing scikit-learn, loading the model and counting
    every lesson's n-grams take (about 6 s at 10,000 lessons on a quiet machine, 12–15 s on busy cores).
    """
    started = time.perf_counter()
    try:
        # Only the index: no query is embedded here, because the tokenizer's thread pool must not be started
        # in a process that forks.
        semantic_index()
    except DatabaseError as error:
        logger.warning("lesson search index not built before forking: %s", error)
        return None
    finally:
        connections.close_all()
    return time.perf_counter() - started


def index_reset() -> None:
    """Forget the in-memory index (tests switch databases under it)."""
    global _INDEX
    with _LOCK:
        _INDEX = None
        _CHAR_COUNTS.clear()
        index_changed()
