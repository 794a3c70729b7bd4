"""Exact maximum-weight matching on a candidate graph, and the baselines it is measured against.

Bipartite graphs (central × local) are solved by scipy's LAPJVsp (`min_weight_full_bipartite_matching`). That
function finds the best *full* matching (every vertex of the smaller side matched), which may weigh less than the
maximum-weight matching. So: solve for the best full matching, then prove it is also maximum-weight by a
shortest-path certificate (`_is_max_weight`); when the proof fails, or no full matching exists, solve again with a
private dummy column per row at weight 0, where a full matching is any matching plus dummies and the two optima
coincide (exact always, but about five times slower on large rounds). Costs there are shifted to
(max weight + 1 − weight) because the function cannot hold zero weights.
General graphs (anyone with anyone) are solved by networkx's blossom algorithm, also exact.
Only edges of positive weight can improve a matching, so the others are left out.
"""

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import min_weight_full_bipartite_matching


def max_weight_bipartite(
    rows: np.ndarray, cols: np.ndarray, weight: np.ndarray, n_rows: int, n_cols: int
) -> tuple[np.ndarray, np.ndarray]:
    """Exact maximum-weight matching of a bipartite graph given as edges (rows[i], cols[i], weight[i]).

    Returns the matched (row, col) index arrays, rows ascending. Tries the fast route first (the best full
    matching, proved maximum-weight by `_is_max_weight`) and falls back to the dummy-column formulation.
    """
    keep = weight > 0
    rows, cols, weight = rows[keep], cols[keep], weight[keep]
    if len(weight) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    if n_rows > n_cols:
        c, r = max_weight_bipartite(cols, rows, weight, n_cols, n_rows)
        order = np.argsort(r)
        return r[order], c[order]
    found = _best_full_matching(rows, cols, weight, n_rows, n_cols)
    if found is not None and _is_max_weight(rows, cols, weight, found, n_rows):
        return found
    return _with_dummies(rows, cols, weight, n_rows, n_cols)


def _best_full_matching(
    rows: np.ndarray, cols: np.ndarray, weight: np.ndarray, n_rows: int, n_cols: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """The heaviest matching that matches every row, or None when no such matching exists."""
    graph = sp.csr_matrix((weight, (rows, cols)), shape=(n_rows, n_cols))
    try:
        r, c = min_weight_full_bipartite_matching(graph, maximize=True)
    except ValueError:
        return None
    return r.astype(np.int64), c.astype(np.int64)


def _is_max_weight(
    rows: np.ndarray, cols: np.ndarray, weight: np.ndarray, found: tuple[np.ndarray, np.ndarray], n_rows: int
) -> bool:
    """Is this best full matching also a maximum-weight matching?

    A best full matching has no improving alternating cycle, and no improving alternating path that keeps every
    row matched. What is left is a path that drops one edge: remove (u0, M(u0)), add (u1, M(u0)), remove (u1, M(u1)),
    ..., remove (uk, M(uk)). With an arc u -> u' of length w(u, M(u)) - w(u', M(u)) for every edge (u', M(u)),
    such a path loses (path length + w(uk, M(uk))); the matching is optimal when no path loses less than zero.
    Shortest paths from a virtual source by Bellman-Ford (no negative cycles can exist), see `_shortest_from_all`.
    """
    r, c = found
    mate_of_col = np.full(int(cols.max(initial=0)) + 1, -1, dtype=np.int64)
    mate_of_col[c] = r
    matched_weight = np.zeros(n_rows)
    is_match = mate_of_col[cols] == rows
    matched_weight[rows[is_match]] = weight[is_match]
    src = mate_of_col[cols]
    arc = (src >= 0) & ~is_match
    src, dst = src[arc], rows[arc]
    dist = _shortest_from_all(src, dst, matched_weight[src] - weight[arc], n_rows)
    # None: a negative cycle, so the full matching was not even optimal among full matchings (rounding).
    if dist is None:
        return False
    return bool(np.all(dist + matched_weight >= -1e-9))


def _shortest_from_all(src: np.ndarray, dst: np.ndarray, length: np.ndarray, n: int) -> np.ndarray | None:
    """Shortest path lengths from a virtual source joined to every node at 0; None if a negative cycle is found.

    Bellman-Ford that relaxes only the arcs leaving nodes whose distance fell in the previous pass: an arc that
    held stays held while only its head's distance falls, so a pass over all arcs (as plain Bellman-Ford does, for
    hundreds of passes on a large round) finds nothing the frontier does not. The first pass is over every arc.
    """
    order = np.argsort(src, kind="stable")
    src, dst, length = src[order], dst[order], length[order]
    start = np.searchsorted(src, np.arange(n + 1))
    dist = np.zeros(n)
    active = np.arange(n)
    for _ in range(n + 1):
        counts = start[active + 1] - start[active]
        arcs = np.repeat(start[active] - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
        head, reach = dst[arcs], dist[src[arcs]] + length[arcs]
        better = reach < dist[head] - 1e-12
        if not better.any():
            return dist
        np.minimum.at(dist, head[better], reach[better])
        active = np.unique(head[better])
    return None


def _with_dummies(
    rows: np.ndarray, cols: np.ndarray, weight: np.ndarray, n_rows: int, n_cols: int
) -> tuple[np.ndarray, np.ndarray]:
    top = float(weight.max()) + 1.0
    dummy = np.arange(n_rows)
    graph = sp.csr_matrix(
        (np.r_[top - weight, np.full(n_rows, top)], (np.r_[rows, dummy], np.r_[cols, n_cols + dummy])),
        shape=(n_rows, n_cols + n_rows),
    )
    r, c = min_weight_full_bipartite_matching(graph)
    real = c < n_cols
    return r[real].astype(np.int64), c[real].astype(np.int64)


def max_weight_general(a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact maximum-weight matching of a general graph (networkx blossom); pairs returned with a < b, sorted."""
    graph: nx.Graph[int] = nx.Graph()
    for x, y, w in zip(a.tolist(), b.tolist(), weight.tolist(), strict=True):
        if w > 0:
            graph.add_edge(x, y, weight=w)
    pairs = sorted(tuple(sorted(p)) for p in nx.max_weight_matching(graph, maxcardinality=False))
    if not pairs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    arr = np.asarray(pairs, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def greedy(a: np.ndarray, b: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The usual tool's answer: take the best remaining edge whose two ends are both free."""
    order = np.lexsort((b, a, -weight))
    used: set[int] = set()
    out_a: list[int] = []
    out_b: list[int] = []
    for i in order.tolist():
        x, y = int(a[i]), int(b[i])
        if weight[i] > 0 and x not in used and y not in used:
            used.update((x, y))
            out_a.append(x)
            out_b.append(y)
    return np.asarray(out_a, dtype=np.int64), np.asarray(out_b, dtype=np.int64)
