"""One-to-one rounds: hard rules, exact matching on the candidate graph, groups of three, reasons, determinism."""

from dataclasses import replace

import networkx as nx
import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from joinedup.engine.matching.features import build_features
from joinedup.engine.matching.model import Person, settings_for
from joinedup.engine.matching.rounds import check_round, run_round
from joinedup.engine.matching.vectors import TextEncoder, encode_people
from joinedup.engine.text import TfidfVectoriser
from tests.engine.matching.cast import PLACES, population


def by_id(people):
    return {p.id: p for p in people}


def test_it_pairs_across_the_line_and_never_within_an_organisation():
    people = population(300, seed=1)
    result = run_round(people, settings_for("coffee"), regions=PLACES)
    who = by_id(people)
    assert len(result.pairs) == 150
    for pair in result.pairs:
        assert {who[pair.a].sector, who[pair.b].sector} == {"central", "local"}
        assert who[pair.a].organisation != who[pair.b].organisation


def test_it_never_repeats_a_pair_from_history_or_a_blocked_pair():
    people = population(120, seed=2)
    first = run_round(people, settings_for("coffee"), regions=PLACES)
    met = [(p.a, p.b) for p in first.pairs[:40]]
    blocked = [(p.a, p.b) for p in first.pairs[40:]]
    second = run_round(people, settings_for("coffee"), regions=PLACES, history=met, blocked=blocked)
    again = {frozenset(pair) for pair in met + blocked}
    assert not again & {frozenset((p.a, p.b)) for p in second.pairs}
    assert len(second.pairs) >= 55


def test_it_reports_opted_out_and_other_sector_people_as_unmatched_with_reasons():
    people = population(40, seed=3, other=2)
    result = run_round(people, settings_for("coffee"), opted_out=["p5"])
    assert result.unmatched["p5"] == "opted out of this kind of round"
    assert "outside central and local government" in result.unmatched["p0"]
    assert "p5" not in {x for p in result.pairs for x in (p.a, p.b)}


def test_it_says_why_someone_had_no_eligible_partner():
    people = [
        Person("c1", "central", "dept", "manager"),
        Person("l1", "local", "council", "manager"),
        Person("l2", "local", "council-2", "manager"),
    ]
    result = run_round(people, settings_for("coffee", trios=False), history=[("c1", "l2")])
    assert [(p.a, p.b) for p in result.pairs] == [("c1", "l1")]
    assert result.unmatched == {"l2": result.unmatched["l2"]}
    assert result.unmatched["l2"].startswith("nobody eligible")


def test_it_says_when_someone_was_outnumbered():
    people = [
        Person("c1", "central", "d1", "manager"),
        Person("l1", "local", "c1", "manager"),
        Person("l2", "local", "c2", "manager"),
    ]
    result = run_round(people, settings_for("coffee", trios=False))
    (left,) = result.unmatched
    assert "matched with someone they suited better (1 central and 2 local" in result.unmatched[left]


def test_it_seats_the_odd_one_out_as_a_third_and_keeps_the_rules():
    people = population(41, seed=4)
    result = run_round(people, settings_for("coffee"), regions=PLACES)
    who = by_id(people)
    trios = [p for p in result.pairs if p.third]
    assert len(trios) == 1 and not result.unmatched
    t = trios[0]
    assert who[t.third].organisation not in {who[t.a].organisation, who[t.b].organisation}


def test_people_who_ask_for_a_group_of_three_are_seated_as_thirds():
    people = population(40, seed=4)
    asking = {"p3", "p8", "p15"}
    people = [replace(p, wants_group=p.id in asking) for p in people]
    result = run_round(people, settings_for("coffee"), regions=PLACES)
    thirds = {p.third for p in result.pairs if p.third}
    # The three who asked join pairs; anyone left over by the numbers may join one too.
    assert asking <= thirds and len(thirds) <= len(asking) + 1
    assert not result.unmatched
    who = by_id(people)
    for t in (p for p in result.pairs if p.third):
        assert who[t.third].organisation not in {who[t.a].organisation, who[t.b].organisation}


def test_asking_for_a_group_never_costs_an_introduction():
    # Everyone asks: there are no pairs for them to join, so they are paired among themselves.
    people = [replace(p, wants_group=True) for p in population(20, seed=2)]
    result = run_round(people, settings_for("coffee"), regions=PLACES)
    seated = {x for p in result.pairs for x in (p.a, p.b, p.third) if x}
    assert len(seated) == 20 and not result.unmatched


def test_a_round_without_groups_ignores_the_request():
    people = [replace(p, wants_group=p.id == "p3") for p in population(40, seed=4)]
    result = run_round(people, settings_for("coffee", trios=False), regions=PLACES)
    assert not any(p.third for p in result.pairs)
    assert any("p3" in (p.a, p.b) for p in result.pairs)


def test_mentors_are_more_senior_and_roles_are_respected():
    people = population(200, seed=5)
    people = [
        replace(p, role="mentor" if p.level == "senior" and i % 3 else "") for i, p in enumerate(people)
    ]
    result = run_round(people, settings_for("mentoring"), regions=PLACES)
    order = ["frontline", "manager", "senior"]
    who = by_id(people)
    assert result.pairs
    for pair in result.pairs:
        a, b = who[pair.a], who[pair.b]
        assert a.level != b.level
        assert not (a.role == b.role == "mentor")
        for mentor, mentee in ((a, b), (b, a)):
            if mentor.role == "mentor":
                assert order.index(mentor.level) > order.index(mentee.level)


def test_the_matching_is_exact_on_its_candidate_graph():
    people = population(160, seed=6)
    result = run_round(people, settings_for("coffee", k=5), regions=PLACES)
    graph = nx.Graph()
    for a, b, s in zip(
        result.edges.a.tolist(), result.edges.b.tolist(), result.edges.score.tolist(), strict=True
    ):
        graph.add_edge(a, b, weight=s)
    best = nx.max_weight_matching(graph)
    # Edge scores come from float32 products, pair scores from float64 parts: equal to about 1e-7.
    assert result.total_score == pytest.approx(sum(graph[a][b]["weight"] for a, b in best), rel=1e-6)


def test_with_k_covering_everyone_it_equals_the_dense_optimum():
    people = population(100, seed=7, orgs=1000)
    settings = settings_for("coffee", k=100, trios=False)
    result = run_round(people, settings, regions=PLACES)
    encoder = TextEncoder(TfidfVectoriser(), dims=settings.text_dims, seed=0)
    offers, seeks, _ = encode_people(people, encoder)
    features = build_features(people, offers, seeks, settings, PLACES)
    central, local = np.arange(0, 100, 2), np.arange(1, 100, 2)
    a, b = np.repeat(central, 50), np.tile(local, 50)
    dense = features.scores(a, b).reshape(50, 50)
    rows, cols = linear_sum_assignment(np.clip(dense, 0, None), maximize=True)
    assert result.total_score == pytest.approx(np.clip(dense, 0, None)[rows, cols].sum(), rel=1e-6)


def test_edge_scores_are_the_sum_of_the_explained_parts_and_symmetric():
    people = population(80, seed=8)
    result = run_round(people, settings_for("coffee"), regions=PLACES)
    for pair in result.pairs:
        assert pair.score == pytest.approx(sum(pair.parts.values()))
    edge_score = {
        frozenset((result.ids[a], result.ids[b])): s
        for a, b, s in zip(result.edges.a, result.edges.b, result.edges.score, strict=True)
    }
    for pair in result.pairs:
        assert edge_score[frozenset((pair.a, pair.b))] == pytest.approx(pair.score, abs=1e-4)


def test_shared_policy_areas_and_places_raise_the_score():
    a = Person("a", "central", "d", "manager", places=("E08000035",), policy_areas=("housing",), offers="x")
    b = Person("b", "local", "c", "manager", places=("E08000035",), policy_areas=("housing",))
    c = Person("c", "local", "c2", "manager", places=("E08000036",), policy_areas=("transport",))
    d = Person("d", "local", "c3", "manager", places=("E09000001",), policy_areas=("transport",))
    settings = settings_for("coffee")
    encoder = TextEncoder(TfidfVectoriser(), dims=8).fit(["housing offer", "transport need"])
    offers, seeks, _ = encode_people([a, b, c, d], encoder)
    f = build_features([a, b, c, d], offers, seeks, settings, PLACES)
    parts = f.parts(np.array([0, 0, 0]), np.array([1, 2, 3]))
    assert parts["policy_areas"].tolist() == pytest.approx([1.0, 0.0, 0.0])
    assert parts["places"].tolist() == pytest.approx([1.0, 0.5, 0.0])  # same place; same region; neither


def test_it_explores_large_rounds_with_the_clustered_index_and_keeps_exact_scores():
    people = population(600, seed=9, orgs=200)
    exact = run_round(people, settings_for("coffee", search="exact"), regions=PLACES)
    ivf = run_round(people, settings_for("coffee", search="ivf", n_probe=8), regions=PLACES)
    # Approximate search loses a little; the scores of what it finds are exact.
    assert 0.95 * exact.total_score <= ivf.total_score <= exact.total_score + 1e-6
    exact_edges = {
        (a, b): s
        for a, b, s in zip(
            exact.edges.a.tolist(), exact.edges.b.tolist(), exact.edges.score.tolist(), strict=True
        )
    }
    shared = [
        (a, b, s)
        for a, b, s in zip(ivf.edges.a.tolist(), ivf.edges.b.tolist(), ivf.edges.score.tolist(), strict=True)
        if (a, b) in exact_edges
    ]
    assert shared and all(abs(exact_edges[(a, b)] - s) < 1e-5 for a, b, s in shared)


def test_it_is_deterministic_for_a_seed():
    people = population(200, seed=10)
    one = run_round(people, settings_for("coffee", seed=4, search="ivf"), regions=PLACES)
    two = run_round(people, settings_for("coffee", seed=4, search="ivf"), regions=PLACES)
    assert [(p.a, p.b, p.score) for p in one.pairs] == [(p.a, p.b, p.score) for p in two.pairs]


def test_it_refuses_a_round_with_too_few_eligible_people():
    people = population(10, seed=11)
    central_only = [p for p in people if p.sector == "central"]
    assert "needs people on both sides" in check_round(central_only, settings_for("coffee"))[0]
    assert check_round(people, settings_for("coffee")) == []
    assert check_round(people[:1], settings_for("peers", line_rule="any"))


def test_it_matches_anyone_outside_their_organisation_under_the_any_rule():
    people = population(60, seed=12)
    result = run_round(people, settings_for("peers", line_rule="any"), regions=PLACES)
    who = by_id(people)
    assert len(result.pairs) == 30
    assert all(who[p.a].organisation != who[p.b].organisation for p in result.pairs)


class CountingVectoriser(TfidfVectoriser):
    def __init__(self):
        super().__init__()
        self.transformed = 0

    def transform(self, texts):
        self.transformed += len(texts)
        return super().transform(texts)


def test_it_reuses_cached_vectors_and_re_embeds_only_changed_text():
    people = population(50, seed=13)
    vectoriser = CountingVectoriser()
    encoder = TextEncoder(vectoriser, dims=16).fit([p.offers for p in people] + [p.seeks for p in people])
    first = run_round(people, settings_for("coffee"), encoder=encoder, cache={})
    vectoriser.transformed = 0
    changed = [replace(people[0], offers="an entirely new offer about ports")] + people[1:]
    second = run_round(changed, settings_for("coffee"), encoder=encoder, cache=first.cache)
    assert vectoriser.transformed == 2  # one person's offers and seeks, nothing else
    assert set(second.cache["entries"]) == {p.id for p in people}
    assert [
        (p.a, p.b)
        for p in run_round(people, settings_for("coffee"), encoder=encoder, cache=first.cache).pairs
    ] == [(p.a, p.b) for p in first.pairs]
