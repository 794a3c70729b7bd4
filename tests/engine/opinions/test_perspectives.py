import numpy as np

from joinedup.engine.opinions.perspectives import MIN_PER_PERSPECTIVE, perspective_report


def _rating(n_central: int, n_local: int) -> tuple[np.ndarray, np.ndarray]:
    # statement 0: central agree, local disagree; statement 1: both agree; statement 2: both split evenly
    rows = [[1.0, 1.0, (-1.0) ** i] for i in range(n_central)] + [
        [-1.0, 1.0, (-1.0) ** i] for i in range(n_local)
    ]
    return np.arange(n_central + n_local, dtype=np.int64), np.array(rows)


def _sides(n_central: int, n_local: int) -> dict[int, str]:
    return {p: ("central" if p < n_central else "local") for p in range(n_central + n_local)}


def test_it_withholds_a_share_below_the_minimum_count() -> None:
    pids, rating = _rating(MIN_PER_PERSPECTIVE - 1, 10)
    report = perspective_report(pids, np.array([0, 1, 2]), rating, _sides(MIN_PER_PERSPECTIVE - 1, 10))
    central = next(s for s in report.by_statement[0] if s.perspective == "central")
    assert central.seen == MIN_PER_PERSPECTIVE - 1 and central.agree_share is None
    assert report.central_local_divergence == [] and report.central_local_common_ground == []


def test_it_ranks_divergence_and_common_ground_between_central_and_local() -> None:
    pids, rating = _rating(10, 12)
    report = perspective_report(pids, np.array([0, 1, 2]), rating, _sides(10, 12))
    assert report.central_local_divergence[0].comment_id == 0
    assert report.central_local_divergence[0].difference == 1.0
    assert [(g.comment_id, g.direction) for g in report.central_local_common_ground] == [(1, "agree")]


def test_it_leaves_out_excluded_statements_and_unknown_participants() -> None:
    pids, rating = _rating(10, 12)
    sides = _sides(10, 12)
    del sides[0]
    report = perspective_report(pids, np.array([0, 1, 2]), rating, sides, excluded={1})
    assert 1 not in report.by_statement
    central = next(s for s in report.by_statement[0] if s.perspective == "central")
    assert central.seen == 9
