import numpy as np
import pytest

from joinedup.engine.opinions import clustered_from_history, vote_matrix_add, vote_matrix_build
from joinedup.engine.opinions.matrix import clustered_mask, moderated_zeroed


def test_it_keeps_the_latest_vote_by_timestamp() -> None:
    m = vote_matrix_build([1, 1, 1], [5, 5, 5], [1, -1, 0], timestamps=[30, 10, 20])
    assert m.values[0, 0] == 1


def test_it_keeps_the_later_row_when_timestamps_tie() -> None:
    m = vote_matrix_build([1, 1], [5, 5], [1, -1], timestamps=[10, 10])
    assert m.values[0, 0] == -1


def test_it_sorts_rows_and_columns_by_id_and_leaves_unseen_cells_missing() -> None:
    m = vote_matrix_build([9, 2], [7, 3], [1, -1])
    assert m.participant_ids.tolist() == [2, 9]
    assert m.comment_ids.tolist() == [3, 7]
    assert m.values[0, 0] == -1 and np.isnan(m.values[0, 1])


def test_it_refuses_a_vote_outside_minus_one_to_one() -> None:
    with pytest.raises(ValueError, match="-1, 0 or 1"):
        vote_matrix_build([1], [1], [2])


def test_it_zeroes_a_moderated_out_statement_for_everyone() -> None:
    m = vote_matrix_build([1, 2, 2], [10, 10, 11], [1, -1, 1])
    zeroed = moderated_zeroed(m, [11])
    assert zeroed[:, 1].tolist() == [0.0, 0.0]  # participant 1 never saw it, and is zeroed too
    assert zeroed[1, 0] == -1


def test_it_clusters_only_participants_with_seven_votes_once_there_are_fifteen() -> None:
    pids, tids = [], []
    for p in range(20):
        n = 7 if p < 16 else 6
        pids += [p] * n
        tids += list(range(n))
    m = vote_matrix_build(pids, tids, [1] * len(pids))
    mask = clustered_mask(m)
    assert mask[:16].all() and not mask[16:].any()


def test_it_lowers_the_threshold_when_there_are_fewer_than_seven_statements() -> None:
    m = vote_matrix_build(
        [p for p in range(20) for _ in range(3)], [t for _ in range(20) for t in range(3)], [1] * 60
    )
    assert clustered_mask(m).all()


def test_it_tops_up_to_fifteen_with_the_most_active_voters() -> None:
    pids, tids = [], []
    for p in range(20):
        n = 8 if p < 10 else (5 if p < 15 else 2)
        pids += [p] * n
        tids += list(range(n))
    m = vote_matrix_build(pids, tids, [1] * len(pids))
    mask = clustered_mask(m)
    assert mask[:15].all() and not mask[15:].any()


def test_it_keeps_previously_clustered_participants() -> None:
    pids = [p for p in range(16) for _ in range(8)] + [99]
    tids = [t for _ in range(16) for t in range(8)] + [0]
    m = vote_matrix_build(pids, tids, [1] * len(pids))
    assert clustered_mask(m, previously_clustered={99})[-1]
    assert not clustered_mask(m)[-1]


def test_it_finds_who_qualified_early_in_the_history() -> None:
    # Participant 1 votes on both statements while only two exist; participant 2 arrives after seven.
    pids = np.array([1, 1] + [3] * 7 + [2, 2])
    tids = np.array([0, 1, 0, 1, 2, 3, 4, 5, 6, 0, 1])
    times = np.arange(len(pids))
    assert clustered_from_history(pids, tids, times) == {1, 3}


def test_it_applies_newer_votes_on_top_of_a_matrix() -> None:
    m = vote_matrix_build([1, 2], [10, 10], [1, 1])
    later = vote_matrix_add(m, [1, 3, 1], [10, 11, 10], [-1, 1, 0])
    assert later.participant_ids.tolist() == [1, 2, 3]
    assert later.comment_ids.tolist() == [10, 11]
    assert later.values[0, 0] == 0 and later.values[1, 0] == 1 and later.values[2, 1] == 1
    assert np.isnan(later.values[0, 1])
    assert m.values[0, 0] == 1  # the original is untouched


def test_it_matches_a_full_rebuild_when_adding_votes() -> None:
    rng = np.random.default_rng(2)
    p, t, v = rng.integers(0, 30, 400), rng.integers(0, 12, 400), rng.integers(-1, 2, 400)
    stepwise = vote_matrix_add(vote_matrix_build(p[:300], t[:300], v[:300]), p[300:], t[300:], v[300:])
    whole = vote_matrix_build(p, t, v)
    assert np.array_equal(stepwise.values, whole.values, equal_nan=True)
