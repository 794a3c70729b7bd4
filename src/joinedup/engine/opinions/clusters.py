"""Pol.is's k-means, warm start, silhouette and k-smoother.

Pol.is does not use k-means++ or random restarts: a first run starts from the first k distinct points in
row order, and every later run starts from the previous run's clusters, re-centred on the points' new
positions (splitting off the most distant point while there are fewer clusters than k). Empty clusters are
dropped, so k can shrink. A run stops when no sorted centre moved by 0.01 or more.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial.distance import cdist

from joinedup.engine.opinions.matrix import FloatArray, IntArray

SAME_CLUSTERING_TOLERANCE = 0.01
GROUP_K_BUFFER = 4  # Pol.is's :group-k-buffer: a new k shows only after winning this many updates running


@dataclass(frozen=True)
class Cluster:
    """`members` are ids of the clustered items (participant ids, or base-cluster ids for groups)."""

    id: int
    members: tuple[int, ...]
    center: tuple[float, float]


@dataclass(frozen=True)
class KSmoother:
    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None


def kmeans(
    ids: IntArray,
    points: FloatArray,
    k: int,
    *,
    last: Sequence[Cluster] = (),
    max_iters: int = 20,
    weights: FloatArray | None = None,
) -> list[Cluster]:
    """Pol.is k-means of `points` (shape (n, 2), row i is item `ids[i]`), sorted by cluster id.

    `weights` (shape (n,)) gives each point's weight in its centre's mean (base-cluster sizes for groups).
    `last` warm-starts from a previous clustering of the same items. Deterministic: no randomness at all.
    """
    if len(ids) == 0:
        return []
    w = np.ones(len(ids)) if weights is None else weights
    centers, cluster_ids = _start(ids, points, k, last, w)
    for _ in range(max_iters + 1):
        labels = _nearest(points, centers)
        kept, new_centers = _recentre(labels, points, w)
        converged = _same_clustering(centers, new_centers)
        # Members are those assigned in this step; the centre is their mean (Pol.is's cluster-step).
        step_labels, step_kept = labels, kept
        cluster_ids, centers = cluster_ids[kept], new_centers
        if converged:
            break
    members = [ids[step_labels == n] for n in step_kept]
    return [
        Cluster(int(cid), tuple(int(i) for i in m), (float(c[0]), float(c[1])))
        for cid, m, c in sorted(zip(cluster_ids, members, centers, strict=True), key=lambda t: int(t[0]))
    ]


def _nearest(points: FloatArray, centers: FloatArray) -> IntArray:
    # Squared distances order the centres the same way, without the square roots.
    nearest: IntArray = np.argmin(cdist(points, centers, "sqeuclidean"), axis=1).astype(np.int64)
    return nearest


def _recentre(labels: IntArray, points: FloatArray, w: FloatArray) -> tuple[IntArray, FloatArray]:
    """Indices of the clusters that kept points, and the weighted mean of each one's points."""
    n = int(labels.max()) + 1 if len(labels) else 0
    totals = np.bincount(labels, weights=w, minlength=n)
    sums = np.stack([np.bincount(labels, weights=w * points[:, d], minlength=n) for d in range(2)], axis=1)
    kept = np.flatnonzero(np.bincount(labels, minlength=n) > 0)
    safe_totals = np.where(totals[kept] > 0, totals[kept], 1.0)
    return kept, sums[kept] / safe_totals[:, None]


def _same_clustering(old: FloatArray, new: FloatArray) -> bool:
    """Pol.is compares the centres sorted lexicographically, pair by pair (the shorter list decides)."""
    a, b = _sorted_rows(old), _sorted_rows(new)
    m = min(len(a), len(b))
    return bool(np.all(np.linalg.norm(a[:m] - b[:m], axis=1) < SAME_CLUSTERING_TOLERANCE))


def _sorted_rows(x: FloatArray) -> FloatArray:
    return x[np.lexsort(x.T[::-1])] if len(x) else x


def _start(
    ids: IntArray, points: FloatArray, k: int, last: Sequence[Cluster], w: FloatArray
) -> tuple[FloatArray, IntArray]:
    if last:
        warm = _warm_start(ids, points, k, last, w)
        if warm is not None:
            return warm
    return _first_distinct(points, k)


def _first_distinct(points: FloatArray, k: int) -> tuple[FloatArray, IntArray]:
    """The first k distinct points in row order, with cluster ids 0..k-1."""
    _, first = np.unique(points, axis=0, return_index=True)
    chosen = np.sort(first)[:k]
    return points[chosen].copy(), np.arange(len(chosen), dtype=np.int64)


def _warm_start(
    ids: IntArray, points: FloatArray, k: int, last: Sequence[Cluster], w: FloatArray
) -> tuple[FloatArray, IntArray] | None:
    """Previous clusters re-centred on current positions, identical ones merged, then the most distant
    point split off into a new cluster until there are min(k, distinct points) clusters."""
    index = {int(item): n for n, item in enumerate(ids)}
    groups = [(c.id, [index[m] for m in c.members if m in index]) for c in last]
    groups = _merge_identical([(cid, rows) for cid, rows in groups if rows], points, w)
    if not groups:
        return None
    possible = min(k, len(np.unique(points, axis=0)))
    while len(groups) < possible:
        centers = np.array([_weighted_mean(points, w, rows) for _, rows in groups])
        dist = cdist(points, centers).min(axis=1)
        far = int(np.argmax(dist))
        if dist[far] <= 0:
            break
        groups = [(cid, [r for r in rows if r != far]) for cid, rows in groups]
        groups = [g for g in groups if g[1]] + [(max(cid for cid, _ in groups) + 1, [far])]
    centers = np.array([_weighted_mean(points, w, rows) for _, rows in groups])
    return centers, np.array([cid for cid, _ in groups], dtype=np.int64)


def _merge_identical(
    groups: list[tuple[int, list[int]]], points: FloatArray, w: FloatArray
) -> list[tuple[int, list[int]]]:
    """Clusters whose centres coincide become one, keeping the id of the larger."""
    merged: list[tuple[int, list[int]]] = []
    for cid, rows in groups:
        center = _weighted_mean(points, w, rows)
        twin = next(
            (n for n, (_, r) in enumerate(merged) if np.array_equal(_weighted_mean(points, w, r), center)),
            None,
        )
        if twin is None:
            merged.append((cid, rows))
            continue
        other_id, other_rows = merged[twin]
        keep_id = other_id if len(other_rows) >= len(rows) else cid
        merged[twin] = (keep_id, other_rows + rows)
    return merged


def _weighted_mean(points: FloatArray, w: FloatArray, rows: list[int]) -> FloatArray:
    weights = w[rows]
    total = weights.sum()
    if total <= 0:
        return np.asarray(points[rows].mean(axis=0))
    return np.asarray((points[rows] * weights[:, None]).sum(axis=0) / total)


def silhouette(points: FloatArray, ids: IntArray, clusters: Sequence[Cluster]) -> float:
    """Mean silhouette over the items (unweighted, Euclidean), as Pol.is scores a grouping of base clusters.

    An item alone in its cluster scores 0. With fewer than two clusters the score is 0.
    """
    if len(clusters) < 2:
        return 0.0
    index = {int(item): n for n, item in enumerate(ids)}
    labels = np.full(len(ids), -1)
    for n, c in enumerate(clusters):
        labels[[index[m] for m in c.members]] = n
    dist = cdist(points, points)
    scores = [_silhouette_one(dist[i], labels, i) for i in range(len(ids)) if labels[i] >= 0]
    return float(np.mean(scores)) if scores else 0.0


def _silhouette_one(row: FloatArray, labels: IntArray, i: int) -> float:
    own = labels == labels[i]
    own[i] = False
    if not own.any():
        return 0.0
    a = float(row[own].mean())
    others = [float(row[labels == g].mean()) for g in np.unique(labels) if g != labels[i] and g >= 0]
    b = min(others)
    top = max(a, b)
    return (b - a) / top if top > 0 else 0.0


def max_group_k(n_base: int, max_k: int = 5) -> int:
    """Pol.is: k may go up to min(5, 2 + n_base // 12), so five groups need 36 base clusters."""
    return min(max_k, 2 + n_base // 12)


def k_smooth(previous: KSmoother, silhouettes: Mapping[int, float]) -> KSmoother:
    """Pick this update's k (best silhouette; ties go to the larger k, as Clojure's max-key does) and only
    show a new k once it has been best for GROUP_K_BUFFER updates running. The first update shows it at once."""
    best = max(silhouettes.values())
    this_k = max(k for k, s in silhouettes.items() if s == best)
    count = previous.last_k_count + 1 if previous.last_k == this_k else 1
    shows_new = count >= GROUP_K_BUFFER or previous.smoothed_k is None
    smoothed = this_k if shows_new else previous.smoothed_k
    return KSmoother(last_k=this_k, last_k_count=count, smoothed_k=smoothed)
