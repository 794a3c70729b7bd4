import numpy as np

from joinedup.engine.opinions.clusters import KSmoother, k_smooth, kmeans, max_group_k, silhouette


def _blobs() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    points = np.vstack([rng.normal(-5, 0.3, (10, 2)), rng.normal(5, 0.3, (10, 2))])
    return np.arange(20, dtype=np.int64), points


def test_it_separates_two_blobs_from_the_first_distinct_points() -> None:
    ids, points = _blobs()
    points = points[[0, 10] + [i for i in range(20) if i not in (0, 10)]]
    ids = ids[[0, 10] + [i for i in range(20) if i not in (0, 10)]]
    clusters = kmeans(ids, points, 2)
    assert sorted(sorted(c.members) for c in clusters) == [list(range(10)), list(range(10, 20))]


def test_it_drops_empty_clusters_so_k_can_shrink() -> None:
    ids = np.arange(4, dtype=np.int64)
    points = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [1.0, 0.0]])
    assert len(kmeans(ids, points, 5)) == 2


def test_it_warm_starts_from_previous_clusters_and_keeps_their_ids() -> None:
    ids, points = _blobs()
    first = kmeans(ids, points, 2)
    moved = points + 0.1
    again = kmeans(ids, moved, 2, last=first)
    assert [(c.id, c.members) for c in again] == [(c.id, c.members) for c in first]


def test_it_weights_centres_by_base_cluster_size() -> None:
    ids = np.arange(2, dtype=np.int64)
    points = np.array([[0.0, 0.0], [3.0, 0.0]])
    (only,) = kmeans(ids, points, 1, weights=np.array([2.0, 1.0]))
    assert np.allclose(only.center, (1.0, 0.0))


def test_it_scores_a_clean_split_near_one_and_a_singleton_at_zero() -> None:
    ids, points = _blobs()
    clusters = kmeans(ids, points, 2, last=kmeans(ids, points, 2))
    assert silhouette(points, ids, clusters) > 0.9
    lone = np.array([[0.0, 0.0], [10.0, 0.0], [10.0, 1.0]])
    split = kmeans(np.arange(3, dtype=np.int64), lone, 2)
    # item 0 is alone (scores 0); items 1 and 2 are 1 apart and ~10 from item 0
    assert abs(silhouette(lone, np.arange(3, dtype=np.int64), split) - (2 / 3) * (1 - 1 / 10.02)) < 0.01


def test_it_allows_five_groups_only_with_thirty_six_base_clusters() -> None:
    assert max_group_k(35) == 4 and max_group_k(36) == 5 and max_group_k(100) == 5 and max_group_k(5) == 2


def test_it_changes_the_shown_k_only_after_four_updates_in_a_row() -> None:
    state = k_smooth(KSmoother(), {2: 0.5, 3: 0.4})
    assert state.smoothed_k == 2
    for n in range(3):
        state = k_smooth(state, {2: 0.3, 3: 0.6})
        assert state.smoothed_k == 2, n
    state = k_smooth(state, {2: 0.3, 3: 0.6})
    assert state.smoothed_k == 3
