"""Leverage, cross-boundary links, the centre's reach, what-if and the JSON report."""

import json

from joinedup.engine.systems import CausalMap, Factor, Link, analyse, analysis_to_dict, loops_find, what_if
from joinedup.engine.systems.analysis import boundary_links, centre_reach, leverage_rank, micmac

from .helpers import causal_map


def test_it_ranks_the_factor_in_every_loop_first():
    cmap = causal_map(["hub", "a", "b", "c", "d"], "hub+a a+hub hub+b b-hub hub+c c+hub d+a")
    ranking = leverage_rank(cmap, loops_find(cmap))
    assert ranking[0].factor == "hub"
    assert ranking[0].loops == 3
    assert ranking[0].why[0] == "in 3 of 3 feedback loops"
    assert ranking[0].score == 1.0


def test_it_classes_drivers_and_outcomes_by_micmac():
    cmap = causal_map(["driver", "x", "y", "outcome"], "driver+x driver+y x+y x+outcome y+outcome")
    roles = {item.factor: item.role for item in leverage_rank(cmap, loops_find(cmap))}
    assert roles["driver"] == "driver"
    assert roles["outcome"] == "outcome"
    influence, dependence = micmac(cmap)
    assert influence[0] == 1.0 and dependence[0] == 0.0
    assert influence[3] == 0.0 and dependence[3] == 1.0


def test_it_lists_links_that_cross_owners():
    cmap = CausalMap.build(
        [
            Factor("targets", "Reporting targets", "central"),
            Factor("voids", "Empty homes", "local", "Leeds City Council"),
            Factor("crime", "Street crime", "local", "West Yorkshire Police"),
            Factor("trust", "Trust", None),
        ],
        [Link("targets", "voids", "+"), Link("voids", "crime", "+"), Link("crime", "trust", "-")],
    )
    found = boundary_links(cmap, loops_find(cmap))
    assert [(b.source, b.target) for b in found] == [("targets", "voids"), ("voids", "crime")]
    assert found[0].source_owner == "central" and found[0].target_owner == "local: Leeds City Council"


def test_it_counts_the_loops_that_use_a_boundary_link():
    cmap = causal_map({"c": "central", "l": "local"}, "c+l l-c")
    (link, back) = boundary_links(cmap, loops_find(cmap))
    assert link.loops == 1 and back.loops == 1


def test_it_finds_what_the_centre_reaches_and_through_which_loops():
    cmap = causal_map(
        {"policy": "central", "council": "local", "service": "local", "users": "community", "apart": "other"},
        "policy+council council+service service+users users-council apart+apart",
    )
    search = loops_find(cmap)
    reach = centre_reach(cmap, search)
    assert reach.central == ("policy",)
    assert {r.factor: r.path for r in reach.reached} == {
        "council": ("policy", "council"),
        "service": ("policy", "council", "service"),
        "users": ("policy", "council", "service", "users"),
    }
    # The council–service–users loop has no central factor: the centre reaches it but is not in it.
    assert reach.loops_through_centre == ()
    assert all(r.loops == () for r in reach.reached)


def test_it_names_the_loops_that_carry_the_centre():
    cmap = causal_map({"centre": "central", "place": "local"}, "centre+place place+centre")
    reach = centre_reach(cmap, loops_find(cmap))
    assert reach.loops_through_centre == (0,)
    assert reach.reached[0].loops == (0,)


def test_it_gives_the_sign_of_raising_a_factor():
    cmap = causal_map(["a", "b", "c", "d", "e"], "a+b b-c a+d d+e b+e c+a")
    effects = {e.factor: e for e in what_if(cmap, "a").effects}
    assert effects["b"].sign == "+"
    assert effects["c"].sign == "-"
    assert effects["d"].sign == "+"
    assert effects["e"].sign == "+" and effects["e"].chains_up == 2
    assert effects["c"].shortest == ("a", "b", "c")


def test_it_flags_ambiguous_effects():
    cmap = causal_map(["a", "b", "c", "d"], "a+b b+d a+c c-d")
    effects = {e.factor: e for e in what_if(cmap, "a").effects}
    assert effects["d"].sign == "ambiguous"
    assert (effects["d"].chains_up, effects["d"].chains_down) == (1, 1)


def test_it_marks_effects_beyond_the_length_bound():
    cmap = causal_map(["a", "b", "c", "d"], "a+b b+c c-d")
    effects = {e.factor: e.sign for e in what_if(cmap, "a", max_length=2).effects}
    assert effects == {"b": "+", "c": "+", "d": "beyond bound"}


def test_it_says_when_the_what_if_walk_ran_out():
    n = 9
    factors = [Factor(str(i), str(i)) for i in range(n)]
    links = [Link(str(a), str(b), "+" if (a + b) % 2 else "-") for a in range(n) for b in range(n) if a != b]
    result = what_if(CausalMap.build(factors, links), "0", max_steps=50)
    assert not result.complete
    assert "stopped after 50 steps" in result.note


def test_it_writes_the_report_the_cli_promises():
    cmap = causal_map({"c": "central", "l": "local", "x": None}, "c+l l-c l+x")
    report = analysis_to_dict(cmap, analyse(cmap))
    json.dumps(report)  # plain JSON types only
    assert report["loops"] == [
        {
            "factors": ["c", "l"],
            "type": "balancing",
            "type_words": "balancing",
            "story": "more c → more l → less c",
            "length": 2,
            "delays": 0,
            "polarities": ["+", "-"],
        }
    ]
    assert {item["factor"] for item in report["leverage"]} == {"c", "l", "x"}
    assert all(isinstance(item["score"], float) for item in report["leverage"])
    assert report["cross_boundary_links"][0] | {} == {
        "source": "c",
        "target": "l",
        "polarity": "+",
        "source_owner": "central",
        "target_owner": "local",
        "loops": 1,
    }
    assert report["loop_search"]["complete"] is True


def test_it_analyses_an_empty_map():
    from joinedup.engine.systems import CausalMap
    from joinedup.engine.systems.picture import render_svg

    empty = CausalMap.build([], [])
    report = analysis_to_dict(empty, analyse(empty))
    assert (report["loops"], report["leverage"], report["cross_boundary_links"]) == ([], [], [])
    assert render_svg(empty).startswith("<svg")


def test_other_counts_as_an_owner_across_boundaries():
    cmap = CausalMap.build(
        [
            Factor("rules", "Rules", "central"),
            Factor("charity", "Charity places", "other"),
            Factor("landlords", "Landlords", "other"),
            Factor("shelter", "Shelter beds", "other", "Shelter"),
            Factor("shelter2", "Shelter staff", "other", "shelter"),
        ],
        [
            Link("rules", "charity", "+"),
            Link("charity", "landlords", "-"),
            Link("shelter", "shelter2", "+"),
            Link("landlords", "landlords", "+"),
        ],
    )
    found = [(b.source, b.target) for b in boundary_links(cmap, loops_find(cmap))]
    # central → other crosses; two "other" owners are not one body unless they name the same organisation;
    # a factor's link to itself crosses nothing.
    assert found == [("rules", "charity"), ("charity", "landlords")]


def test_an_indeterminate_link_makes_what_if_ambiguous_downstream():
    cmap = causal_map(["a", "b", "c", "d"], "a+b b+c a+d")
    cmap = CausalMap.build(cmap.factors, (*cmap.links, Link("d", "c", "?")))
    effects = {e.factor: e for e in what_if(cmap, "a").effects}
    assert effects["b"].sign == "+"
    assert effects["c"].sign == "ambiguous" and effects["c"].chains_unclear == 1
    assert effects["d"].sign == "+"
