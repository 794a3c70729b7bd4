import json

import numpy as np

from joinedup.engine.opinions import OpinionState, analyse, vote_matrix_build

from .helpers import camps


def _group_sets(report) -> list[set[int]]:
    return sorted((set(g.participant_ids) for g in report.groups), key=min)


def test_it_finds_two_groups_for_two_clear_camps() -> None:
    report = analyse(camps())
    assert _group_sets(report) == [set(range(20)), set(range(100, 120))]


def test_it_reports_a_statement_everyone_agrees_with_as_consensus() -> None:
    report = analyse(camps())
    assert report.consensus["agree"][0].comment_id == 99
    best = max(report.group_aware_consensus.items(), key=lambda kv: kv[1][0])
    assert best[0] == 99


def test_it_picks_representative_statements_on_each_camps_side() -> None:
    report = analyse(camps())
    for group in report.groups:
        camp_a = 0 in group.participant_ids
        for r in group.repness:
            agrees_in_first_half = (r.comment_id < 10) == (r.repful_for == "agree")
            assert agrees_in_first_half == camp_a or r.comment_id == 99


def test_it_leaves_moderated_out_statements_out_of_every_list() -> None:
    report = analyse(camps(), moderated_out=[0, 99])
    listed = {r.comment_id for g in report.groups for r in g.repness}
    listed |= {c.comment_id for side in report.consensus.values() for c in side}
    assert listed and not listed & {0, 99}
    assert 0 not in report.group_aware_consensus


def test_it_leaves_participants_below_the_vote_threshold_unclustered() -> None:
    m = camps()
    extra = vote_matrix_build(
        np.r_[np.repeat(m.participant_ids, m.voted.sum(axis=1)), [500, 500, 500]],
        np.r_[np.tile(m.comment_ids, len(m.participant_ids))[m.voted.ravel()], [0, 1, 2]],
        np.r_[m.values[m.voted].astype(np.int64), [1, 1, 1]],
    )
    report = analyse(extra)
    assert report.group_of[500] is None
    assert report.group_of[0] is not None


def test_it_gives_the_same_result_for_the_same_seed() -> None:
    a, b = analyse(camps(), seed=4), analyse(camps(), seed=4)
    assert a.group_of == b.group_of
    assert np.array_equal(a.projections, b.projections)
    assert a.state.to_dict() == b.state.to_dict()


def test_it_warm_starts_from_a_stored_state_with_the_same_groups() -> None:
    cold = analyse(camps())
    stored = OpinionState.from_dict(json.loads(json.dumps(cold.state.to_dict())))
    warm = analyse(camps(), previous=stored)
    assert warm.group_of == cold.group_of
    assert warm.state.k_smoother.last_k_count == 2


def test_it_adds_new_participants_on_a_warm_start() -> None:
    first = analyse(camps(n_per_camp=15))
    later = analyse(camps(n_per_camp=20), previous=first.state)
    assert _group_sets(later) == [set(range(20)), set(range(100, 120))]


def test_it_splits_agreement_by_perspective() -> None:
    sides = {p: "central" for p in range(20)} | {p: "local" for p in range(100, 120)}
    report = analyse(camps(), perspectives=sides)
    p = report.perspectives
    assert p is not None
    central = next(s for s in p.by_statement[0] if s.perspective == "central")
    assert central.agree_share is not None and central.agree_share > 0.9
    assert {d.comment_id for d in p.central_local_divergence} <= set(range(20))
    assert p.central_local_common_ground[0].comment_id == 99


def test_it_copes_with_no_votes_and_with_a_single_voter() -> None:
    empty = analyse(vote_matrix_build([], [], []))
    assert empty.groups == [] and empty.group_of == {}
    lone = analyse(vote_matrix_build([7], [1], [1]))
    assert lone.group_of == {7: 0} and len(lone.groups) == 1


def test_it_finds_the_same_groups_whatever_the_seed() -> None:
    assert _group_sets(analyse(camps(), seed=1)) == _group_sets(analyse(camps(), seed=99))
