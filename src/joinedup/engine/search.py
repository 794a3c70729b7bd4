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


# How much a perfect keyword match adds to a cosine similarity (0–1). Small on purpose: on queries written in
# other words the keyword ranker is weak (MRR@10 0.40 on the judged set) and larger boosts, or reciprocal rank
# fusion at any k or weight tried, made results worse than meaning alone; a small boost lifts lessons that
# also share the reader's words above near-ties. See ADR 0010 and docs/benchmarks/learning.md.
KEYWORD_BOOST = 0.02


def fuse_scores(
    semantic: np.ndarray, keyword: Mapping[int, float], *, boost: float = KEYWORD_BOOST
) -> np.ndarray:
    """Semantic scores (n,) plus `boost` × each keyword score divided by the query's best keyword score.

    `keyword` maps row -> keyword score (higher better, any scale). Returns a new (n,) float64 array.
    """
    fused = np.array(semantic, dtype=np.float64, copy=True)
    best = max(keyword.values(), default=0.0)
    if best > 0:
        for row, score in keyword.items():
            fused[row] += boost * max(score, 0.0) / best
    return fused


def fused_top_k(
    semantic: np.ndarray,
    keyword: Mapping[int, float],
    k: int,
    *,
    allowed: np.ndarray | None = None,
    boost: float = KEYWORD_BOOST,
) -> list[tuple[int, float]]:
    """The k best rows by `fuse_scores`, best first, ties on the lower row; `allowed` masks rows."""
    return top_k_scores(fuse_scores(semantic, keyword, boost=boost), k, allowed=allowed)


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
