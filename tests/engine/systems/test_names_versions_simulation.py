"""Factor names that differ only in case or spacing, diffs between map versions, and the what-if simulation."""

import pytest

from joinedup.engine.systems import CausalMap, Factor, Link, MapError, label_key, map_diff, simulate
from joinedup.engine.systems.simulate import DAMPING, DELAY_STEPS

from .helpers import causal_map


def test_names_are_the_same_whatever_their_case_and_spacing():
    assert label_key("  Waiting   Times ") == label_key("waiting times")
    with pytest.raises(MapError) as err:
        CausalMap.build([Factor("a", "Waiting times"), Factor("b", "waiting  TIMES")], [])
    assert "factor 'b' has the same name as factor 'a'" in str(err.value)


def test_a_diff_lists_factors_and_links_added_removed_and_changed():
    before = CausalMap.build(
        [Factor("a", "Demand", "local"), Factor("b", "Staff"), Factor("c", "Morale")],
        [Link("a", "b", "+"), Link("b", "c", "-"), Link("c", "a", "+")],
    )
    after = CausalMap.build(
        [
            Factor("a", "Demand for care", "local", x=5.0),
            Factor("b", "Staff", "central"),
            Factor("d", "Agency use"),
        ],
        [Link("a", "b", "-", delay=True), Link("b", "d", "+")],
    )
    diff = map_diff(before, after)
    assert [f.id for f in diff.factors_added] == ["d"]
    assert [f.id for f in diff.factors_removed] == ["c"]
    assert [(c.key, c.fields) for c in diff.factors_changed] == [
        ("a", (("label", "Demand", "Demand for care"),)),
        ("b", (("owner", None, "central"),)),
    ]
    assert [(lk.source, lk.target) for lk in diff.links_added] == [("b", "d")]
    assert [(lk.source, lk.target) for lk in diff.links_removed] == [("b", "c"), ("c", "a")]
    assert [c.fields for _, c in diff.links_changed] == [(("polarity", "+", "-"), ("delay", False, True))]
    assert not diff.empty and map_diff(after, after).empty


def test_a_nudge_spreads_along_links_with_signs_and_delays():
    cmap = CausalMap.build(
        [Factor("a", "A"), Factor("b", "B"), Factor("c", "C"), Factor("d", "D")],
        [Link("a", "b", "-"), Link("b", "c", "+", delay=True), Link("a", "d", "?")],
    )
    run = simulate(cmap, {"a": 1.0}, steps=6)
    level = {f: [step.levels[i] for step in run.steps] for i, f in enumerate(run.factors)}
    assert level["a"][0] == 1.0
    assert level["b"][0] == 0 and level["b"][1] == pytest.approx(-DAMPING)
    # The slow link holds the effect back DELAY_STEPS ticks, and it arrives still going down.
    arrives = 1 + DELAY_STEPS
    assert level["c"][arrives - 1] == 0 and level["c"][arrives] == pytest.approx(-(DAMPING**2))
    # An indeterminate link passes nothing on, and says so.
    assert set(level["d"]) == {0} and run.unclear == ("d",)
    assert run.complete


def test_a_balancing_loop_settles_and_a_reinforcing_one_grows_to_the_cap():
    settles = simulate(causal_map(["a", "b"], "a+b b-a"), {"a": 1.0}, steps=40)
    assert abs(settles.steps[-1].levels[0]) < 1.0
    grows = CausalMap.build(
        [Factor("a", "A"), Factor("b", "B")],
        [Link("a", "b", "+", strength=2.0), Link("b", "a", "+", strength=2.0)],
    )
    run = simulate(grows, {"a": 1.0}, steps=40)
    assert run.steps[-1].levels[0] == 5.0


def test_a_simulation_stops_at_its_signal_budget_and_says_so():
    factors = [Factor(str(i), f"F{i}") for i in range(6)]
    links = [Link(str(a), str(b), "+", strength=3.0) for a in range(6) for b in range(6) if a != b]
    run = simulate(CausalMap.build(factors, links), {"0": 1.0}, steps=50, max_signals=100)
    assert not run.complete and "stopped after 100 signals" in run.note


def test_the_picture_shows_every_label_whole_on_lines_and_marks_unknown_links():
    from joinedup.engine.systems.picture import render_svg

    long = "Families waiting more than eighteen weeks for a first appointment"
    svg = render_svg(CausalMap.build([Factor("a", long), Factor("b", "B")], [Link("a", "b", "?")]))
    words = " ".join(part.split(">", 1)[1].split("<", 1)[0] for part in svg.split("<tspan")[1:3])
    assert "…" not in svg
    assert words.startswith("Families waiting more")
    assert "".join(svg.split()).count(">?</text>") == 1
    assert long in svg  # in the factor's <title> too


def test_unknown_directions_and_delays_survive_every_file_format():
    from joinedup.engine.systems import formats

    cmap = CausalMap.build(
        [Factor("a", "Alpha", "other"), Factor("b", "Beta", "central")],
        [Link("a", "b", "?", delay=True), Link("b", "a", "-")],
    )
    signs = [(lk.polarity, lk.delay) for lk in cmap.links]
    assert [
        (lk.polarity, lk.delay) for lk in formats.read_graphml(formats.write_graphml(cmap)).links
    ] == signs
    assert [(lk.polarity, lk.delay) for lk in formats.read_csv(*formats.write_csv(cmap)).links] == signs
    assert [lk.polarity for lk in formats.read_kumu_json(formats.write_kumu_json(cmap)).links] == ["?", "-"]
