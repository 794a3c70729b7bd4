"""Pol.is's statement statistics: representative statements per group, consensus, group-aware consensus.

Counts per group g and statement c: n_a agrees, n_d disagrees, n_s seen (passes included). Probabilities
are Laplace-smoothed, p = (n + 1) / (n_s + 2); tests are Pol.is's one-proportion z-test against 1/2 and its
two-proportion z-test of the group against everyone else clustered, with 1 added to each count.
A test is significant at 90 % one-sided (z > 1.2816), as in Pol.is.
"""

from dataclasses import dataclass
from typing import Literal

import numpy as np

from joinedup.engine.opinions.matrix import FloatArray, IntArray

Z_90 = 1.2816
PICK_MAX = 5
Direction = Literal["agree", "disagree"]


@dataclass(frozen=True)
class Counts:
    """Vote counts, each shaped (n_groups, n_statements) (or (n_statements,) for everyone)."""

    agree: FloatArray
    disagree: FloatArray
    seen: FloatArray


@dataclass(frozen=True)
class RepStatement:
    comment_id: int
    repful_for: Direction
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False


@dataclass(frozen=True)
class ConsensusStatement:
    comment_id: int
    n_success: int
    n_trials: int
    p_success: float
    p_test: float


def counts_by_group(rating: FloatArray, labels: IntArray, n_groups: int) -> Counts:
    """Per-group counts from the raw votes (NaN = not seen) of the clustered participants."""
    tallies = [_tally(rating[labels == g]) for g in range(n_groups)]
    width = rating.shape[1]
    return Counts(
        *(
            np.array([t[n] for t in tallies]).reshape(n_groups, width) for n in range(3)
        )  # agree, disagree, seen
    )


def _tally(rows: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    agree = np.count_nonzero(rows == 1, axis=0).astype(float)
    disagree = np.count_nonzero(rows == -1, axis=0).astype(float)
    seen = rows.shape[0] - np.count_nonzero(np.isnan(rows), axis=0).astype(float)
    return agree, disagree, seen


def prop_test(success: FloatArray, n: FloatArray) -> FloatArray:
    """Pol.is's one-proportion z-test against 1/2, with one pseudo-vote: 2·sqrt(n+1)·((s+1)/(n+1) − 1/2)."""
    return np.asarray(2.0 * np.sqrt(n + 1.0) * ((success + 1.0) / (n + 1.0) - 0.5))


def two_prop_test(s_in: FloatArray, s_out: FloatArray, n_in: FloatArray, n_out: FloatArray) -> FloatArray:
    """Pol.is's two-proportion z-test, with 1 added to each of the four counts; 0 where the pooled p is 1."""
    p1 = (s_in + 1.0) / (n_in + 1.0)
    p2 = (s_out + 1.0) / (n_out + 1.0)
    pooled = (s_in + s_out + 2.0) / (n_in + n_out + 2.0)
    spread = pooled * (1.0 - pooled) * (1.0 / (n_in + 1.0) + 1.0 / (n_out + 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / np.sqrt(spread)
    return np.asarray(np.where(pooled >= 1.0, 0.0, np.nan_to_num(z)))


def _stats(c: Counts) -> dict[str, FloatArray]:
    """Every per-group statistic Pol.is computes, each shaped (n_groups, n_statements)."""
    rest_a = c.agree.sum(axis=0) - c.agree
    rest_d = c.disagree.sum(axis=0) - c.disagree
    rest_s = c.seen.sum(axis=0) - c.seen
    pa = (c.agree + 1.0) / (c.seen + 2.0)
    pd = (c.disagree + 1.0) / (c.seen + 2.0)
    return {
        "na": c.agree, "nd": c.disagree, "ns": c.seen, "pa": pa, "pd": pd,
        "pat": prop_test(c.agree, c.seen), "pdt": prop_test(c.disagree, c.seen),
        "ra": pa / ((rest_a + 1.0) / (rest_s + 2.0)), "rd": pd / ((rest_d + 1.0) / (rest_s + 2.0)),
        "rat": two_prop_test(c.agree, rest_a, c.seen, rest_s),
        "rdt": two_prop_test(c.disagree, rest_d, c.seen, rest_s),
    }  # fmt: skip


def representative(counts: Counts, comment_ids: IntArray, excluded: set[int]) -> list[list[RepStatement]]:
    """Up to 5 representative statements per group, in Pol.is's order: best-agree first, then by
    repness × repness-test × p-success × p-test, then agrees before disagrees."""
    stats = _stats(counts)
    columns = [j for j, tid in enumerate(comment_ids) if int(tid) not in excluded]
    return [
        _select_for_group({k: v[g] for k, v in stats.items()}, comment_ids, columns)
        for g in range(len(counts.seen))
    ]


def _select_for_group(
    s: dict[str, FloatArray], comment_ids: IntArray, columns: list[int]
) -> list[RepStatement]:
    sufficient: list[RepStatement] = []
    best: RepStatement | None = None
    best_agree: int | None = None
    for j in columns:
        if _passes(s, j):
            sufficient.append(_finalise(s, j, comment_ids))
        if not sufficient and (best is None or max(s["rat"][j], s["rdt"][j]) > best.repness_test):
            best = _finalise(s, j, comment_ids)
        if _beats_best_agree(s, j, best_agree):
            best_agree = j
    head = [_as_best_agree(s, best_agree, comment_ids)] if best_agree is not None else []
    if not sufficient:
        return head or ([best] if best else [])
    rest = sorted(
        (r for r in sufficient if best_agree is None or r.comment_id != comment_ids[best_agree]),
        key=_metric,
        reverse=True,
    )
    chosen = (head + rest)[:PICK_MAX]
    return [r for r in chosen if r.repful_for == "agree"] + [r for r in chosen if r.repful_for == "disagree"]


def _passes(s: dict[str, FloatArray], j: int) -> bool:
    agree = s["rat"][j] > Z_90 and s["pat"][j] > Z_90
    disagree = s["rdt"][j] > Z_90 and s["pdt"][j] > Z_90
    return bool(agree or disagree)


def _finalise(s: dict[str, FloatArray], j: int, comment_ids: IntArray) -> RepStatement:
    """Pol.is reports each statement as agree-representative if rat > rdt, else disagree."""
    d = "a" if s["rat"][j] > s["rdt"][j] else "d"
    return RepStatement(
        comment_id=int(comment_ids[j]),
        repful_for="agree" if d == "a" else "disagree",
        n_success=int(s[f"n{d}"][j]),
        n_trials=int(s["ns"][j]),
        p_success=float(s[f"p{d}"][j]),
        p_test=float(s[f"p{d}t"][j]),
        repness=float(s[f"r{d}"][j]),
        repness_test=float(s[f"r{d}t"][j]),
    )


def _as_best_agree(s: dict[str, FloatArray], j: int, comment_ids: IntArray) -> RepStatement:
    r = _finalise(s, j, comment_ids)
    return RepStatement(**{**r.__dict__, "best_agree": True})


def _beats_best_agree(s: dict[str, FloatArray], j: int, best: int | None) -> bool:
    """Pol.is keeps one statement the group agrees with, so every group shows some common view."""
    if s["na"][j] == 0 and s["nd"][j] == 0:
        return False
    if best is not None and s["ra"][best] > 1.0:
        return bool(_agree_metric(s, j) > _agree_metric(s, best))
    if best is not None:
        return bool(s["pa"][j] * s["pat"][j] > s["pa"][best] * s["pat"][best])
    return bool(s["pat"][j] > Z_90 or (s["ra"][j] > 1.0 and s["pa"][j] > 0.5))


def _agree_metric(s: dict[str, FloatArray], j: int) -> float:
    return float(s["ra"][j] * s["rat"][j] * s["pa"][j] * s["pat"][j])


def _metric(r: RepStatement) -> float:
    return r.repness * r.repness_test * r.p_success * r.p_test


def consensus(
    rating: FloatArray, comment_ids: IntArray, excluded: set[int]
) -> dict[Direction, list[ConsensusStatement]]:
    """Statements most of everyone agrees (disagrees) with: p > 0.5 and a significant one-proportion
    test, ranked by p × z, top 5 each way. Computed over all participants, not group-aware."""
    na = (rating == 1).sum(axis=0).astype(float)
    nd = (rating == -1).sum(axis=0).astype(float)
    ns = (~np.isnan(rating)).sum(axis=0).astype(float)
    keep = np.array([int(t) not in excluded for t in comment_ids], dtype=bool)
    return {
        "agree": _consensus_side(na, ns, keep, comment_ids),
        "disagree": _consensus_side(nd, ns, keep, comment_ids),
    }


def _consensus_side(
    n: FloatArray, ns: FloatArray, keep: np.ndarray, comment_ids: IntArray
) -> list[ConsensusStatement]:
    p = (n + 1.0) / (ns + 2.0)
    z = prop_test(n, ns)
    ok = np.flatnonzero(keep & (p > 0.5) & (z > Z_90))
    ranked = ok[np.argsort(-(p[ok] * z[ok]), kind="stable")][:PICK_MAX]
    return [
        ConsensusStatement(int(comment_ids[j]), int(n[j]), int(ns[j]), float(p[j]), float(z[j]))
        for j in ranked
    ]


def group_aware_consensus(counts: Counts) -> tuple[FloatArray, FloatArray]:
    """Π over groups of (A+1)/(S+2), and the disagree analogue; high only when every group leans that way."""
    agree = np.prod((counts.agree + 1.0) / (counts.seen + 2.0), axis=0)
    disagree = np.prod((counts.disagree + 1.0) / (counts.seen + 2.0), axis=0)
    return np.asarray(agree), np.asarray(disagree)
