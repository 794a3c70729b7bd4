"""The held-out search evaluation: the judged set's split cannot leak, metrics, and floor calibration."""

from pathlib import Path

import pytest

from joinedup.engine.relevance import (
    JudgedSet,
    LeakError,
    Passage,
    Query,
    calibrate_floor,
    check_calibrated_on_tuning,
    check_held_out,
    check_judged_set,
    choose_char_weight,
    load_judged_set,
    recall_at,
    reciprocal_rank,
    score_rankings,
)

REPO_SET = Path(__file__).resolve().parents[2] / "bench" / "data" / "search"


def _set(queries, offtopic=()):
    passages = (Passage("P1", "Pooled budgets", "…"), Passage("P2", "Secondments", "…"))
    return JudgedSet(passages, tuple(queries), tuple(offtopic))


def _q(qid, split, text, *relevant):
    return Query(qid, split, text, frozenset(relevant), "" if relevant else "general")


def test_the_repository_set_is_big_enough_and_its_halves_do_not_leak():
    judged = load_judged_set(REPO_SET)  # checks the split on load
    assert len(judged.passages) >= 100
    assert len(judged.queries) >= 150
    assert len(judged.offtopic) >= 40
    assert len(judged.half("tune")) == len(judged.half("test"))
    assert judged.half("test", offtopic=True) and judged.half("tune", offtopic=True)


def test_the_repository_held_out_sets_share_no_query_with_any_tuning_half():
    tuned = [load_judged_set(REPO_SET, name) for name in ("queries.tsv", "queries-v3.tsv", "queries-v1.tsv")]
    fresh = load_judged_set(REPO_SET, "queries-v4.tsv", "offtopic-v2.tsv")
    check_held_out(fresh, tuned)
    assert len(fresh.queries) >= 150 and len(fresh.offtopic) >= 100
    assert not fresh.half("tune") and not fresh.half("tune", offtopic=True)


def test_a_query_in_both_halves_is_refused_whatever_its_case_and_spacing():
    leaking = _set([_q("Q1", "tune", "sharing  data", "P1"), _q("Q2", "test", "Sharing data", "P1")])
    with pytest.raises(LeakError, match="both"):
        check_judged_set(leaking)


def test_an_off_topic_query_in_both_halves_is_refused():
    leaking = _set([_q("Q1", "tune", "a", "P1")], [_q("X1", "tune", "bananas"), _q("X2", "test", "bananas")])
    with pytest.raises(LeakError):
        check_judged_set(leaking)


def test_a_repeated_id_an_unknown_half_or_passage_is_refused():
    with pytest.raises(LeakError):
        check_judged_set(_set([_q("Q1", "tune", "a", "P1"), _q("Q1", "test", "b", "P1")]))
    with pytest.raises(ValueError, match="half"):
        check_judged_set(_set([_q("Q1", "train", "a", "P1")]))
    with pytest.raises(ValueError, match="do not exist"):
        check_judged_set(_set([_q("Q1", "tune", "a", "P9")]))


def test_a_leaking_file_is_refused_on_load(tmp_path):
    (tmp_path / "passages.tsv").write_text("P1 | Title | Body\n")
    (tmp_path / "queries.tsv").write_text("Q1 | tune | P1 | shared money\nQ2 | test | P1 | Shared money\n")
    (tmp_path / "offtopic.tsv").write_text("X1 | test | nonsense | bananas\n")
    with pytest.raises(LeakError):
        load_judged_set(tmp_path)


def test_a_held_out_set_may_have_no_tuning_half_and_no_tuning_query():
    tuned = _set([_q("Q1", "tune", "Pooling money", "P1"), _q("Q2", "test", "lending staff", "P2")])
    check_held_out(_set([_q("M1", "test", "lending  staff", "P2")], [_q("Y1", "test", "bananas")]), [tuned])
    with pytest.raises(LeakError, match="no tuning half"):
        check_held_out(_set([_q("M1", "tune", "seconding staff", "P2")]), [tuned])
    with pytest.raises(LeakError, match="M1 = Q1"):
        check_held_out(_set([_q("M1", "test", "pooling  MONEY", "P1")]), [tuned])
    noise = _set([_q("Q1", "tune", "a", "P1")], [_q("X1", "tune", "bananas")])
    with pytest.raises(LeakError, match="Y1 = X1"):
        check_held_out(_set([], [_q("Y1", "test", "Bananas")]), [noise])


def test_a_floor_calibrated_with_test_queries_is_refused():
    judged = _set(
        [_q("Q1", "tune", "a", "P1"), _q("Q2", "test", "b", "P2")],
        [_q("X1", "tune", "bananas"), _q("X2", "test", "fixtures")],
    )
    with pytest.raises(LeakError, match="Q2"):
        calibrate_floor(judged, {"Q1": 0.5, "Q2": 0.6}, {"X1": 0.1})
    with pytest.raises(LeakError, match="X2"):
        calibrate_floor(judged, {"Q1": 0.5}, {"X1": 0.1, "X2": 0.2})
    check_calibrated_on_tuning(judged, ["Q1", "X1"])  # tuning ids only: fine


def test_the_floor_sits_in_the_middle_of_the_gap_between_answers_and_noise():
    judged = _set(
        [_q(f"Q{i}", "tune", f"q{i}", "P1") for i in range(4)],
        [_q(f"X{i}", "tune", f"x{i}") for i in range(3)],
    )
    floor = calibrate_floor(
        judged, {"Q0": 0.5, "Q1": 0.6, "Q2": 0.4, "Q3": 0.7}, {"X0": 0.1, "X1": 0.2, "X2": 0.3}
    )
    assert floor.value == pytest.approx(0.35)
    assert floor.answers_lost == 0 and floor.offtopic_kept == 0


def test_the_floor_trades_errors_as_shares_of_each_set():
    judged = _set(
        [_q(f"Q{i}", "tune", f"q{i}", "P1") for i in range(4)],
        [_q(f"X{i}", "tune", f"x{i}") for i in range(2)],
    )
    # One answer (0.2) sits among the noise: losing it costs 1/4, keeping one noise query costs 1/2.
    floor = calibrate_floor(judged, {"Q0": 0.2, "Q1": 0.6, "Q2": 0.7, "Q3": 0.8}, {"X0": 0.25, "X1": 0.3})
    assert 0.3 < floor.value < 0.6
    assert floor.answers_lost == 0.25 and floor.offtopic_kept == 0


def test_it_scores_rankings():
    assert reciprocal_rank(["a", "b", "c"], {"c"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["a"] * 10 + ["b"], {"b"}) == 0
    assert recall_at(["a", "b"], {"b", "z"}) == 0.5
    queries = [_q("Q1", "test", "a", "P1"), _q("Q2", "test", "b", "P2")]
    scores = score_rankings({"Q1": ["P1"], "Q2": ["P1", "P2"]}, queries)
    assert scores.mrr == pytest.approx(0.75) and scores.recall == 1.0 and scores.queries == 2
    assert score_rankings({}, queries).mrr == 0  # a ranker that found nothing scores nothing


def test_the_fusion_weight_is_chosen_on_tuning_queries_only_and_each_set_counts_equally():
    passages = (Passage("P1", "a", "…"), Passage("P2", "b", "…"))
    easy = JudgedSet(passages, (_q("Q1", "tune", "x", "P1"), _q("Q2", "test", "y", "P1")), ())
    hard = JudgedSet(passages, (_q("V1", "tune", "z", "P2"), _q("V2", "test", "w", "P2")), ())
    # Semantic alone puts Q1's answer first and V1's second; the characters lift V1's answer to first.
    scores = {"Q1": ([0.9, 0.1], [0.0, 0.0]), "V1": ([0.5, 0.4], [0.0, 0.6])}
    weight = choose_char_weight([easy, hard], scores, ["P1", "P2"], [0.0, 0.5, 1.0])
    assert weight.mrr_by_candidate[0.0] == pytest.approx(0.75)  # (1 + 1/2) / 2
    assert weight.value == 0.5  # the smallest weight that ranks both first
    with pytest.raises(LeakError, match="V2"):
        choose_char_weight([easy, hard], {**scores, "V2": ([0, 1], [0, 0])}, ["P1", "P2"], [0.0])
