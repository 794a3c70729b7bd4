"""The classic system archetypes, built from their textbook structure (Senge, The Fifth Discipline;
Kim, Systems Archetypes I), must give exactly the loops and loop types the textbooks show."""

from collections import Counter

from joinedup.engine.systems import CausalMap, loop_story, loops_find

from .helpers import causal_map


def kinds(cmap: CausalMap) -> Counter[str]:
    return Counter(loop.kind for loop in loops_find(cmap).loops)


def test_it_finds_fixes_that_fail():
    # A fix relieves the symptom (B) but, after a delay, its side effect feeds the symptom (R).
    cmap = causal_map(
        ["problem", "fix", "side_effect"], "problem+fix fix-problem fix+side_effect side_effect+problem"
    )
    assert kinds(cmap) == {"balancing": 1, "reinforcing": 1}
    loops = loops_find(cmap).loops
    assert [(lp.factors, lp.kind) for lp in loops] == [
        (("problem", "fix"), "balancing"),
        (("problem", "fix", "side_effect"), "reinforcing"),
    ]


def test_it_finds_shifting_the_burden():
    # Two balancing loops (symptomatic and fundamental solutions) and a reinforcing "addiction" loop
    # through the side effect that weakens the fundamental solution.
    cmap = causal_map(
        ["symptom", "quick_fix", "fundamental", "side_effect"],
        "symptom+quick_fix quick_fix-symptom symptom+fundamental fundamental-symptom "
        "quick_fix+side_effect side_effect-fundamental",
    )
    loops = loops_find(cmap).loops
    assert kinds(cmap) == {"balancing": 2, "reinforcing": 1}
    addiction = next(lp for lp in loops if lp.kind == "reinforcing")
    assert addiction.factors == ("symptom", "quick_fix", "side_effect", "fundamental")


def test_it_finds_limits_to_growth():
    # Growth (R) meets a slowing action (B); the limiting condition feeds the slowing action but is in no loop.
    cmap = causal_map(
        ["effort", "performance", "slowing_action", "limit"],
        "effort+performance performance+effort performance+slowing_action slowing_action-performance "
        "limit-slowing_action",
    )
    loops = loops_find(cmap).loops
    assert kinds(cmap) == {"reinforcing": 1, "balancing": 1}
    assert all("limit" not in lp.factors for lp in loops)


def test_it_finds_escalation():
    # Each side's balancing loop through their relative position; the "figure of eight" is not a simple
    # loop (it passes the relative position twice), so exactly two balancing loops.
    cmap = causal_map(
        ["a_activity", "a_results", "a_relative_to_b", "b_activity", "b_results"],
        "a_activity+a_results a_results+a_relative_to_b a_relative_to_b-a_activity "
        "a_relative_to_b+b_activity b_activity+b_results b_results-a_relative_to_b",
    )
    assert kinds(cmap) == {"balancing": 2}


def test_it_finds_the_tragedy_of_the_commons():
    # Each user's gain reinforces their activity (R1, R2); total activity lowers the gain per activity
    # for everyone (B1, B2). The resource limit is outside every loop.
    cmap = causal_map(
        ["a_activity", "a_gain", "b_activity", "b_gain", "total", "gain_per_activity", "resource_limit"],
        "a_activity+a_gain a_gain+a_activity b_activity+b_gain b_gain+b_activity "
        "a_activity+total b_activity+total total-gain_per_activity "
        "gain_per_activity+a_gain gain_per_activity+b_gain resource_limit+gain_per_activity",
    )
    loops = loops_find(cmap).loops
    assert kinds(cmap) == {"reinforcing": 2, "balancing": 2}
    assert sorted(lp.length for lp in loops) == [2, 2, 4, 4]


def test_it_tells_each_loop_as_a_story():
    cmap = causal_map(["A", "B", "C"], "A+B B-C C-A")
    (loop,) = loops_find(cmap).loops
    assert loop.kind == "reinforcing"
    assert loop_story(cmap, loop) == "more A → more B → less C → more A"


def test_it_tells_a_balancing_story_ending_lower():
    cmap = causal_map(["A", "B"], "A+B B-A")
    (loop,) = loops_find(cmap).loops
    assert loop_story(cmap, loop) == "more A → more B → less A"
