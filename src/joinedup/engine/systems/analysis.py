"""What a causal map says: leverage, cross-boundary links, the centre's reach, and what-if.

Every figure comes with the reason it was given, in words, because people act on these rankings.
Memory grows with factors + links, never with factors²: MICMAC works on a sparse matrix and vectors,
betweenness on a bounded sample, and the centre's chains share their prefixes.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from joinedup.engine.systems.loops import LoopSearch, loops_find
from joinedup.engine.systems.model import CausalMap, Factor

# Weights of the leverage score: taking part in loops matters most (a change there comes back
# amplified or resisted), then indirect influence (MICMAC), then brokerage and direct reach.
LEVERAGE_WEIGHTS = {"loops": 0.35, "micmac": 0.25, "betweenness": 0.2, "out": 0.2}
MICMAC_MAX_POWER = 8
BETWEENNESS_SAMPLE = 200
# Sampled betweenness costs about (sources × (factors + links)); past this many steps the sample shrinks
# (never below BETWEENNESS_MIN_SAMPLE), so a big map's leverage stays seconds, not minutes.
BETWEENNESS_BUDGET = 1_000_000
BETWEENNESS_MIN_SAMPLE = 10
# The centre's reach keeps at most this many factors of each chain (the chain's full length is in `steps`).
REACH_PATH_MAX = 40


@dataclass(frozen=True)
class Leverage:
    """One factor's leverage `score` in [0, 1], its parts, its MICMAC `role` and `why` in words."""

    factor: str
    score: float
    loops: int
    betweenness: float
    in_influence: float
    out_influence: float
    micmac_influence: float
    micmac_dependence: float
    role: str
    why: tuple[str, ...]


@dataclass(frozen=True)
class BoundaryLink:
    """A link between factors with different owners: where joint working is needed."""

    source: str
    target: str
    polarity: str
    source_owner: str
    target_owner: str
    loops: int


@dataclass(frozen=True)
class Reached:
    """A factor the centre reaches: the shortest chain from a centrally owned factor, and shared loops.

    `path` holds the chain's first REACH_PATH_MAX factors; `steps` is its full length."""

    factor: str
    path: tuple[str, ...]
    loops: tuple[int, ...]
    steps: int = 0


@dataclass(frozen=True)
class Reach:
    central: tuple[str, ...]
    reached: tuple[Reached, ...]
    loops_through_centre: tuple[int, ...]


@dataclass(frozen=True)
class Analysis:
    loops: LoopSearch
    leverage: tuple[Leverage, ...]
    boundary: tuple[BoundaryLink, ...]
    reach: Reach


def analyse(
    cmap: CausalMap, *, max_length: int = 8, max_loops: int = 100_000, time_limit: float | None = None
) -> Analysis:
    """Loops (bounded as `loops_find`), leverage, cross-boundary links and reach. Deterministic without a time limit."""
    search = loops_find(cmap, max_length=max_length, max_loops=max_loops, time_limit=time_limit)
    return Analysis(
        loops=search,
        leverage=leverage_rank(cmap, search),
        boundary=boundary_links(cmap, search),
        reach=centre_reach(cmap, search),
    )


def owner_of(factor: Factor) -> str:
    """ "local: Leeds City Council", or just the kind; "" when not known."""
    if factor.owner is None:
        return ""
    return f"{factor.owner}: {factor.organisation}" if factor.organisation else factor.owner


def loop_counts(search: LoopSearch) -> Counter[str]:
    return Counter(f for loop in search.loops for f in loop.factors)


def leverage_rank(cmap: CausalMap, search: LoopSearch) -> tuple[Leverage, ...]:
    """Factors ranked by leverage, highest first (ties in map order)."""
    if not cmap.factors:
        return ()
    graph = cmap.graph()
    counts = loop_counts(search)
    # Exact betweenness costs O(factors × links); past a few hundred factors a fixed, seeded sample of
    # sources gives the same ranking to within noise, deterministically.
    sample = betweenness_sample(len(cmap.factors), len(cmap.links))
    between = nx.betweenness_centrality(graph, k=sample, seed=0 if sample else None)
    influence, dependence = micmac(cmap)
    out_w = dict(graph.out_degree(weight="strength"))
    in_w = dict(graph.in_degree(weight="strength"))
    parts = {
        "loops": _scaled([counts[f.id] for f in cmap.factors]),
        "micmac": _scaled(list(influence)),
        "betweenness": _scaled([between[f.id] for f in cmap.factors]),
        "out": _scaled([out_w[f.id] for f in cmap.factors]),
    }
    mid_i, mid_d = float(np.mean(influence)), float(np.mean(dependence))
    ranked = []
    for i, f in enumerate(cmap.factors):
        score = float(sum(w * parts[k][i] for k, w in LEVERAGE_WEIGHTS.items()))
        role = _micmac_role(influence[i], dependence[i], mid_i, mid_d)
        why = _why(counts[f.id], len(search.loops), {k: v[i] for k, v in parts.items()}, role)
        ranked.append(
            Leverage(
                f.id,
                round(score, 4),
                counts[f.id],
                round(between[f.id], 4),
                float(in_w[f.id]),
                float(out_w[f.id]),
                round(float(influence[i]), 4),
                round(float(dependence[i]), 4),
                role,
                why,
            )
        )
    order = sorted(range(len(ranked)), key=lambda i: (-ranked[i].score, i))
    return tuple(ranked[i] for i in order)


def betweenness_sample(factors: int, links: int) -> int | None:
    """How many seeded sources betweenness uses: None (all) for small maps, fewer as the map grows."""
    if factors <= BETWEENNESS_SAMPLE:
        return None
    budget = BETWEENNESS_BUDGET // max(1, factors + links)
    return max(BETWEENNESS_MIN_SAMPLE, min(BETWEENNESS_SAMPLE, budget))


def micmac(cmap: CausalMap) -> tuple[np.ndarray, np.ndarray]:
    """MICMAC indirect influence and dependence, each scaled to [0, 1].

    Row and column sums of powers of the (strength-weighted) influence matrix M, raised until the ranking
    stops changing (Godet's method). The sums are carried as vectors — row sums of M^k are M^k·1, column
    sums 1ᵀ·M^k — with M sparse, so the cost is O(links) per power and no factors × factors matrix is
    ever built. Each power is rescaled so that long maps do not overflow (rankings and the final scaled
    figures do not depend on the scale).
    """
    from scipy import sparse  # imported here: only analysis needs it, and scipy takes a while to load

    n = len(cmap.factors)
    rows = [cmap.index(link.source) for link in cmap.links]
    cols = [cmap.index(link.target) for link in cmap.links]
    m = sparse.csr_array(
        ([link.strength for link in cmap.links], (rows, cols)), shape=(n, n), dtype=np.float64
    )
    m_t = m.T.tocsr()
    influence, dependence = _times(m, np.ones(n)), _times(m_t, np.ones(n))
    previous = None
    for _ in range(MICMAC_MAX_POWER):
        ranking = (
            tuple(np.argsort(-influence, kind="stable")),
            tuple(np.argsort(-dependence, kind="stable")),
        )
        if ranking == previous:
            break
        previous = ranking
        nxt_in, nxt_dep = _times(m, influence), _times(m_t, dependence)
        if not nxt_in.any():  # M^k is zero (a map without loops runs out of chains)
            break
        influence, dependence = nxt_in / nxt_in.max(), nxt_dep / nxt_dep.max()
    return _scaled_array(influence), _scaled_array(dependence)


def _times(matrix: Any, vector: np.ndarray) -> np.ndarray:
    """A sparse matrix times a vector, as a plain array (scipy's stubs type the product loosely)."""
    return np.asarray(matrix @ vector, dtype=np.float64)


def _scaled(values: list[float]) -> list[float]:
    top = max(values, default=0.0)
    return [v / top if top else 0.0 for v in values]


def _scaled_array(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if values.size else 0.0
    return values / top if top else np.zeros_like(values)


def _micmac_role(influence: float, dependence: float, mid_i: float, mid_d: float) -> str:
    if influence >= mid_i:
        return "relay" if dependence >= mid_d else "driver"
    return "outcome" if dependence >= mid_d else "autonomous"


ROLE_WORDS = {
    "driver": "a driver: it shapes much of the map and little shapes it",
    "relay": "a relay: it both shapes and is shaped by much of the map, so changes here spread and come back",
    "outcome": "an outcome: much of the map shapes it, it shapes little",
    "autonomous": "fairly separate from the rest of the map",
}


def _why(loops: int, total_loops: int, parts: dict[str, float], role: str) -> tuple[str, ...]:
    reasons = []
    if loops:
        reasons.append(f"in {loops:,} of {total_loops:,} feedback loops")
    if parts["micmac"] >= 0.5:
        reasons.append("strong indirect influence on the rest of the map (MICMAC)")
    if parts["betweenness"] >= 0.5:
        reasons.append("on many of the shortest chains of cause and effect")
    if parts["out"] >= 0.5:
        reasons.append("directly affects many factors")
    reasons.append(ROLE_WORDS[role])
    return tuple(reasons)


def boundary_links(cmap: CausalMap, search: LoopSearch) -> tuple[BoundaryLink, ...]:
    """Links whose two factors have known, different owners (a different kind, or a different organisation).

    "Other" is an owner like the rest: a link between a central factor and an "other" one crosses a
    boundary, and so does one between two "other" factors, unless both name the same organisation ("other"
    gathers owners outside the listed kinds, who are not one body)."""
    in_loops = Counter(
        (a, b)
        for loop in search.loops
        for a, b in zip(loop.factors, loop.factors[1:] + loop.factors[:1], strict=True)
    )
    found = []
    for link in cmap.links:
        source, target = cmap.factor(link.source), cmap.factor(link.target)
        if _owners_differ(source, target):
            found.append(
                BoundaryLink(
                    link.source,
                    link.target,
                    link.polarity,
                    owner_of(source),
                    owner_of(target),
                    in_loops[(link.source, link.target)],
                )
            )
    return tuple(found)


def _owners_differ(a: Factor, b: Factor) -> bool:
    if a.id == b.id or a.owner is None or b.owner is None:
        return False
    if a.owner != b.owner:
        return True
    if a.owner == "other" and not (a.organisation and b.organisation):
        return True
    return bool(
        a.organisation and b.organisation and a.organisation.strip().lower() != b.organisation.strip().lower()
    )


def centre_reach(cmap: CausalMap, search: LoopSearch) -> Reach:
    """Factors reachable from centrally owned ones (no one is outside the system), and the loops that carry it."""
    central = tuple(f.id for f in cmap.factors if f.owner == "central")
    paths, steps = _chains_from(cmap, central)
    central_set = set(central)
    via = tuple(i for i, loop in enumerate(search.loops) if central_set & set(loop.factors))
    loops_of: dict[str, list[int]] = {}
    for i in via:
        for factor_id in search.loops[i].factors:
            loops_of.setdefault(factor_id, []).append(i)
    reached = [
        Reached(f.id, paths[f.id], tuple(loops_of.get(f.id, ())), steps[f.id])
        for f in cmap.factors
        if f.id in paths and f.id not in central_set
    ]
    return Reach(central, tuple(reached), via)


def _chains_from(
    cmap: CausalMap, sources: tuple[str, ...]
) -> tuple[dict[str, tuple[str, ...]], dict[str, int]]:
    """Breadth-first from all `sources` at once: each reached factor's shortest chain (the first found, in
    map and link order) cut to REACH_PATH_MAX factors, and its full length. A chain past the cut is the same
    tuple as its parent's, so memory stays O(factors × REACH_PATH_MAX) even along one long chain."""
    succ: dict[str, list[str]] = {f.id: [] for f in cmap.factors}
    for link in cmap.links:
        succ[link.source].append(link.target)
    paths: dict[str, tuple[str, ...]] = {}
    steps: dict[str, int] = {}
    for c in sources:
        paths[c], steps[c] = (c,), 1
    frontier = list(dict.fromkeys(sources))
    while frontier:
        nxt = []
        for v in frontier:
            for w in succ[v]:
                if w not in paths:
                    parent = paths[v]
                    paths[w] = parent + (w,) if len(parent) < REACH_PATH_MAX else parent
                    steps[w] = steps[v] + 1
                    nxt.append(w)
        frontier = nxt
    return paths, steps
