"""The vote matrix: who voted what on which statement, and who is clustered.

Votes use the Pol.is export convention: agree = +1, disagree = -1, pass = 0. (Pol.is's own maths stores
the opposite sign; only the orientation of the PCA axes depends on it, never a group or a statistic.)
A cell that was never voted on is NaN.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Pol.is (conversation.clj, in-conv): a participant is clustered once they have voted on
# min(7, number of statements); the set is topped up to 15 with the most active voters.
MIN_VOTES = 7
MIN_CLUSTERED = 15


@dataclass(frozen=True)
class VoteMatrix:
    """Final votes: `values[i, j]` is participant `participant_ids[i]` on statement `comment_ids[j]`.

    Rows are sorted by participant id and columns by statement id, so the same votes always give the
    same matrix (Pol.is adds rows in order of arrival, which for its sequential ids is the same order).
    """

    participant_ids: IntArray
    comment_ids: IntArray
    values: FloatArray

    @property
    def voted(self) -> NDArray[np.bool_]:
        return ~np.isnan(self.values)

    def vote_counts(self) -> IntArray:
        """Votes per participant (passes included), shape (n_participants,)."""
        counts: IntArray = self.voted.sum(axis=1).astype(np.int64)
        return counts


def vote_matrix_build(
    participant_ids: Sequence[int] | IntArray,
    comment_ids: Sequence[int] | IntArray,
    votes: Sequence[int] | IntArray,
    timestamps: Sequence[int] | IntArray | None = None,
) -> VoteMatrix:
    """Build the matrix from vote events (parallel sequences, one entry per event).

    The latest vote per (participant, statement) wins: events are ordered by timestamp, and events with
    equal timestamps (or no timestamps) keep their given order, so the later one in the input wins.
    Raises ValueError on a vote other than -1, 0 or 1 or on sequences of different lengths.
    """
    pids, tids, vals = np.asarray(participant_ids), np.asarray(comment_ids), np.asarray(votes)
    times = np.zeros(len(vals), dtype=np.int64) if timestamps is None else np.asarray(timestamps)
    _check_events(pids, tids, vals, times)
    row_ids, rows = _index(pids.astype(np.int64))
    col_ids, cols = _index(tids.astype(np.int64))
    keep = _latest_per_cell(rows * len(col_ids) + cols, times.astype(np.int64))
    values = np.full((len(row_ids), len(col_ids)), np.nan)
    values[rows[keep], cols[keep]] = vals[keep]
    return VoteMatrix(row_ids, col_ids, values)


def vote_matrix_add(
    matrix: VoteMatrix,
    participant_ids: Sequence[int] | IntArray,
    comment_ids: Sequence[int] | IntArray,
    votes: Sequence[int] | IntArray,
) -> VoteMatrix:
    """The matrix with newer vote events applied on top (in the given order, so the last one wins).

    For incremental updates: a site keeps the last matrix and applies the votes since, instead of
    rebuilding from every event. New participants and statements get new rows and columns.
    """
    update = vote_matrix_build(participant_ids, comment_ids, votes)
    rows = np.union1d(matrix.participant_ids, update.participant_ids)
    cols = np.union1d(matrix.comment_ids, update.comment_ids)
    if len(rows) == len(matrix.participant_ids) and len(cols) == len(matrix.comment_ids):
        values = matrix.values.copy()
    else:
        values = np.full((len(rows), len(cols)), np.nan)
        values[
            np.ix_(np.searchsorted(rows, matrix.participant_ids), np.searchsorted(cols, matrix.comment_ids))
        ] = matrix.values
    r, c = np.nonzero(update.voted)
    values[np.searchsorted(rows, update.participant_ids[r]), np.searchsorted(cols, update.comment_ids[c])] = (
        update.values[r, c]
    )
    return VoteMatrix(rows, cols, values)


def _check_events(
    pids: NDArray[np.generic],
    tids: NDArray[np.generic],
    vals: NDArray[np.generic],
    times: NDArray[np.generic],
) -> None:
    if not (len(pids) == len(tids) == len(vals) == len(times)):
        raise ValueError("participant_ids, comment_ids, votes and timestamps must have the same length")
    bad = (np.abs(vals) > 1) | (vals != np.trunc(vals)) if len(vals) else np.zeros(0, dtype=bool)
    if bad.any():
        raise ValueError(f"a vote must be -1, 0 or 1, got {vals[bad][0]!r}")


def _index(ids: IntArray) -> tuple[IntArray, IntArray]:
    """Sorted distinct ids and each entry's position among them (np.unique's result).

    Site and Pol.is ids are small non-negative integers, so a presence table does it in one linear pass;
    anything else falls back to sorting.
    """
    if len(ids) == 0 or ids.min() < 0 or ids.max() > 4 * len(ids) + 1_000_000:
        distinct, inverse = np.unique(ids, return_inverse=True)
        return distinct, inverse.astype(np.int64)
    present = np.zeros(int(ids.max()) + 1, dtype=bool)
    present[ids] = True
    position = np.cumsum(present) - 1
    return np.flatnonzero(present).astype(np.int64), position[ids].astype(np.int64)


def _latest_per_cell(cell: IntArray, times: IntArray) -> IntArray:
    """Index of the last event of each cell after a stable sort by (cell, time)."""
    order = np.lexsort((times, cell))
    sorted_cells = cell[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = sorted_cells[:-1] != sorted_cells[1:]
    return order[last]


def moderated_zeroed(matrix: VoteMatrix, moderated_out: Iterable[int]) -> FloatArray:
    """Pol.is's rating matrix M: every moderated-out column is 0 for every participant.

    This includes participants who never saw the statement, so those columns count as votes in the
    projection's sparsity scaling, exactly as in Pol.is (named_matrix zero-out-columns).
    """
    columns = np.isin(matrix.comment_ids, np.fromiter(moderated_out, dtype=np.int64))
    if not columns.any():
        return matrix.values  # nothing to zero: no need to copy a large matrix
    values = matrix.values.copy()
    values[:, columns] = 0.0
    return values


def clustered_mask(matrix: VoteMatrix, previously_clustered: Iterable[int] = ()) -> NDArray[np.bool_]:
    """Who is clustered: Pol.is's minimum-vote rule, sticky membership and top-up to 15.

    A participant qualifies with at least min(7, n_statements) votes (passes and votes on moderated-out
    statements count); anyone clustered before stays clustered; if fewer than 15 qualify, the most active
    other voters are added (ties broken by participant id) until there are 15.
    """
    counts = matrix.vote_counts()
    mask = counts >= min(MIN_VOTES, len(matrix.comment_ids))
    mask |= np.isin(matrix.participant_ids, np.fromiter(previously_clustered, dtype=np.int64))
    missing = MIN_CLUSTERED - int(mask.sum())
    if missing > 0:
        candidates = np.flatnonzero(~mask & (counts > 0))
        best = candidates[np.argsort(-counts[candidates], kind="stable")][:missing]
        mask[best] = True
    return mask


def clustered_from_history(
    participant_ids: IntArray, comment_ids: IntArray, timestamps: IntArray
) -> set[int]:
    """Participants who met the minimum-vote rule at any moment of the conversation's history.

    Pol.is evaluates the rule at every update and never drops anyone, so a participant who voted on every
    statement while there were fewer than 7 stays clustered. Replaying the vote events in time order (one
    update per event, a close approximation of Pol.is's updates every few seconds) recovers that set.
    """
    order = np.lexsort((np.arange(len(timestamps)), timestamps))
    pids, tids = participant_ids[order], comment_ids[order]
    first_cell = _first_occurrence(pids * (int(tids.max(initial=0)) + 1) + tids)
    first_comment = _first_occurrence(tids)
    n_comments_so_far = np.cumsum(first_comment)
    votes_so_far = _running_count(pids, first_cell)
    qualifies = votes_so_far >= np.minimum(MIN_VOTES, n_comments_so_far)
    return {int(p) for p in np.unique(pids[qualifies & first_cell])}


def _first_occurrence(keys: IntArray) -> NDArray[np.bool_]:
    first = np.zeros(len(keys), dtype=bool)
    first[np.unique(keys, return_index=True)[1]] = True
    return first


def _running_count(groups: IntArray, increments: NDArray[np.bool_]) -> IntArray:
    """For each event, how many increments its group has had up to and including it."""
    order = np.argsort(groups, kind="stable")
    counts = np.empty(len(groups), dtype=np.int64)
    sorted_groups, sorted_inc = groups[order], increments[order].astype(np.int64)
    running = np.cumsum(sorted_inc)
    starts = np.r_[0, np.flatnonzero(sorted_groups[1:] != sorted_groups[:-1]) + 1]
    offsets = np.repeat(running[starts] - sorted_inc[starts], np.diff(np.r_[starts, len(groups)]))
    counts[order] = running - offsets
    return counts
