"""Secondments: stable allocation by deferred acceptance, checked against the `matching` package and by an
independent blocking-pair check; the alternative maximises total compatibility."""

import itertools

import numpy as np
import pytest
from matching.games import HospitalResident

from joinedup.engine.matching.model import Person
from joinedup.engine.matching.secondments import (
    blocking_pairs,
    compatibility,
    deferred_acceptance,
    host_preferences,
    is_valid_allocation,
    max_compatibility,
    unplaced_reasons,
)


def instance(n_apps: int, n_hosts: int, seed: int, list_len: int = 5, host_lists: float = 0.7):
    """Random prefs: applicants rank a few hosts; most hosts rank a random subset of all applicants."""
    rng = np.random.default_rng(seed)
    hosts = [f"h{i}" for i in range(n_hosts)]
    apps = [f"a{i}" for i in range(n_apps)]
    app_prefs = {a: list(rng.choice(hosts, size=min(list_len, n_hosts), replace=False)) for a in apps}
    host_prefs = {h: list(rng.permutation(apps)[: int(n_apps * host_lists)]) for h in hosts}
    caps = {h: int(rng.integers(1, 4)) for h in hosts}
    return app_prefs, host_prefs, caps


def oracle(app_prefs, host_prefs, caps):
    """The `matching` package's resident-optimal solution on the mutually acceptable lists."""
    mutual_apps = {a: [h for h in p if a in host_prefs[h]] for a, p in app_prefs.items()}
    mutual_hosts = {h: [a for a in p if h in mutual_apps.get(a, [])] for h, p in host_prefs.items()}
    mutual_apps = {a: p for a, p in mutual_apps.items() if p}
    mutual_hosts = {h: p for h, p in mutual_hosts.items() if p}
    game = HospitalResident.create_from_dictionaries(
        mutual_apps, mutual_hosts, {h: caps[h] for h in mutual_hosts}
    )
    solution = game.solve(optimal="resident")
    return {r.name: h.name for h, residents in solution.items() for r in residents}


@pytest.mark.parametrize("seed", range(12))
def test_it_equals_the_matching_package_on_small_instances(seed):
    prefs = instance(30, 8, seed)
    assert deferred_acceptance(*prefs) == oracle(*prefs)


@pytest.mark.parametrize("seed", range(3))
def test_it_equals_the_matching_package_on_medium_instances(seed):
    prefs = instance(1000, 60, seed, list_len=10, host_lists=0.2)
    assert deferred_acceptance(*prefs) == oracle(*prefs)


def test_it_leaves_no_blocking_pair_on_a_large_instance():
    prefs = instance(10_000, 500, 7, list_len=10, host_lists=0.05)
    assignment = deferred_acceptance(*prefs)
    assert is_valid_allocation(*prefs, assignment)
    assert blocking_pairs(*prefs, assignment) == []
    assert len(assignment) > 1000


def test_the_blocking_pair_check_finds_a_planted_blocking_pair():
    app_prefs = {"a1": ["h1", "h2"], "a2": ["h1"]}
    host_prefs = {"h1": ["a1", "a2"], "h2": ["a1"]}
    caps = {"h1": 1, "h2": 1}
    assert blocking_pairs(app_prefs, host_prefs, caps, {"a1": "h2", "a2": "h1"}) == [("a1", "h1")]
    assert blocking_pairs(app_prefs, host_prefs, caps, deferred_acceptance(app_prefs, host_prefs, caps)) == []


def test_it_respects_capacity_and_mutual_acceptability():
    prefs = instance(200, 10, 3)
    assignment = deferred_acceptance(*prefs)
    assert is_valid_allocation(*prefs, assignment)


def test_it_maximises_total_compatibility_exactly_on_a_small_instance():
    app_prefs, host_prefs, caps = instance(7, 3, 11, list_len=3, host_lists=1.0)
    rng = np.random.default_rng(0)
    score = {(a, h): float(rng.random()) for a in app_prefs for h in caps}
    best = max_compatibility(app_prefs, host_prefs, caps, score)
    assert is_valid_allocation(app_prefs, host_prefs, caps, best)

    def value(assignment):  # the same +1 per placed applicant as the method
        return sum(score[(a, h)] + 1 for a, h in assignment.items())

    brute = 0.0
    apps = sorted(app_prefs)
    for choice in itertools.product(*[[None, *app_prefs[a]] for a in apps]):
        assignment = {a: h for a, h in zip(apps, choice, strict=True) if h is not None}
        if is_valid_allocation(app_prefs, host_prefs, caps, assignment):
            brute = max(brute, value(assignment))
    assert value(best) == pytest.approx(brute)


def test_it_ranks_by_compatibility_when_a_host_gives_no_ranking():
    app_prefs = {"a1": ["h1"], "a2": ["h1"]}
    prefs = host_preferences(app_prefs, {"h1": []}, {("a1", "h1"): 0.2, ("a2", "h1"): 0.9})
    assert prefs == {"h1": ["a2", "a1"]}
    assert deferred_acceptance(app_prefs, prefs, {"h1": 1}) == {"a2": "h1"}


def test_it_scores_a_host_that_seeks_what_the_applicant_offers_higher():
    host = Person(
        "h1",
        "local",
        "council-a",
        "manager",
        policy_areas=("housing",),
        seeks="homelessness prevention data analysis",
    )
    good = Person(
        "a1",
        "central",
        "dept-a",
        "manager",
        policy_areas=("housing",),
        offers="data analysis of homelessness prevention",
    )
    poor = Person(
        "a2", "central", "dept-b", "manager", policy_areas=("transport",), offers="bus franchising contracts"
    )
    score = compatibility([good, poor], [host], [("a1", "h1"), ("a2", "h1")])
    assert score[("a1", "h1")] > score[("a2", "h1")] + 0.5


def test_it_says_why_an_applicant_was_not_placed():
    app_prefs = {"a1": ["h1"], "a2": ["h1"], "a3": ["h2"]}
    host_prefs = {"h1": ["a1", "a2"], "h2": []}
    assignment = deferred_acceptance(app_prefs, host_prefs, {"h1": 1, "h2": 1})
    reasons = unplaced_reasons(app_prefs, host_prefs, assignment)
    assert "filled their places" in reasons["a2"]
    assert reasons["a3"] == "none of the hosts you ranked ranked you"
