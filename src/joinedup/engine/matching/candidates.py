"""The sparse candidate graph: each person's top-k partners by nearest-neighbour (maximum inner product) search.

Scoring every pair of 50,000 × 50,000 people is 2.5 billion dot products — too slow on two cores — so large
rounds use a clustered index: both sides are clustered by k-means (rows on their query vectors, columns on their
key vectors, about sqrt(n) clusters each); each row cluster probes the `n_probe` column clusters whose centroids
score best against its own centroid, and its people are scored exactly against those clusters' members in one
matrix product. Small rounds (or `search="exact"`) score everyone against everyone, which is exact brute force. Either way the
scores of the edges returned are exact; only which pairs are looked at is approximate, and the benchmark reports
the recall against brute force.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from joinedup.engine.matching.features import FORBIDDEN, Features
from joinedup.engine.text import blas_limit

# Below this many row × column pairs, brute force is fast enough and exact.
EXACT_LIMIT = 30_000_000
_KMEANS_ITERATIONS = 8
_ROWS_PER_CLUSTER = 64
# The clusters are scored on this many threads, each with single-threaded BLAS: the products are small (64 rows
# by a few thousand), where a multi-threaded BLAS spends more time waking its threads than multiplying, and on a
# busy machine its spinning threads cost several times the arithmetic. numpy releases the GIL in the heavy calls.
_THREADS = 2


@dataclass
class Edges:
    """Undirected candidate edges as parallel arrays of person indices and exact scores."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray


def top_k(
    features: Features,
    rows: np.ndarray,
    cols: np.ndarray,
    k: int,
    *,
    seed: int = 0,
    search: str = "auto",
    n_probe: int = 12,
    extra: int = 0,
) -> Edges:
    """For each person in `rows`, up to k + extra best-scoring allowed partners among `cols`.

    Pairs forbidden by the level rule or sharing an organisation are never returned. `extra` over-fetches so
    that the caller can drop pairs forbidden by history and still keep k. Deterministic for a seed.
    """
    kk = k + extra
    if len(rows) == 0 or len(cols) == 0:
        return Edges(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    exact = search == "exact" or (search == "auto" and len(rows) * len(cols) <= EXACT_LIMIT)
    if exact:
        return _score_cluster(features, rows, cols, kk)
    # Small row clusters keep each centroid close to its people; about sqrt(n) column clusters keep probing cheap.
    row_groups = _kmeans_clusters(features.q[rows], rows, seed, max(1, len(rows) // _ROWS_PER_CLUSTER))
    col_groups = _kmeans_clusters(features.k[cols], cols, seed + 1, max(1, int(np.sqrt(len(cols)))))
    work = _probe(features, row_groups, col_groups, n_probe)
    with blas_limit(1), ThreadPoolExecutor(max_workers=_THREADS) as pool:
        # map keeps the clusters' order, so the result does not depend on which thread finished first.
        found = list(pool.map(lambda job: _score_cluster(features, job[0], job[1], kk), work))
    return _concat(found)


def _kmeans_clusters(points: np.ndarray, ids: np.ndarray, seed: int, n_clusters: int) -> list[np.ndarray]:
    """Lloyd's k-means seeded from a random sample of the points; returns each cluster's ids."""
    rng = np.random.default_rng(seed)
    centroids = points[np.sort(rng.choice(len(points), size=n_clusters, replace=False))].astype(np.float32)
    sq = np.einsum("ij,ij->i", points, points)
    for _ in range(_KMEANS_ITERATIONS):
        label = _nearest(points, sq, centroids)
        centroids = _means(points, label, centroids)
    label = _nearest(points, sq, centroids)
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(n_clusters + 1))
    return [ids[order[bounds[c] : bounds[c + 1]]] for c in range(n_clusters) if bounds[c + 1] > bounds[c]]


def _nearest(points: np.ndarray, sq: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    label = np.empty(len(points), dtype=np.int64)
    csq = np.einsum("ij,ij->i", centroids, centroids)

    def block(start: int) -> None:
        part = slice(start, start + 8192)
        dist = sq[part, None] - 2 * points[part] @ centroids.T + csq[None, :]
        label[part] = np.argmin(dist, axis=1)

    with blas_limit(1), ThreadPoolExecutor(max_workers=_THREADS) as pool:
        list(pool.map(block, range(0, len(points), 8192)))
    return label


def _means(points: np.ndarray, label: np.ndarray, old: np.ndarray) -> np.ndarray:
    onehot = sp.csr_matrix(
        (np.ones(len(label), np.float32), (label, np.arange(len(label)))), shape=(len(old), len(label))
    )
    sums = onehot @ points
    counts = np.bincount(label, minlength=len(old))
    # An emptied cluster keeps its old centre rather than collapsing to the origin.
    return np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], old).astype(np.float32)


def _probe(
    features: Features, row_groups: list[np.ndarray], col_groups: list[np.ndarray], n_probe: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each row cluster with the members of the n_probe column clusters whose centroids score best against it."""
    row_centres = np.stack([features.q[g].mean(axis=0) for g in row_groups])
    col_centres = np.stack([features.k[g].mean(axis=0) for g in col_groups])
    n_probe = min(n_probe, len(col_groups))
    s = row_centres @ col_centres.T
    chosen = np.sort(np.argpartition(-s, n_probe - 1, axis=1)[:, :n_probe], axis=1)
    return [(g, np.concatenate([col_groups[c] for c in chosen[i]])) for i, g in enumerate(row_groups)]


def _score_cluster(features: Features, rows: np.ndarray, members: np.ndarray, kk: int) -> Edges:
    """Exact scores of rows × members in blocks, keeping each row's best kk allowed members."""
    found: list[Edges] = []
    step = max(1, 4_000_000 // max(len(members), 1))
    for start in range(0, len(rows), step):
        r = rows[start : start + step]
        s = features.q[r] @ features.k[members].T
        place = (features.pq[r] @ features.pk[members].T).tocoo()
        s[place.row, place.col] += place.data
        s[features.organisation[r][:, None] == features.organisation[members][None, :]] = -FORBIDDEN
        s[r[:, None] == members[None, :]] = -FORBIDDEN
        found.append(_row_best(s, r, members, kk))
    return _concat(found)


def _row_best(s: np.ndarray, r: np.ndarray, members: np.ndarray, kk: int) -> Edges:
    if s.shape[1] > kk:
        idx = np.argpartition(-s, kk - 1, axis=1)[:, :kk]
    else:
        idx = np.broadcast_to(np.arange(s.shape[1]), s.shape)
    best = np.take_along_axis(s, idx, axis=1)
    keep = best > -FORBIDDEN / 2
    return Edges(
        np.broadcast_to(r[:, None], idx.shape)[keep], members[idx[keep]], best[keep].astype(np.float64)
    )


def _concat(parts: list[Edges]) -> Edges:
    if not parts:
        return Edges(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    return Edges(
        np.concatenate([p.a for p in parts]),
        np.concatenate([p.b for p in parts]),
        np.concatenate([p.score for p in parts]),
    )


def undirected(edges: Edges) -> Edges:
    """Merge edges found from both ends: one (min, max) edge per pair, in a fixed order."""
    lo, hi = np.minimum(edges.a, edges.b), np.maximum(edges.a, edges.b)
    key = lo.astype(np.int64) * (int(max(hi.max(initial=0), lo.max(initial=0))) + 1) + hi
    _, first = np.unique(key, return_index=True)
    return Edges(lo[first], hi[first], edges.score[first])
