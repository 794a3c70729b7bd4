"""Event tables: sizes, mixing, seating apart people who have met, and the mix report."""

from collections import Counter

import numpy as np

from joinedup.engine.matching.tables import seat_tables, seating_cost
from tests.engine.matching.cast import population


def test_it_seats_everyone_once_in_tables_within_one_of_each_other():
    people = population(101, seed=1)
    tables = seat_tables(people, 8)
    seated = [i for t in tables for i in t.people]
    assert sorted(seated) == sorted(p.id for p in people)
    sizes = [len(t.people) for t in tables]
    assert len(tables) == 13 and max(sizes) <= 8 and max(sizes) - min(sizes) <= 1


def test_it_mixes_sectors_at_every_table():
    tables = seat_tables(population(96, seed=2), 8)
    assert all(t.sectors.get("central", 0) == t.sectors.get("local", 0) == 4 for t in tables)


def test_it_seats_people_who_have_met_apart():
    people = population(64, seed=3)
    rng = np.random.default_rng(0)
    history = [(people[i].id, people[j].id) for i, j in rng.integers(0, 64, size=(60, 2)) if i != j]
    tables = seat_tables(people, 8, history=history, seed=1)
    assert sum(t.met_pairs for t in tables) == 0


def test_local_search_improves_on_the_greedy_start_and_on_random_seating():
    people = population(200, seed=4, orgs=5)
    history = [(people[i].id, people[i + 1].id) for i in range(0, 198, 3)]
    greedy = seat_tables(people, 8, history=history, iterations=0)
    improved = seat_tables(people, 8, history=history)
    order = np.random.default_rng(0).permutation(len(people))
    random_tables = seat_tables([people[i] for i in order], 8, iterations=0)
    assert seating_cost(people, improved, history) < seating_cost(people, greedy, history)
    assert seating_cost(people, improved, history) < seating_cost(people, random_tables, history)


def test_it_reports_each_tables_mix():
    people = population(16, seed=5)
    tables = seat_tables(people, 8)
    by_id = {p.id: p for p in people}
    for t in tables:
        assert t.sectors == dict(sorted(Counter(by_id[i].sector for i in t.people).items()))
        assert sum(t.levels.values()) == len(t.people)


def test_it_is_deterministic_for_a_seed():
    people = population(80, seed=6)
    assert [t.people for t in seat_tables(people, 6, seed=3)] == [
        t.people for t in seat_tables(people, 6, seed=3)
    ]
