"""The whole Pol.is update: votes in, opinion groups, representative statements and consensus out.

`analyse` runs one update. Given the `OpinionState` of the previous update it warm-starts exactly as Pol.is
does (PCA from the previous components, base clusters and each k's groups from the previous clusters,
the clustered set kept, the k-smoother carried on), so a site can recompute after each batch of votes in
a fraction of a cold run's time and the map does not jump about between updates.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from joinedup.engine.opinions.clusters import Cluster, KSmoother, k_smooth, kmeans, max_group_k, silhouette
from joinedup.engine.opinions.matrix import FloatArray, IntArray, VoteMatrix, clustered_mask, moderated_zeroed
from joinedup.engine.opinions.pca import (
    Pca,
    centred_with_means,
    pca_fit_centred,
    project_comments,
    project_participants,
)
from joinedup.engine.opinions.perspectives import PerspectiveReport, perspective_report
from joinedup.engine.opinions.repness import (
    ConsensusStatement,
    Direction,
    RepStatement,
    consensus,
    counts_by_group,
    group_aware_consensus,
    representative,
)

BASE_K = 100  # Pol.is's :base-k
BASE_ITERS = 100  # Pol.is's :base-iters
# What Pol.is's group k-means really runs: it passes :cluster-iters, but kmeans reads :max-iters.
GROUP_ITERS = 20


@dataclass(frozen=True)
class OpinionState:
    """What the next update starts from. `to_dict`/`from_dict` give a JSON-ready form for storage."""

    comment_ids: tuple[int, ...]
    components: tuple[tuple[float, ...], ...]
    clustered: frozenset[int]
    base_clusters: tuple[Cluster, ...]
    group_clusterings: Mapping[int, tuple[Cluster, ...]]
    k_smoother: KSmoother

    def to_dict(self) -> dict[str, Any]:
        return {
            "comment_ids": list(self.comment_ids),
            "components": [list(c) for c in self.components],
            "clustered": sorted(self.clustered),
            "base_clusters": [_cluster_dict(c) for c in self.base_clusters],
            "group_clusterings": {
                str(k): [_cluster_dict(c) for c in v] for k, v in self.group_clusterings.items()
            },
            "k_smoother": self.k_smoother.__dict__,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "OpinionState":
        return cls(
            comment_ids=tuple(int(t) for t in d["comment_ids"]),
            components=tuple(tuple(float(x) for x in c) for c in d["components"]),
            clustered=frozenset(int(p) for p in d["clustered"]),
            base_clusters=tuple(_cluster_from(c) for c in d["base_clusters"]),
            group_clusterings={
                int(k): tuple(_cluster_from(c) for c in v) for k, v in d["group_clusterings"].items()
            },
            k_smoother=KSmoother(**d["k_smoother"]),
        )


def _cluster_dict(c: Cluster) -> dict[str, Any]:
    return {"id": c.id, "members": list(c.members), "center": list(c.center)}


def _cluster_from(d: Mapping[str, Any]) -> Cluster:
    return Cluster(
        int(d["id"]), tuple(int(m) for m in d["members"]), (float(d["center"][0]), float(d["center"][1]))
    )


@dataclass(frozen=True)
class Group:
    id: int
    participant_ids: tuple[int, ...]
    center: tuple[float, float]
    repness: list[RepStatement]

    @property
    def size(self) -> int:
        return len(self.participant_ids)


@dataclass(frozen=True)
class OpinionReport:
    """One update's result. Arrays are aligned with `participant_ids` / `comment_ids`."""

    participant_ids: IntArray
    comment_ids: IntArray
    projections: FloatArray  # (n_participants, 2)
    comment_projections: FloatArray  # (n_statements, 2)
    group_of: dict[int, int | None]
    groups: list[Group]
    consensus: dict[Direction, list[ConsensusStatement]]
    group_aware_consensus: dict[int, tuple[float, float]]  # comment id -> (agree, disagree)
    silhouettes: dict[int, float]
    state: OpinionState
    perspectives: PerspectiveReport | None = field(default=None)


def analyse(
    matrix: VoteMatrix,
    *,
    moderated_out: Iterable[int] = (),
    previous: OpinionState | None = None,
    clustered_before: Iterable[int] = (),
    perspectives: Mapping[int, str] | None = None,
    seed: int = 0,
    base_k: int = BASE_K,
) -> OpinionReport:
    """Run one Pol.is update on `matrix` (final votes, export sign convention).

    `moderated_out`: statement ids rejected by moderation or marked meta; their columns are zeroed and they
    are never representative or consensus. `clustered_before`: participants already in the clustered set
    (Pol.is never drops anyone). `previous`: the last update's state, for a warm start. Deterministic for
    a given `seed` (which only seeds the PCA start vectors of a cold start).
    """
    excluded = {int(t) for t in moderated_out} & {int(t) for t in matrix.comment_ids}
    rating = moderated_zeroed(matrix, excluded)
    center, x = centred_with_means(rating)
    pca = pca_fit_centred(center, x, start=_start_components(previous, matrix.comment_ids), seed=seed)
    proj = project_participants(rating, pca, x)
    kept = set(clustered_before) | (set(previous.clustered) if previous else set())
    mask = clustered_mask(matrix, kept)
    base = kmeans(
        matrix.participant_ids[mask], proj[mask], base_k,
        last=previous.base_clusters if previous else (), max_iters=BASE_ITERS,
    )  # fmt: skip
    clusterings, silhouettes, smoother = _group_clusterings(base, previous)
    groups = _groups(base, clusterings.get(smoother.smoothed_k or 0, ()))
    return _report(matrix, pca, proj, excluded, groups, perspectives, silhouettes,
                   OpinionState(
                       comment_ids=tuple(int(t) for t in matrix.comment_ids),
                       components=tuple(tuple(float(x) for x in c) for c in pca.components),
                       clustered=frozenset(int(p) for p in matrix.participant_ids[mask]),
                       base_clusters=tuple(base),
                       group_clusterings=clusterings,
                       k_smoother=smoother,
                   ))  # fmt: skip


def _start_components(previous: OpinionState | None, comment_ids: IntArray) -> FloatArray | None:
    """The previous components laid over the current statements; new statements start at 1, as in Pol.is."""
    if previous is None:
        return None
    where = {t: n for n, t in enumerate(previous.comment_ids)}
    old = np.array(previous.components)
    start = np.ones((len(old), len(comment_ids)))
    for j, t in enumerate(comment_ids):
        if int(t) in where:
            start[:, j] = old[:, where[int(t)]]
    return start


def _group_clusterings(
    base: list[Cluster], previous: OpinionState | None
) -> tuple[dict[int, tuple[Cluster, ...]], dict[int, float], KSmoother]:
    """Group the base clusters for every k from 2 to max k; pick k by silhouette, smoothed over updates."""
    ids = np.array([c.id for c in base], dtype=np.int64)
    centers = np.array([c.center for c in base]).reshape(-1, 2)
    sizes = np.array([len(c.members) for c in base], dtype=float)
    if not base:
        return {}, {}, previous.k_smoother if previous else KSmoother()
    if len(base) == 1:
        return {1: (Cluster(0, (base[0].id,), base[0].center),)}, {1: 0.0}, KSmoother(1, 1, 1)
    clusterings: dict[int, tuple[Cluster, ...]] = {}
    for k in range(2, max_group_k(len(base)) + 1):
        last = previous.group_clusterings.get(k, ()) if previous else ()
        clusterings[k] = tuple(kmeans(ids, centers, k, last=last, max_iters=GROUP_ITERS, weights=sizes))
    # A k whose k-means lost clusters duplicates a smaller k; Pol.is would still let it win a tie (and then
    # split it on the next warm start), so it is left out of the choice unless nothing else is left.
    full = {k: c for k, c in clusterings.items() if len(c) == k} or clusterings
    silhouettes = {k: silhouette(centers, ids, c) for k, c in full.items()}
    smoother = k_smooth(previous.k_smoother if previous else KSmoother(), silhouettes)
    if smoother.smoothed_k not in clusterings:
        smoother = KSmoother(smoother.last_k, smoother.last_k_count, smoother.last_k)
    return clusterings, silhouettes, smoother


def _groups(base: list[Cluster], group_clusters: Iterable[Cluster]) -> list[Group]:
    """A participant's group is the group of their base cluster (Pol.is)."""
    members = {c.id: c.members for c in base}
    return [
        Group(g.id, tuple(sorted(p for b in g.members for p in members[b])), g.center, [])
        for g in group_clusters
    ]


def _report(
    matrix: VoteMatrix,
    pca: Pca,
    proj: FloatArray,
    excluded: set[int],
    groups: list[Group],
    perspectives: Mapping[int, str] | None,
    silhouettes: dict[int, float],
    state: OpinionState,
) -> OpinionReport:
    row = {int(p): i for i, p in enumerate(matrix.participant_ids)}
    labels = np.full(len(row), -1, dtype=np.int64)  # -1: not clustered
    for n, g in enumerate(groups):
        labels[[row[p] for p in g.participant_ids]] = n
    # Group tallies use the raw votes of clustered participants (Pol.is's votes-base).
    counts = counts_by_group(matrix.values, labels, len(groups))
    rep = representative(counts, matrix.comment_ids, excluded) if groups else []
    gac_agree, gac_disagree = group_aware_consensus(counts)
    group_of: dict[int, int | None] = {int(p): None for p in matrix.participant_ids}
    group_of.update({p: g.id for g in groups for p in g.participant_ids})
    return OpinionReport(
        participant_ids=matrix.participant_ids,
        comment_ids=matrix.comment_ids,
        projections=proj,
        comment_projections=project_comments(pca),
        group_of=group_of,
        groups=[Group(g.id, g.participant_ids, g.center, r) for g, r in zip(groups, rep, strict=True)],
        consensus=consensus(matrix.values, matrix.comment_ids, excluded),
        group_aware_consensus={
            int(t): (float(a), float(d))
            for t, a, d in zip(matrix.comment_ids, gac_agree, gac_disagree, strict=True)
            if int(t) not in excluded
        },
        silhouettes=silhouettes,
        state=state,
        perspectives=None if perspectives is None else perspective_report(
            matrix.participant_ids, matrix.comment_ids, matrix.values, perspectives, excluded=excluded
        ),
    )  # fmt: skip
