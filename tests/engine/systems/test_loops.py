"""Loops compared with an independent enumeration, and the bounded answer when there are too many."""

import random
from collections import Counter

import networkx as nx
import pytest

from joinedup.engine.systems import CausalMap, Factor, Link, loop_story, loops_find

from .helpers import causal_map


def random_map(seed: int, n: int, m: int, self_loops: bool = True, signs: str = "+-") -> CausalMap:
    rng = random.Random(seed)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b or (self_loops and rng.random() < 0.3):
            pairs.add((a, b))
    factors = [Factor(f"f{i}", f"Factor {i}") for i in range(n)]
    links = [Link(f"f{a}", f"f{b}", rng.choice(signs)) for a, b in sorted(pairs)]
    return CausalMap.build(factors, links)


def brute_force_loops(cmap: CausalMap, max_length: int) -> dict[tuple[str, ...], str]:
    """Every simple cycle by plain depth-first search from every factor, rotated to start at its lowest
    factor (in map order), with its type from counting "-" links. Slow and obvious on purpose."""
    order = {f.id: i for i, f in enumerate(cmap.factors)}
    polarity = {(lk.source, lk.target): lk.polarity for lk in cmap.links}
    succ: dict[str, list[str]] = {f.id: [] for f in cmap.factors}
    for lk in cmap.links:
        succ[lk.source].append(lk.target)
    found: dict[tuple[str, ...], str] = {}

    def walk(path: list[str]) -> None:
        for nxt in succ[path[-1]]:
            if nxt == path[0] and len(path) > 1:
                start = min(range(len(path)), key=lambda i: order[path[i]])
                cycle = tuple(path[start:] + path[:start])
                signs = [polarity[(a, b)] for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True)]
                if "?" in signs:
                    found[cycle] = "indeterminate"
                else:
                    found[cycle] = "balancing" if signs.count("-") % 2 else "reinforcing"
            elif nxt not in path and len(path) < max_length:
                walk(path + [nxt])

    for f in cmap.factors:
        walk([f.id])
    return found


@pytest.mark.parametrize("seed", range(12))
def test_it_matches_a_brute_force_enumeration_on_random_maps(seed):
    rng = random.Random(seed)
    # Maps with self-links (never loops) and, for half the seeds, links of unknown direction ("?").
    cmap = random_map(seed, n=rng.randint(3, 12), m=rng.randint(3, 30), signs="+-" if seed % 2 else "+-+-?")
    max_length = rng.randint(1, 7)
    search = loops_find(cmap, max_length=max_length)
    got = {loop.factors: loop.kind for loop in search.loops}
    assert len(got) == len(search.loops), "a loop was listed twice"
    assert got == brute_force_loops(cmap, max_length)
    assert search.complete


@pytest.mark.parametrize("seed", range(5))
def test_it_matches_networkx_simple_cycles(seed):
    cmap = random_map(100 + seed, n=25, m=70)
    ours = Counter(loop.length for loop in loops_find(cmap, max_length=6).loops)
    theirs = Counter(len(c) for c in nx.simple_cycles(cmap.graph(), length_bound=6) if len(c) > 1)
    assert ours == theirs


def test_it_lists_loops_by_length_then_map_order():
    cmap = random_map(7, n=10, m=30)
    loops = loops_find(cmap).loops
    order = {f.id: i for i, f in enumerate(cmap.factors)}
    keys = [(lp.length, [order[f] for f in lp.factors]) for lp in loops]
    assert keys == sorted(keys)
    assert all(order[lp.factors[0]] == min(order[f] for f in lp.factors) for lp in loops)


def test_it_respects_the_length_bound():
    cmap = random_map(3, n=10, m=40)
    assert max(lp.length for lp in loops_find(cmap, max_length=3).loops) <= 3


def complete_map(n: int) -> CausalMap:
    factors = [Factor(str(i), f"F{i}") for i in range(n)]
    links = [Link(str(a), str(b), "+") for a in range(n) for b in range(n) if a != b]
    return CausalMap.build(factors, links)


def test_it_gives_a_bounded_answer_when_loops_explode():
    # K8 has 28 loops of 2 links and 112 of 3: a cap of 100 stops inside length 3.
    search = loops_find(complete_map(8), max_length=8, max_loops=100)
    assert not search.complete
    assert len(search.loops) == 100
    assert search.complete_up_to == 2
    assert Counter(lp.length for lp in search.loops) == {2: 28, 3: 72}
    assert "loop cap of 100 reached at 3 links" in search.summary()
    assert "every loop of up to 2 links is listed" in search.summary()


def test_it_stops_at_the_time_limit():
    ticks = iter(range(10**9))
    search = loops_find(complete_map(9), max_length=8, time_limit=5, clock=lambda: next(ticks))
    assert not search.complete
    assert "time limit" in search.stopped_reason


def test_a_self_link_is_not_a_loop_and_is_said_to_be_left_out():
    cmap = CausalMap.build(
        [Factor("a", "A"), Factor("b", "B")],
        [Link("a", "a", "-"), Link("a", "b", "+", delay=True), Link("b", "a", "+")],
    )
    search = loops_find(cmap)
    assert [(lp.factors, lp.kind, lp.delays) for lp in search.loops] == [(("a", "b"), "reinforcing", 1)]
    assert search.self_links == ("a",)
    assert "1 link from a factor to itself not counted" in search.summary()


def test_a_loop_through_an_indeterminate_link_is_indeterminate_and_keeps_its_delays():
    cmap = CausalMap.build(
        [Factor("a", "A"), Factor("b", "B"), Factor("c", "C")],
        [
            Link("a", "b", "?"),
            Link("b", "a", "-", delay=True),
            Link("b", "c", "-", delay=True),
            Link("c", "a", "+"),
        ],
    )
    ab, abc = loops_find(cmap).loops
    assert (ab.kind, ab.delays, abc.kind, abc.delays) == ("indeterminate", 1, "indeterminate", 1)
    assert ab.type_words.startswith("indeterminate: 1 link could push either way")
    assert loop_story(cmap, ab) == "more A → a change in B → a change in A"


def test_delays_are_carried_into_the_loop_type_in_words():
    balancing = loops_find(causal_map(["a", "b"], "a+b b-a")).loops[0]
    assert balancing.type_words == "balancing"
    slow = CausalMap.build(
        [Factor("a", "A"), Factor("b", "B")], [Link("a", "b", "+", delay=True), Link("b", "a", "-")]
    )
    assert loops_find(slow).loops[0].type_words == (
        "balancing, with 1 delay: it may overshoot and swing rather than settle"
    )


def test_it_handles_a_map_without_loops():
    search = loops_find(complete_map(1))
    assert search.loops == () and search.complete
    assert search.summary() == "0 loops: every loop of up to 8 links."
