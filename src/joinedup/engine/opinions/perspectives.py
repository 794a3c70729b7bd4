"""Beyond Pol.is: how each side of government sees each statement.

Every participant may carry a perspective (central, local, frontline, service user, partner). For each
statement and perspective the split gives the counts and the share who agree. A share is shown only when
at least MIN_PER_PERSPECTIVE people of that perspective have voted on the statement:
  - below that, one person moves the figure by 20 points or more, so a "divergence" would be noise;
  - and in a small situation a split of two or three people can reveal how a named colleague voted —
    the same small-number disclosure rule official statistics apply.
Divergence and common ground compare central and local with Pol.is's own smoothed probabilities and its
two-proportion z-test, so a difference is ranked by how sure we are of it, not by its raw size alone.
"""

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from joinedup.engine.opinions.matrix import FloatArray, IntArray
from joinedup.engine.opinions.repness import Z_90, two_prop_test

PERSPECTIVES = ("central", "local", "frontline", "service_user", "partner")
MIN_PER_PERSPECTIVE = 5
TOP_N = 10


@dataclass(frozen=True)
class PerspectiveSplit:
    """One statement seen by one perspective; `agree_share` is None below the minimum count."""

    perspective: str
    agree: int
    disagree: int
    passed: int
    seen: int
    agree_share: float | None
    disagree_share: float | None


@dataclass(frozen=True)
class Divergence:
    comment_id: int
    central_agree: float
    local_agree: float
    difference: float  # central minus local, in agree share
    z: float  # two-proportion z-test of the agree shares


@dataclass(frozen=True)
class CommonGround:
    comment_id: int
    direction: str  # "agree" or "disagree"
    central_share: float
    local_share: float


@dataclass(frozen=True)
class PerspectiveReport:
    by_statement: dict[int, list[PerspectiveSplit]]
    central_local_divergence: list[Divergence]
    central_local_common_ground: list[CommonGround]
    min_count: int


def perspective_report(
    participant_ids: IntArray,
    comment_ids: IntArray,
    rating: FloatArray,
    perspectives: Mapping[int, str],
    *,
    excluded: AbstractSet[int] = frozenset(),
    min_count: int = MIN_PER_PERSPECTIVE,
) -> PerspectiveReport:
    """Agreement by perspective for every statement not in `excluded`, then the central/local contrasts.

    `rating` is the raw vote matrix (NaN = not seen, +1 agree, -1 disagree, 0 pass), rows matching
    `participant_ids`. Participants absent from `perspectives` are left out of the split.
    """
    labels = np.array([perspectives.get(int(p), "") for p in participant_ids])
    known = [p for p in PERSPECTIVES if np.any(labels == p)] + sorted(set(labels) - set(PERSPECTIVES) - {""})
    tallies = {p: _tally(rating[labels == p]) for p in known}
    columns = [j for j, t in enumerate(comment_ids) if int(t) not in excluded]
    by_statement = {
        int(comment_ids[j]): [_split(p, tallies[p], j, min_count) for p in known] for j in columns
    }
    empty = _tally(rating[:0])
    central, local = tallies.get("central", empty), tallies.get("local", empty)
    return PerspectiveReport(
        by_statement=by_statement,
        central_local_divergence=_divergence(central, local, comment_ids, columns, min_count),
        central_local_common_ground=_common_ground(central, local, comment_ids, columns, min_count),
        min_count=min_count,
    )


def _tally(rows: FloatArray) -> dict[str, FloatArray]:
    return {
        "agree": (rows == 1).sum(axis=0).astype(float),
        "disagree": (rows == -1).sum(axis=0).astype(float),
        "passed": (rows == 0).sum(axis=0).astype(float),
        "seen": (~np.isnan(rows)).sum(axis=0).astype(float),
    }


def _split(perspective: str, t: dict[str, FloatArray], j: int, min_count: int) -> PerspectiveSplit:
    seen = int(t["seen"][j])
    shown = seen >= min_count
    return PerspectiveSplit(
        perspective=perspective,
        agree=int(t["agree"][j]),
        disagree=int(t["disagree"][j]),
        passed=int(t["passed"][j]),
        seen=seen,
        agree_share=float(t["agree"][j] / seen) if shown else None,
        disagree_share=float(t["disagree"][j] / seen) if shown else None,
    )


def _enough(a: dict[str, FloatArray], b: dict[str, FloatArray], j: int, min_count: int) -> bool:
    return bool(a["seen"][j] >= min_count and b["seen"][j] >= min_count)


def _divergence(
    c: dict[str, FloatArray], lo: dict[str, FloatArray], ids: IntArray, columns: Sequence[int], min_count: int
) -> list[Divergence]:
    """Statements where central and local agree-shares differ most surely (|z| of the two-proportion test)."""
    z = two_prop_test(c["agree"], lo["agree"], c["seen"], lo["seen"])
    rows = [
        Divergence(int(ids[j]), _share(c, j), _share(lo, j), _share(c, j) - _share(lo, j), float(z[j]))
        for j in columns
        if _enough(c, lo, j, min_count)
    ]
    rows.sort(key=lambda d: (-abs(d.z), d.comment_id))
    return rows[:TOP_N]


def _common_ground(
    c: dict[str, FloatArray], lo: dict[str, FloatArray], ids: IntArray, columns: Sequence[int], min_count: int
) -> list[CommonGround]:
    """Statements both sides agree with (or both reject), each side's majority significant at 90 %,
    ranked by the weaker side's smoothed share."""
    found: list[tuple[float, CommonGround]] = []
    for j in columns:
        if not _enough(c, lo, j, min_count):
            continue
        for direction in ("agree", "disagree"):
            pc, pl = _smoothed(c, direction, j), _smoothed(lo, direction, j)
            if _majority(c, direction, j) and _majority(lo, direction, j):
                share_c, share_l = (
                    float(c[direction][j] / c["seen"][j]),
                    float(lo[direction][j] / lo["seen"][j]),
                )
                found.append((min(pc, pl), CommonGround(int(ids[j]), direction, share_c, share_l)))
    found.sort(key=lambda t: (-t[0], t[1].comment_id))
    return [g for _, g in found[:TOP_N]]


def _share(t: dict[str, FloatArray], j: int) -> float:
    return float(t["agree"][j] / t["seen"][j])


def _smoothed(t: dict[str, FloatArray], direction: str, j: int) -> float:
    return float((t[direction][j] + 1.0) / (t["seen"][j] + 2.0))


def _majority(t: dict[str, FloatArray], direction: str, j: int) -> bool:
    n, s = t[direction][j], t["seen"][j]
    z = 2.0 * np.sqrt(s + 1.0) * ((n + 1.0) / (s + 1.0) - 0.5)
    return bool(_smoothed(t, direction, j) > 0.5 and z > Z_90)
