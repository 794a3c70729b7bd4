"""Ranking for the learning library: fusing keyword and semantic rankings, nearest neighbours, judged-set
metrics, and how like one place is to another (transferability).

Plain data in, plain data out; deterministic (ties break on the id); no Django, no I/O.
"""

import math
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

K = TypeVar("K", bound=Hashable)

# Cormack, Clarke & Büttcher (2009): k=60 damps the head of each list so that agreement between rankers
# counts for more than any single ranker's confidence.
RRF_K = 60
_WORD = re.compile(r"[a-z0-9]+")
# Words that carry no meaning in a lesson query; dropped before the keyword backends see the query.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "can",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "any",
        "also",
        "more",
        "most",
        "other",
        "some",
        "such",
    ]
)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[K]], *, weights: Sequence[float] | None = None, k: int = RRF_K
) -> list[tuple[K, float]]:
    """Fuse ranked lists of ids (best first) into one: score(d) = Σ_r w_r / (k + rank_r(d)), ranks from 1.

    Ids missing from a list contribute nothing from it. Returns (id, score) best first; ties keep the order
    in which ids were first seen (earlier lists first), so the result is deterministic.
    """
    weights = weights or [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[K, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    first_seen = {key: i for i, key in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], first_seen[kv[0]]))


def dense_top_k(
    matrix: np.ndarray | sp.csr_matrix, query: np.ndarray, k: int, *, allowed: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """Rows of `matrix` (n, d; dense or CSR) most similar to `query` (d,) by dot product (cosine for
    normalised rows).

    `allowed` is an optional boolean mask (n,) of rows that may be returned. Returns (row, score) best first,
    at most k; ties break on the lower row index. O(n·d) plus O(n) selection.
    """
    if matrix.shape[0] == 0 or k <= 0:
        return []
    return top_k_scores(np.asarray(matrix @ query, dtype=np.float64).ravel(), k, allowed=allowed)


# How lesson search fuses its rankers when it knows the semantic backend's scale: each lesson's score is
# its cosine with the query in the model's space plus this weight times its character n-gram cosine. The
# weight is chosen by `bench/search_heldout.py --calibrate` on the tuning halves of the judged query sets only
# (bench/data/search; never the test halves), as the one that ranks answers best across all of them. Scores,
# not ranks, are fused: a ranker that finds nothing much says so with a low score, where rank fusion would
# count its first guess as much as a confident one (on queries in wholly other words, rank fusion of three
# rankers fell to a third of the semantic ranker alone; ADR 0010). The keyword ranker is not fused: on
# queries in other words than the lessons it was the weakest and added noise.
FUSION_CHAR_WEIGHTS: dict[str, float] = {"all-MiniLM-L6-v2": 0.3}

# The floor under lesson search, per semantic backend: a lesson is shown only if the query's cosine similarity
# with it (the mean over its title, body and whole-text embeddings) is at least this. Calibrated by
# `bench/search_heldout.py --calibrate` on the tuning halves of the judged sets and the tuning half of the
# off-topic queries, never on a test half (see engine.relevance.calibrate_floor and ADR 0010). A backend
# without an entry (the TF-IDF stand-in) has no floor and no fusion weight: its scores are on another scale.
RELEVANCE_FLOORS: dict[str, float] = {"all-MiniLM-L6-v2": 0.2844}


def relevance_floor(backend: str) -> float | None:
    """The calibrated floor for this semantic backend, or None when it has none."""
    return RELEVANCE_FLOORS.get(backend)


def fusion_char_weight(backend: str) -> float | None:
    """The calibrated weight of the character n-gram cosine for this backend, or None (then fuse ranks)."""
    return FUSION_CHAR_WEIGHTS.get(backend)


def fused_scores(semantic: np.ndarray, chars: np.ndarray, char_weight: float) -> np.ndarray:
    """Per-lesson scores (n,): semantic cosine + char_weight × character n-gram cosine, same row order."""
    if semantic.shape != chars.shape:
        raise ValueError("one score per lesson from each ranker")
    return semantic + char_weight * chars


def top_k_scores(scores: np.ndarray, k: int, *, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
    """Indices of the k highest scores (n,), best first, ties on the lower index; masked-out rows never."""
    if allowed is not None:
        scores = np.where(allowed, scores, -np.inf)
    k = min(k, int(np.isfinite(scores).sum()))
    if k <= 0:
        return []
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.lexsort((top, -scores[top]))]
    return [(int(i), float(scores[i])) for i in top]


_TOKEN = re.compile(r"[A-Za-z0-9]+")


def term_stem(term: str) -> str:
    """A crude stem for highlighting: long words lose up to three letters, so "pooled" finds "pooling"."""
    return term if len(term) <= 4 else term[: max(4, len(term) - 3)]


def highlight(text: str, terms: Sequence[str], *, width: int = 240) -> list[tuple[str, bool]]:
    """The stretch of `text` (about `width` characters, cut at words) holding most of the query's terms, as
    (piece, matched) pairs in order; matched pieces are whole words starting with a term's stem.

    Plain text in and out: the caller escapes it. Ellipses mark cut ends. No terms or no match: the start.
    """
    text = " ".join(text.split())
    stems = sorted({term_stem(t.lower()) for t in terms if t}, key=len, reverse=True)
    words = list(_TOKEN.finditer(text))
    hits = [m for m in words if any(m.group().lower().startswith(st) for st in stems)]
    start = 0
    if hits:
        # The window start (a matched word) that covers the most matched words within `width` characters.
        best = max(
            range(len(hits)), key=lambda i: sum(1 for h in hits[i:] if h.end() - hits[i].start() <= width)
        )
        start = hits[best].start()
        # Step back to a sentence start if it is close, so the snippet reads naturally.
        sentence = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
        if start - sentence <= width // 3:
            start = sentence
        # Near the end of the text, show more of what comes before rather than a short stub.
        if len(text) - start < width:
            earlier = max(0, len(text) - width)
            sentence = text.find(". ", earlier, start)
            start = sentence + 2 if sentence >= 0 else (text.find(" ", earlier, start) + 1 or start)
            start = 0 if earlier == 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    cursor = start
    for m in hits:
        if m.start() < start or m.end() > end:
            continue
        if m.start() > cursor:
            pieces.append((text[cursor : m.start()], False))
        pieces.append((m.group(), True))
        cursor = m.end()
    if cursor < end:
        pieces.append((text[cursor:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces


def query_terms(text: str, *, limit: int = 32) -> list[str]:
    """Lower-cased word tokens of a query without stop words or repeats, at most `limit` (first kept)."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        if word not in STOP_WORDS and len(word) > 1:
            seen.setdefault(word, None)
    return list(seen)[:limit]


def mrr_at_k(ranked: Sequence[K], relevant: Mapping[K, float], k: int = 10) -> float:
    """Reciprocal rank of the first relevant id (grade > 0) in the top k; 0 if none."""
    for rank, key in enumerate(ranked[:k], start=1):
        if relevant.get(key, 0) > 0:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[K], relevant: Mapping[K, float], k: int = 10) -> float:
    """nDCG@k with graded relevance: gain (2^g − 1), discount log2(rank + 1); 0 when nothing is relevant."""
    dcg = sum((2 ** relevant.get(key, 0) - 1) / math.log2(r + 1) for r, key in enumerate(ranked[:k], start=1))
    ideal = sorted((g for g in relevant.values() if g > 0), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(r + 1) for r, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg else 0.0


@dataclass(frozen=True)
class PlaceFacts:
    """What we know of a place for comparison; None where unknown. Factors: {factor: present there?}."""

    name: str
    kind: str = ""
    region: str = ""
    population: int | None = None
    factors: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class Component:
    name: str
    weight: float
    score: float
    reason: str


@dataclass(frozen=True)
class Likeness:
    """How like the reader's place the lesson's place is: 0–1, with each part and why."""

    score: float
    components: list[Component]
    shared_factors: list[str]
    differing_factors: list[str]

    @property
    def band(self) -> str:
        return "very like" if self.score >= 0.75 else "quite like" if self.score >= 0.5 else "unlike"


# Weights in the spirit of LG Inform's comparison groups: structure (type) and size first, then geography;
# the context factors (what the lesson says mattered) weigh most because they are what transfers.
LIKENESS_WEIGHTS = {"type": 0.2, "population": 0.2, "region": 0.15, "factors": 0.45}
# Tiers that work alike: single-tier councils (unitary, metropolitan, London borough) vs two-tier pieces.
_TIER = {
    "UA": "single",
    "MD": "single",
    "LBO": "single",
    "CC": "single",
    "SCO": "single",
    "WPA": "single",
    "NID": "single",
    "NMD": "district",
    "CTY": "county",
    "COMB": "combined",
    "SRA": "combined",
}


def place_likeness(reader: PlaceFacts, lesson: PlaceFacts) -> Likeness:
    """Compare two places part by part; parts that cannot be compared (unknown on either side) are left out
    and the remaining weights rescaled, so the score is always over what we know."""
    parts = [_type_part(reader, lesson), _population_part(reader, lesson), _region_part(reader, lesson)]
    shared, differing = _factor_split(reader.factors, lesson.factors)
    if shared or differing:
        score = len(shared) / (len(shared) + len(differing))
        reason = f"{len(shared)} of {len(shared) + len(differing)} context factors that mattered are the same"
        parts.append(Component("Context factors", LIKENESS_WEIGHTS["factors"], score, reason))
    known = [p for p in parts if p is not None]
    total = sum(p.weight for p in known)
    score = sum(p.weight * p.score for p in known) / total if total else 0.0
    return Likeness(round(score, 3), known, shared, differing)


def _type_part(reader: PlaceFacts, lesson: PlaceFacts) -> Component | None:
    if not reader.kind or not lesson.kind:
        return None
    if reader.kind == lesson.kind:
        return Component("Place type", LIKENESS_WEIGHTS["type"], 1.0, "the same type of council area")
    if _TIER.get(reader.kind) and _TIER.get(reader.kind) == _TIER.get(lesson.kind):
        return Component("Place type", LIKENESS_WEIGHTS["type"], 0.6, "different types, but both single-tier")
    return Component("Place type", LIKENESS_WEIGHTS["type"], 0.0, "a different type and tier of council")


def _region_part(reader: PlaceFacts, lesson: PlaceFacts) -> Component | None:
    if not reader.region or not lesson.region:
        return None
    same = reader.region == lesson.region
    reason = f"both in {reader.region}" if same else f"{lesson.region}, not {reader.region}"
    return Component("Region", LIKENESS_WEIGHTS["region"], 1.0 if same else 0.0, reason)


def _population_part(reader: PlaceFacts, lesson: PlaceFacts) -> Component | None:
    if not reader.population or not lesson.population:
        return None
    # On a log scale: a place twice the size scores 0.7, ten times the size (or more) scores 0.
    ratio = max(reader.population, lesson.population) / min(reader.population, lesson.population)
    score = max(0.0, 1.0 - math.log10(ratio))
    reason = f"population {lesson.population:,} there against {reader.population:,} here ({ratio:.1f}×)"
    return Component("Population", LIKENESS_WEIGHTS["population"], round(score, 3), reason)


def _factor_split(reader: Mapping[str, bool], lesson: Mapping[str, bool]) -> tuple[list[str], list[str]]:
    common = sorted(set(reader) & set(lesson))
    return [f for f in common if reader[f] == lesson[f]], [f for f in common if reader[f] != lesson[f]]
