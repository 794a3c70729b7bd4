"""The leave-one-out evaluation behind bench/opinions_heldout.py: the split, the choice of rule, the scores."""

import random

import pytest
from sklearn.metrics import adjusted_rand_score

from joinedup.engine.heldout import (
    Fold,
    LeakError,
    Score,
    adjusted_rand_index,
    choose_rule,
    leave_one_out,
    leave_one_out_evaluate,
)

SETS = ["a", "b", "c", "d"]


def scores_from(table: dict[str, list[float]], k_right: dict[str, list[bool]] | None = None) -> dict:
    return {
        rule: {
            s: Score(ari, (k_right or {}).get(rule, [True] * len(SETS))[n])
            for n, (s, ari) in enumerate(zip(SETS, aris, strict=True))
        }
        for rule, aris in table.items()
    }


def test_each_set_is_held_out_once_and_never_trains_its_own_fold() -> None:
    folds = leave_one_out(SETS)
    assert [f.held_out for f in folds] == SETS
    for f in folds:
        assert f.held_out not in f.training
        assert sorted([*f.training, f.held_out]) == SETS


def test_a_leaking_fold_fails() -> None:
    with pytest.raises(LeakError):
        Fold("a", ("a", "b"))


def test_a_leaking_split_fails_the_evaluation() -> None:
    """A splitter that trains on everything (the held-out set included) is refused, not scored."""

    class LeakySplit:
        held_out = "a"
        training = ("a", "b", "c", "d")

    scores = scores_from({"x": [0.1, 0.2, 0.3, 0.4]})
    with pytest.raises(LeakError):
        leave_one_out_evaluate(scores, [LeakySplit()])  # type: ignore[list-item]  # a forged fold, on purpose


def test_duplicate_set_names_are_refused() -> None:
    with pytest.raises(ValueError):
        leave_one_out(["a", "a", "b"])


def test_the_choice_ignores_the_held_out_set() -> None:
    """Whatever the held-out set's scores, the rule chosen for its fold is the same."""
    rng = random.Random(4)
    base = {rule: [rng.random() for _ in SETS] for rule in ("p", "q", "r")}
    chosen = [r.rule for r in leave_one_out_evaluate(scores_from(base))]
    for n, _ in enumerate(SETS):
        for _ in range(20):
            changed = {rule: list(aris) for rule, aris in base.items()}
            for rule in changed:
                changed[rule][n] = rng.uniform(-1, 1)
            assert leave_one_out_evaluate(scores_from(changed))[n].rule == chosen[n]


def test_a_rule_that_wins_only_on_the_held_out_set_is_not_chosen_for_it() -> None:
    # "lucky" is perfect on d and poor elsewhere; "steady" is decent everywhere.
    scores = scores_from({"steady": [0.7, 0.7, 0.7, 0.5], "lucky": [0.2, 0.2, 0.2, 1.0]})
    results = {r.held_out: r for r in leave_one_out_evaluate(scores)}
    assert results["d"].rule == "steady"
    assert results["d"].score.ari == 0.5


def test_held_out_score_is_the_chosen_rules_score_on_the_set_left_out() -> None:
    scores = scores_from({"p": [0.9, 0.9, 0.1, 0.9], "q": [0.5, 0.5, 0.8, 0.5]})
    results = {r.held_out: r for r in leave_one_out_evaluate(scores)}
    assert results["c"].rule == "p"  # chosen on a, b, d
    assert results["c"].score.ari == pytest.approx(0.1)  # and scored where it does badly


def test_a_single_fixed_rule_scores_its_own_figures() -> None:
    scores = scores_from({"only": [0.1, 0.2, 0.3, 0.4]})
    assert [r.score.ari for r in leave_one_out_evaluate(scores)] == [0.1, 0.2, 0.3, 0.4]


def test_ties_go_to_the_rule_listed_first_then_group_counts_break_ari_ties() -> None:
    same = {"published": [0.5] * 4, "other": [0.5] * 4}
    assert (
        choose_rule({r: dict(zip(SETS, (Score(a, True) for a in v), strict=True)) for r, v in same.items()})
        == "published"
    )
    counts = scores_from(same, {"published": [False, True, True, True], "other": [True] * 4})
    assert choose_rule(counts) == "other"


def test_rules_scored_on_different_sets_are_refused() -> None:
    with pytest.raises(ValueError):
        choose_rule({"p": {"a": Score(1.0, True)}, "q": {"b": Score(1.0, True)}})


@pytest.mark.parametrize("seed", range(5))
def test_adjusted_rand_index_matches_scikit_learn(seed: int) -> None:
    rng = random.Random(seed)
    truth = [rng.randrange(3) for _ in range(60)]
    got = [t if rng.random() < 0.7 else rng.choice([0, 1, None]) for t in truth]
    assert adjusted_rand_index(truth, got) == pytest.approx(
        adjusted_rand_score(truth, [str(g) for g in got]), abs=1e-12
    )


def test_adjusted_rand_index_ignores_label_names() -> None:
    assert adjusted_rand_index([0, 0, 1, 1], ["x", "x", "y", "y"]) == 1.0
    assert adjusted_rand_index([0, 0, 0, 0], [5, 5, 5, 5]) == 1.0
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) < 0
