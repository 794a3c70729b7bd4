"""The exact solvers against networkx's blossom algorithm, and the baselines."""

import networkx as nx
import numpy as np
import pytest

from joinedup.engine.matching.solve import (
    _best_full_matching,
    _is_max_weight,
    _shortest_from_all,
    greedy,
    max_weight_bipartite,
    max_weight_general,
)


def nx_optimum(rows, cols, weight):
    graph = nx.Graph()
    for r, c, w in zip(rows.tolist(), cols.tolist(), weight.tolist(), strict=True):
        if w > 0:
            graph.add_edge(("r", r), ("c", c), weight=w)
    return sum(graph[a][b]["weight"] for a, b in nx.max_weight_matching(graph))


def random_graph(seed, n_rows, n_cols, density):
    rng = np.random.default_rng(seed)
    mask = rng.random((n_rows, n_cols)) < density
    rows, cols = np.nonzero(mask)
    weight = rng.exponential(1.0, size=len(rows)) * rng.choice([1, 1, 1, 5], size=len(rows))
    return rows.astype(np.int64), cols.astype(np.int64), weight


@pytest.mark.parametrize("seed", range(40))
def test_it_equals_networkx_on_random_bipartite_graphs(seed):
    n_rows, n_cols = 5 + seed % 7, 4 + (seed * 3) % 9
    rows, cols, weight = random_graph(seed, n_rows, n_cols, 0.35)
    r, c = max_weight_bipartite(rows, cols, weight, n_rows, n_cols)
    lookup = {(a, b): w for a, b, w in zip(rows.tolist(), cols.tolist(), weight.tolist(), strict=True)}
    assert len(set(r.tolist())) == len(r) and len(set(c.tolist())) == len(c)
    assert sum(lookup[(a, b)] for a, b in zip(r.tolist(), c.tolist(), strict=True)) == pytest.approx(
        nx_optimum(rows, cols, weight)
    )


def test_the_certificate_rejects_a_full_matching_that_is_not_maximum_weight():
    # u0-v0 (1), u1-v0 (10), u1-v1 (1): the best full matching weighs 2, the best matching 10.
    rows, cols, weight = np.array([0, 1, 1]), np.array([0, 0, 1]), np.array([1.0, 10.0, 1.0])
    full = _best_full_matching(rows, cols, weight, 2, 2)
    assert full is not None and not _is_max_weight(rows, cols, weight, full, 2)
    r, c = max_weight_bipartite(rows, cols, weight, 2, 2)
    assert (r.tolist(), c.tolist()) == ([1], [0])


def test_the_certificate_accepts_an_optimal_full_matching():
    rows, cols, weight = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1]), np.array([5.0, 1.0, 1.0, 5.0])
    full = _best_full_matching(rows, cols, weight, 2, 2)
    assert full is not None and _is_max_weight(rows, cols, weight, full, 2)


def test_the_general_solver_matches_each_person_once_and_equals_networkx():
    rows, cols, weight = random_graph(3, 12, 12, 0.4)
    keep = rows < cols
    a, b = max_weight_general(rows[keep], cols[keep], weight[keep])
    lookup = {
        (x, y): w
        for x, y, w in zip(rows[keep].tolist(), cols[keep].tolist(), weight[keep].tolist(), strict=True)
    }
    graph = nx.Graph()
    for (x, y), w in lookup.items():
        graph.add_edge(x, y, weight=w)
    expected = sum(graph[x][y]["weight"] for x, y in nx.max_weight_matching(graph))
    assert len(set(a.tolist()) | set(b.tolist())) == 2 * len(a)
    assert sum(lookup[(x, y)] for x, y in zip(a.tolist(), b.tolist(), strict=True)) == pytest.approx(expected)


def test_greedy_is_never_better_than_exact():
    for seed in range(10):
        rows, cols, weight = random_graph(seed, 9, 9, 0.5)
        lookup = {(a, b): w for a, b, w in zip(rows.tolist(), cols.tolist(), weight.tolist(), strict=True)}
        ga, gb = greedy(rows, cols + 100, weight)
        greedy_total = sum(lookup[(a, b - 100)] for a, b in zip(ga.tolist(), gb.tolist(), strict=True))
        assert greedy_total <= nx_optimum(rows, cols, weight) + 1e-9


@pytest.mark.parametrize("seed", range(6))
def test_it_finds_the_same_shortest_paths_as_scipy_bellman_ford(seed):
    """The frontier Bellman-Ford behind the certificate, against scipy's with a virtual source joined at 0."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import bellman_ford

    rng = np.random.default_rng(seed)
    n = 60
    # Lengths from node potentials plus a non-negative part: negative arcs, but no negative cycle.
    potential = rng.normal(size=n)
    src, dst = rng.integers(0, n, 400), rng.integers(0, n, 400)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    _, first = np.unique(src * n + dst, return_index=True)
    src, dst = src[first], dst[first]
    length = potential[dst] - potential[src] + rng.exponential(0.3, len(src))
    graph = csr_matrix(
        (np.r_[length, np.full(n, 1e-300)], (np.r_[src, np.full(n, n)], np.r_[dst, np.arange(n)])),
        shape=(n + 1, n + 1),
    )
    expected = np.minimum(bellman_ford(graph, indices=n)[:n], 0.0)
    assert np.allclose(_shortest_from_all(src, dst, length, n), expected)


def test_it_reports_a_negative_cycle():
    src, dst, length = np.array([0, 1, 2]), np.array([1, 2, 0]), np.array([-1.0, 0.5, 0.2])
    assert _shortest_from_all(src, dst, length, 3) is None
