"""Exact maximum-weight matching on a candidate graph, and the baselines it is measured against.

Bipartite graphs (central × local) are solved by scipy's LAPJVsp (`min_weight_full_bipartite_matching`). That
function insists on a *full* matching, so each row gets a private dummy column at weight 0: a full matching of
the augmented graph is any matching of the real graph plus dummies for the unmatched rows, and the two optima
coincide. Costs are shifted to (max weight + 1 − weight) because the function cannot hold zero weights.
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

    Returns the matched (row, col) index arrays, rows ascending.
    """
    keep = weight > 0
    rows, cols, weight = rows[keep], cols[keep], weight[keep]
    if len(weight) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
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
