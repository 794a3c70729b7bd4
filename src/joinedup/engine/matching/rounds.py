"""A one-to-one round (coffee, peers, mentoring): rules, candidates, exact matching, groups of three, reasons.

The steps: drop the ineligible (opted out; outside the central/local line in a cross-line round), build the
features, find each person's top-k partners from both ends, drop pairs that met within the recent rounds or are
blocked, solve the maximum-weight matching exactly on that candidate graph, then seat people left over as the third
member of a pair (see `_trios`), and say for each person still unmatched why. Deterministic for the seed.
"""

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from joinedup.engine.matching.candidates import Edges, top_k, undirected
from joinedup.engine.matching.features import Features, build_features
from joinedup.engine.matching.model import PARTS, Person, RoundSettings
from joinedup.engine.matching.solve import max_weight_bipartite, max_weight_general
from joinedup.engine.matching.vectors import TextEncoder, VectorCache, auto_vectoriser, encode_people

# Over-fetching in the search covers pairs later dropped by history; beyond this it is not worth the memory.
_MAX_EXTRA = 64


@dataclass
class Pair:
    """A match: two people, the score and its parts (weighted; they sum to the score), and an optional third."""

    a: str
    b: str
    score: float
    parts: dict[str, float]
    third: str | None = None
    third_score: float = 0.0


@dataclass
class RoundResult:
    pairs: list[Pair]
    unmatched: dict[str, str]
    ids: list[str]
    edges: Edges
    stats: dict[str, Any] = field(default_factory=dict)
    cache: VectorCache | None = None

    @property
    def total_score(self) -> float:
        return float(sum(p.score for p in self.pairs))


@dataclass
class _Pool:
    people: list[Person]
    index: dict[str, int]
    features: Features
    forbidden: set[tuple[int, int]]


def check_round(
    people: Sequence[Person], settings: RoundSettings, opted_out: Iterable[str] = ()
) -> list[str]:
    """Problems that stop a round before it runs (too few eligible people), in plain words."""
    eligible, _ = _eligible(people, settings, set(opted_out))
    if settings.line_rule == "cross":
        central = sum(p.sector == "central" for p in eligible)
        local = len(eligible) - central
        if not central or not local:
            return [
                f"A cross-line round needs people on both sides: {central} central and {local} local are eligible."
            ]
    elif len(eligible) < 2:
        return [f"A round needs at least two eligible people; {len(eligible)} is eligible."]
    return []


def run_round(
    people: Sequence[Person],
    settings: RoundSettings,
    *,
    regions: dict[str, str] | None = None,
    history: Iterable[tuple[str, str]] = (),
    blocked: Iterable[tuple[str, str]] = (),
    opted_out: Iterable[str] = (),
    encoder: TextEncoder | None = None,
    cache: VectorCache | None = None,
) -> RoundResult:
    """Match `people` one to one. `history` holds the pairs met within the round's last R rounds (the caller
    chooses R); `blocked` the pairs someone has ruled out. Both are unordered; unknown ids are ignored."""
    timer = _Timer()
    eligible, unmatched = _eligible(people, settings, set(opted_out))
    encoder = encoder or TextEncoder(
        auto_vectoriser(len(eligible)), dims=settings.text_dims, seed=settings.seed
    )
    offers, seeks, cache = encode_people(eligible, encoder, cache)
    timer.lap("text")
    pool = _pool(eligible, offers, seeks, settings, regions, [*history, *blocked])
    edges = _candidates(pool, settings)
    timer.lap("candidates")
    asking = _asking_for_group(pool, settings)
    pairs_a, pairs_b = _solve(pool, _without(edges, asking), settings)
    timer.lap("solve")
    thirds = _trios(pool, edges, pairs_a, pairs_b, asking) if settings.trios else {}
    pairs_a, pairs_b = _pair_the_unseated(pool, edges, settings, asking, pairs_a, pairs_b, thirds)
    pairs = _pairs(pool, pairs_a, pairs_b, thirds)
    unmatched.update(_reasons(pool, edges, pairs, settings))
    timer.lap("trios_and_reasons")
    stats = {"eligible": len(eligible), "edges": len(edges.a), "pairs": len(pairs), "trios": len(thirds)}
    return RoundResult(pairs, unmatched, [p.id for p in eligible], edges, {**stats, **timer.laps}, cache)


def _eligible(
    people: Sequence[Person], settings: RoundSettings, opted_out: set[str]
) -> tuple[list[Person], dict[str, str]]:
    unmatched: dict[str, str] = {}
    eligible: list[Person] = []
    for p in people:
        if p.id in opted_out:
            unmatched[p.id] = "opted out of this kind of round"
        elif settings.line_rule == "cross" and p.sector == "other":
            unmatched[p.id] = (
                "works outside central and local government, and this round pairs across that line"
            )
        else:
            eligible.append(p)
    return eligible, unmatched


def _pool(
    eligible: list[Person],
    offers: np.ndarray,
    seeks: np.ndarray,
    settings: RoundSettings,
    regions: dict[str, str] | None,
    ruled_out: list[tuple[str, str]],
) -> _Pool:
    index = {p.id: i for i, p in enumerate(eligible)}
    forbidden = {
        (min(index[x], index[y]), max(index[x], index[y])) for x, y in ruled_out if x in index and y in index
    }
    features = build_features(eligible, offers, seeks, settings, regions)
    return _Pool(eligible, index, features, forbidden)


def _candidates(pool: _Pool, settings: RoundSettings) -> Edges:
    """Top-k from both ends (so nobody is left out because they are in no one's top-k), ruled-out pairs dropped."""
    degree = np.zeros(len(pool.people), dtype=np.int64)
    for x, y in pool.forbidden:
        degree[[x, y]] += 1
    extra = int(min(degree.max(initial=0), _MAX_EXTRA))
    search = partial(top_k, seed=settings.seed, search=settings.search, n_probe=settings.n_probe, extra=extra)
    if settings.line_rule == "cross":
        central = np.flatnonzero(pool.features.sector == 0)
        local = np.flatnonzero(pool.features.sector == 1)
        found = [search(pool.features, central, local, settings.k)]
        found.append(search(pool.features, local, central, settings.k))
    else:
        everyone = np.arange(len(pool.people))
        found = [search(pool.features, everyone, everyone, settings.k)]
    # The searches return row-local positions already mapped to pool indices.
    edges = undirected(Edges(*(np.concatenate([getattr(f, n) for f in found]) for n in ("a", "b", "score"))))
    if pool.forbidden:
        ruled = np.asarray(
            [(x, y) in pool.forbidden for x, y in zip(edges.a.tolist(), edges.b.tolist(), strict=True)]
        )
        edges = Edges(edges.a[~ruled], edges.b[~ruled], edges.score[~ruled])
    return edges


def _solve(pool: _Pool, edges: Edges, settings: RoundSettings) -> tuple[np.ndarray, np.ndarray]:
    if settings.line_rule != "cross":
        return max_weight_general(edges.a, edges.b, edges.score)
    # Rows are the central people, columns the local ones, each numbered from 0 on its side.
    central = pool.features.sector[edges.a] == 0
    row = np.where(central, edges.a, edges.b)
    col = np.where(central, edges.b, edges.a)
    n = len(pool.people)
    row_pos, col_pos = _positions(pool.features.sector == 0, n), _positions(pool.features.sector == 1, n)
    r, c = max_weight_bipartite(
        row_pos[row],
        col_pos[col],
        edges.score,
        int((pool.features.sector == 0).sum()),
        int((pool.features.sector == 1).sum()),
    )
    rows_back, cols_back = (
        np.flatnonzero(pool.features.sector == 0),
        np.flatnonzero(pool.features.sector == 1),
    )
    return rows_back[r], cols_back[c]


def _positions(mask: np.ndarray, n: int) -> np.ndarray:
    pos = np.full(n, -1, dtype=np.int64)
    pos[mask] = np.arange(int(mask.sum()))
    return pos


def _asking_for_group(pool: _Pool, settings: RoundSettings) -> np.ndarray:
    """Who asked for a group of three, as a mask; nobody when the round makes no groups."""
    if not settings.trios:
        return np.zeros(len(pool.people), dtype=bool)
    return np.fromiter((p.wants_group for p in pool.people), dtype=bool, count=len(pool.people))


def _without(edges: Edges, people: np.ndarray) -> Edges:
    """The edges that touch none of `people` (a mask)."""
    if not people.any():
        return edges
    keep = ~(people[edges.a] | people[edges.b])
    return Edges(edges.a[keep], edges.b[keep], edges.score[keep])


def _pair_the_unseated(
    pool: _Pool,
    edges: Edges,
    settings: RoundSettings,
    asking: np.ndarray,
    pa: np.ndarray,
    pb: np.ndarray,
    thirds: dict[int, int],
) -> tuple[np.ndarray, np.ndarray]:
    """People who asked for a group but found no pair to join are paired among those still left, so asking
    never costs anyone their introduction. New pairs go at the end, so `thirds` keeps its pair numbers."""
    seated = np.zeros(len(pool.people), dtype=bool)
    seated[pa], seated[pb] = True, True
    seated[list(thirds.values())] = True
    if not asking[~seated].any():
        return pa, pb
    more_a, more_b = _solve(pool, _without(edges, seated), settings)
    return np.r_[pa, more_a].astype(np.int64), np.r_[pb, more_b].astype(np.int64)


def _trios(pool: _Pool, edges: Edges, pa: np.ndarray, pb: np.ndarray, asking: np.ndarray) -> dict[int, int]:
    """Seat people left over as the third member of a pair: {pair number: person index}.

    The rule: a left-over person may join a pair when they break no rule with either member (never the same
    organisation, not met recently, not blocked, the round's level rule); each pair takes at most one third; the
    choice maximises the total of the third's scores with both members, solved exactly like the pairs.
    Those who asked for a group (`asking`) come first: a pair's place goes to them before anyone left over by
    the numbers. Candidates come from the left-over person's own candidate edges, so the search stays sparse.
    """
    pair_of = np.full(len(pool.people), -1, dtype=np.int64)
    pair_of[pa], pair_of[pb] = np.arange(len(pa)), np.arange(len(pa))
    left = pair_of < 0
    ends = np.r_[edges.a, edges.b], np.r_[edges.b, edges.a]
    pick = left[ends[0]] & (pair_of[ends[1]] >= 0)
    x, pair = ends[0][pick], pair_of[ends[1][pick]]
    if len(x) == 0:
        return {}
    x, pair = _unique_pairs(x, pair)
    score = pool.features.scores(x, pa[pair]) + pool.features.scores(x, pb[pair])
    ok = pool.features.allowed(x, pa[pair]) & pool.features.allowed(x, pb[pair])
    ok &= np.asarray(
        [_free(pool, int(i), int(pa[j]), int(pb[j])) for i, j in zip(x, pair, strict=True)], dtype=bool
    )
    if asking.any():
        # Priority, not a weight: any score with an asker outranks every score without one (each score is a
        # sum of two pair scores, and a pair score is at most the sum of the weights).
        score = score + asking[x] * (2.0 * float(np.abs(score).max(initial=0.0)) + 1.0)
    xs, x_pos = np.unique(x[ok], return_inverse=True)
    r, c = max_weight_bipartite(x_pos.ravel(), pair[ok], score[ok], len(xs), len(pa))
    return {int(c_): int(xs[r_]) for r_, c_ in zip(r, c, strict=True)}


def _unique_pairs(x: np.ndarray, pair: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    both = np.unique(np.stack([x, pair], axis=1), axis=0)
    return both[:, 0], both[:, 1]


def _free(pool: _Pool, x: int, a: int, b: int) -> bool:
    return (min(x, a), max(x, a)) not in pool.forbidden and (min(x, b), max(x, b)) not in pool.forbidden


def _pairs(pool: _Pool, pa: np.ndarray, pb: np.ndarray, thirds: dict[int, int]) -> list[Pair]:
    parts = pool.features.parts(pa, pb)
    pairs = []
    for i, (a, b) in enumerate(zip(pa.tolist(), pb.tolist(), strict=True)):
        third = thirds.get(i)
        pair = Pair(
            a=pool.people[a].id,
            b=pool.people[b].id,
            score=float(sum(parts[p][i] for p in PARTS)),
            parts={p: float(parts[p][i]) for p in PARTS},
        )
        if third is not None:
            pair.third = pool.people[third].id
            pair.third_score = float(pool.features.scores(np.array([third, third]), np.array([a, b])).sum())
        pairs.append(pair)
    return pairs


def _reasons(pool: _Pool, edges: Edges, pairs: list[Pair], settings: RoundSettings) -> dict[str, str]:
    seated = {p.a for p in pairs} | {p.b for p in pairs} | {p.third for p in pairs if p.third}
    degree = np.bincount(np.r_[edges.a, edges.b], minlength=len(pool.people))
    central = int((pool.features.sector == 0).sum())
    local = int((pool.features.sector == 1).sum())
    reasons = {}
    for i, p in enumerate(pool.people):
        if p.id in seated:
            continue
        if degree[i] == 0:
            reasons[p.id] = _no_partner(settings)
        else:
            reasons[p.id] = _outnumbered(int(degree[i]), settings, central, local)
    return reasons


def _no_partner(settings: RoundSettings) -> str:
    rule = " or a mentor more senior than the mentee" if settings.kind == "mentoring" else ""
    return (
        "nobody eligible: every possible partner was in the same organisation, met them recently or was blocked"
        f"{rule}"
    )


def _outnumbered(degree: int, settings: RoundSettings, central: int, local: int) -> str:
    sides = (
        f" ({central} central and {local} local people took part)" if settings.line_rule == "cross" else ""
    )
    return f"all {degree} of their best-suited partners were matched with someone they suited better{sides}"


class _Timer:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[f"seconds_{name}"] = round(now - self.start, 3)
        self.start = now
