"""Held-out evaluation of lesson search: a judged set with a fixed tuning/test split, the checks that keep the
split from leaking, ranking metrics, and calibrating the relevance floor on the tuning side only.

The judged set lives in plain text files (bench/data/search/): passages, queries judged with their relevant
passage ids, and off-topic queries that nothing answers; each query carries its half ("tune" or "test") in the
file, never drawn at run time. Plain data in, plain data out; no Django, no I/O beyond `read_rows`.
"""

import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from joinedup.engine.search import query_terms, term_stem

K = TypeVar("K", bound=Hashable)
SPLITS = ("tune", "test")
OFFTOPIC_KINDS = ("nonsense", "general", "public")


class LeakError(ValueError):
    """The tuning and test halves share something, or test data reached a tuned choice."""


@dataclass(frozen=True)
class Passage:
    id: str
    title: str
    body: str


@dataclass(frozen=True)
class Query:
    id: str
    split: str
    text: str
    relevant: frozenset[str]  # empty for an off-topic query
    kind: str = ""  # an off-topic query's kind: nonsense, general or public


@dataclass(frozen=True)
class JudgedSet:
    passages: tuple[Passage, ...]
    queries: tuple[Query, ...]
    offtopic: tuple[Query, ...]

    def half(self, split: str, *, offtopic: bool = False) -> list[Query]:
        if split not in SPLITS:
            raise ValueError(f"no such half: {split!r}")
        return [q for q in (self.offtopic if offtopic else self.queries) if q.split == split]


def read_rows(path: Path, columns: int) -> list[list[str]]:
    """Rows of a ` | `-separated file; lines starting with # and blank lines are skipped."""
    rows = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split(" | ")]
        if len(cells) != columns or not all(cells):
            raise ValueError(f"{path.name} line {number}: expected {columns} non-empty cells")
        rows.append(cells)
    return rows


def load_judged_set(
    folder: Path, queries_file: str = "queries.tsv", offtopic_file: str = "offtopic.tsv"
) -> JudgedSet:
    """passages.tsv (id | title | body), the queries file (id | split | ids | text) and the off-topic file
    (id | split | kind | text).

    Checked on load (`check_judged_set`): a set that leaks or points at missing passages is refused.
    """
    passages = tuple(Passage(*row) for row in read_rows(folder / "passages.tsv", 3))
    queries = tuple(
        Query(qid, split, text, frozenset(p.strip() for p in ids.split(",")))
        for qid, split, ids, text in read_rows(folder / queries_file, 4)
    )
    offtopic = tuple(
        Query(qid, split, text, frozenset(), kind)
        for qid, split, kind, text in read_rows(folder / offtopic_file, 4)
    )
    judged = JudgedSet(passages, queries, offtopic)
    check_judged_set(judged)
    return judged


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def check_judged_set(judged: JudgedSet) -> None:
    """Refuse a set whose halves leak: the same query text (case and spacing aside) or id in both halves, a
    half other than tune/test, an off-topic query with judgements, or a judgement naming no passage."""
    passage_ids = [p.id for p in judged.passages]
    if len(set(passage_ids)) != len(passage_ids):
        raise ValueError("passage ids repeat")
    known = set(passage_ids)
    seen_ids: set[str] = set()
    halves: dict[str, set[str]] = {s: set() for s in SPLITS}
    for query in (*judged.queries, *judged.offtopic):
        if query.split not in SPLITS:
            raise ValueError(f"{query.id}: half must be one of {SPLITS}, not {query.split!r}")
        if query.id in seen_ids:
            raise LeakError(f"query id {query.id} appears twice")
        seen_ids.add(query.id)
        halves[query.split].add(_normalised(query.text))
        missing = query.relevant - known
        if missing:
            raise ValueError(f"{query.id} judges passages that do not exist: {sorted(missing)}")
    for query in judged.queries:
        if not query.relevant:
            raise ValueError(f"{query.id} has no relevant passage")
    for query in judged.offtopic:
        if query.kind not in OFFTOPIC_KINDS:
            raise ValueError(f"{query.id}: kind must be one of {OFFTOPIC_KINDS}, not {query.kind!r}")
    both = halves["tune"] & halves["test"]
    if both:
        raise LeakError(f"queries in both the tuning and the test half: {sorted(both)[:3]}")


def check_held_out(fresh: JudgedSet, tuned: Sequence[JudgedSet]) -> None:
    """Refuse a held-out-only set (written after the weight and the floor were fixed, scored once) that has a
    tuning half, or any of whose queries (judged or off-topic, case and spacing aside) is a query that some
    tuning half already holds: it would score what was tuned on."""
    own = [*fresh.queries, *fresh.offtopic]
    tuning = [q for q in own if q.split != "test"]
    if tuning:
        raise LeakError(f"a held-out set has no tuning half: {tuning[0].id} is in {tuning[0].split!r}")
    seen = {
        _normalised(q.text): q.id
        for judged in tuned
        for q in (*judged.queries, *judged.offtopic)
        if q.split == "tune"
    }
    repeated = [f"{q.id} = {seen[_normalised(q.text)]}" for q in own if _normalised(q.text) in seen]
    if repeated:
        raise LeakError(f"held-out queries already in a tuning half: {repeated[:3]}")


def check_calibrated_on_tuning(judged: JudgedSet, used_ids: Sequence[str]) -> None:
    """Refuse a calibration that saw any test-half query (judged or off-topic)."""
    test_ids = {q.id for q in (*judged.queries, *judged.offtopic) if q.split == "test"}
    leaked = sorted(set(used_ids) & test_ids)
    if leaked:
        raise LeakError(f"calibrated with test-half queries: {leaked[:5]}")


def shared_words(query: str, passages: Sequence[Passage]) -> float:
    """Share of the query's words (stop words aside) whose crude stem appears in the passages' title or body:
    how far a query is written in the passage's own words. 0 is wholly other words, 1 is the passage's words."""
    stems = [term_stem(t) for t in query_terms(query)]
    if not stems:
        return 0.0
    text = " ".join(f"{p.title} {p.body}" for p in passages)
    known = {term_stem(t) for t in query_terms(text, limit=100_000)}
    return sum(1 for stem in stems if stem in known) / len(stems)


def mean_shared_words(judged: JudgedSet, queries: Sequence[Query]) -> float:
    """The mean of `shared_words` over these queries, each against its relevant passages."""
    by_id = {p.id: p for p in judged.passages}
    return statistics.fmean(shared_words(q.text, [by_id[i] for i in sorted(q.relevant)]) for q in queries)


# ---- metrics ---------------------------------------------------------------------------------------------


def reciprocal_rank(ranked: Sequence[K], relevant: frozenset[K] | set[K], k: int = 10) -> float:
    for rank, key in enumerate(ranked[:k], start=1):
        if key in relevant:
            return 1.0 / rank
    return 0.0


def recall_at(ranked: Sequence[K], relevant: frozenset[K] | set[K], k: int = 10) -> float:
    """Share of the relevant ids found in the top k (0 when nothing is relevant)."""
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


@dataclass(frozen=True)
class Scores:
    mrr: float
    recall: float
    queries: int


def score_rankings(rankings: Mapping[str, Sequence[str]], queries: Sequence[Query], k: int = 10) -> Scores:
    """Mean MRR@k and recall@k over `queries`, from {query id: ranked passage ids}; a query missing from
    `rankings` scores 0 (a ranker that returned nothing)."""
    if not queries:
        raise ValueError("no queries to score")
    rr = [reciprocal_rank(list(rankings.get(q.id, [])), q.relevant, k) for q in queries]
    rec = [recall_at(list(rankings.get(q.id, [])), q.relevant, k) for q in queries]
    return Scores(statistics.fmean(rr), statistics.fmean(rec), len(queries))


# ---- the relevance floor ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Floor:
    value: float
    answers_lost: float  # share of tuning answers below the floor
    offtopic_kept: float  # share of tuning off-topic queries with something at or above it
    used_ids: tuple[str, ...]


def calibrate_floor(
    judged: JudgedSet, answer_scores: Mapping[str, float], offtopic_best: Mapping[str, float]
) -> Floor:
    """The floor that best separates tuning answers from tuning off-topic queries.

    `answer_scores`: tuning query id -> the similarity of its best relevant passage (the answer it must keep);
    `offtopic_best`: tuning off-topic id -> its highest similarity to any passage (anything at or above the
    floor is shown). Every candidate between two adjacent observed scores is tried; the one with the fewest
    errors (answers lost + off-topic kept, each as a share of its own set, so neither set's size weighs) wins,
    and among equals the middle of the widest gap. Test-half ids are refused (`LeakError`).
    """
    used = (*answer_scores, *offtopic_best)
    check_calibrated_on_tuning(judged, used)
    if not answer_scores or not offtopic_best:
        raise ValueError("need tuning answers and tuning off-topic queries")
    answers = sorted(answer_scores.values())
    noise = sorted(offtopic_best.values())
    points = sorted(set(answers) | set(noise))
    candidates = [points[0] - 1e-6] + [(a + b) / 2 for a, b in zip(points, points[1:], strict=False)]
    candidates.append(points[-1] + 1e-6)

    def cost(floor: float) -> tuple[float, float]:
        lost = sum(1 for a in answers if a < floor) / len(answers)
        kept = sum(1 for n in noise if n >= floor) / len(noise)
        return lost, kept

    def gap(floor: float) -> float:
        below = max((p for p in points if p < floor), default=floor)
        above = min((p for p in points if p >= floor), default=floor)
        return above - below

    best = min(candidates, key=lambda f: (sum(cost(f)), -gap(f), f))
    lost, kept = cost(best)
    return Floor(round(best, 4), lost, kept, tuple(used))


# ---- the fusion weight -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Weight:
    value: float
    mrr_by_candidate: dict[float, float]  # mean over the sets of each set's tuning MRR@10


def choose_char_weight(
    sets: Sequence[JudgedSet],
    scores: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    passage_ids: Sequence[str],
    candidates: Sequence[float],
) -> Weight:
    """The weight w for `semantic + w × chars` that ranks the tuning answers best, over every set at once.

    `scores`: tuning query id -> (semantic cosines, character n-gram cosines), one per passage in
    `passage_ids` order. Each set's tuning MRR@10 counts equally, so a big set of easy queries cannot outvote
    a hard one; ties go to the smaller weight. Any test-half id is refused (`LeakError`).
    """
    for judged in sets:
        check_calibrated_on_tuning(judged, list(scores))
    if not candidates:
        raise ValueError("no candidate weights")

    def set_mrr(judged: JudgedSet, weight: float) -> float:
        rankings = {}
        for query in judged.half("tune"):
            semantic, chars = scores[query.id]
            fused = [s + weight * c for s, c in zip(semantic, chars, strict=True)]
            order = sorted(range(len(fused)), key=lambda i: (-fused[i], i))
            rankings[query.id] = [passage_ids[i] for i in order[:10]]
        return score_rankings(rankings, judged.half("tune")).mrr

    table = {w: statistics.fmean(set_mrr(judged, w) for judged in sets) for w in candidates}
    best = min(table, key=lambda w: (-round(table[w], 6), w))
    return Weight(best, table)
