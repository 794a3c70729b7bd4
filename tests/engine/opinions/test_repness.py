import numpy as np
import pytest

from joinedup.engine.opinions.repness import (
    Counts,
    consensus,
    group_aware_consensus,
    prop_test,
    representative,
    two_prop_test,
)


def test_it_computes_the_one_proportion_test_with_a_pseudo_vote() -> None:
    assert prop_test(np.array(0.0), np.array(0.0)) == pytest.approx(1.0)
    assert prop_test(np.array(9.0), np.array(10.0)) == pytest.approx(2 * np.sqrt(11) * (10 / 11 - 0.5))


def test_it_computes_the_two_proportion_test_and_zero_when_everyone_agrees() -> None:
    assert two_prop_test(np.array(5.0), np.array(0.0), np.array(5.0), np.array(5.0)) == pytest.approx(
        2.928, abs=1e-3
    )
    assert two_prop_test(np.array(4.0), np.array(6.0), np.array(4.0), np.array(6.0)) == 0.0


def _two_groups() -> Counts:
    # statement 0 splits the groups; 1 is agreed by all; 2 splits them too but is moderated out
    return Counts(
        agree=np.array([[10.0, 10.0, 10.0], [0.0, 10.0, 0.0]]),
        disagree=np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 10.0]]),
        seen=np.full((2, 3), 10.0),
    )


def test_it_picks_the_statement_that_sets_a_group_apart() -> None:
    rep = representative(_two_groups(), np.array([0, 1, 2]), excluded={2})
    assert [(r.comment_id, r.repful_for, r.best_agree) for r in rep[0]] == [(0, "agree", True)]
    assert (0, "disagree") in [(r.comment_id, r.repful_for) for r in rep[1]]


def test_it_never_picks_a_moderated_out_statement() -> None:
    rep = representative(_two_groups(), np.array([0, 1, 2]), excluded={2})
    assert all(r.comment_id != 2 for group in rep for r in group)


def test_it_finds_consensus_over_everyone_and_leaves_out_moderated_statements() -> None:
    rating = np.array([[1.0, 1.0, -1.0]] * 9 + [[-1.0, 1.0, -1.0]] * 9)
    found = consensus(rating, np.array([0, 1, 2]), excluded={2})
    assert [c.comment_id for c in found["agree"]] == [1]
    assert found["disagree"] == []


def test_it_scores_group_aware_consensus_as_a_product_over_groups() -> None:
    agree, _ = group_aware_consensus(_two_groups())
    assert agree[1] == pytest.approx((11 / 12) ** 2)
    assert agree[0] == pytest.approx((11 / 12) * (1 / 12))
