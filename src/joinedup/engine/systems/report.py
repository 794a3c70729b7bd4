"""Plain, JSON-ready dictionaries of an analysis (the CLI's analysis.json and the site's API share them)."""

from typing import Any

from joinedup.engine.systems.analysis import Analysis
from joinedup.engine.systems.loops import SELF_LINK_NOTE, loop_story
from joinedup.engine.systems.model import CausalMap, Link
from joinedup.engine.systems.simulate import Simulation
from joinedup.engine.systems.versions import MapDiff
from joinedup.engine.systems.whatif import WhatIf

SIMULATION_CAVEAT = (
    "A way to think, not a forecast: it follows the signs and delays people drew, not measured sizes or "
    "timings."
)
# Reach lists each reached factor's loops; a dense map puts a factor in thousands, so the list is cut.
REACH_LOOPS_SHOWN = 20


def analysis_to_dict(cmap: CausalMap, analysis: Analysis) -> dict[str, Any]:
    search = analysis.loops
    return {
        "factors": len(cmap.factors),
        "links": len(cmap.links),
        "loop_search": {
            "max_length": search.max_length,
            "max_loops": search.max_loops,
            "loops_found": len(search.loops),
            "complete": search.complete,
            "complete_up_to_length": search.complete_up_to,
            "stopped_reason": search.stopped_reason or None,
            "summary": search.summary(),
            "self_links": list(search.self_links),
            "self_links_note": SELF_LINK_NOTE if search.self_links else None,
        },
        "loops": [
            {
                "factors": list(loop.factors),
                "type": loop.kind,
                "type_words": loop.type_words,
                "story": loop_story(cmap, loop),
                "length": loop.length,
                "delays": loop.delays,
                "polarities": list(loop.polarities),
            }
            for loop in search.loops
        ],
        "leverage": [
            {
                "factor": item.factor,
                "label": cmap.label(item.factor),
                "score": item.score,
                "loops": item.loops,
                "betweenness": item.betweenness,
                "in_influence": item.in_influence,
                "out_influence": item.out_influence,
                "micmac_influence": item.micmac_influence,
                "micmac_dependence": item.micmac_dependence,
                "role": item.role,
                "why": list(item.why),
            }
            for item in analysis.leverage
        ],
        "cross_boundary_links": [
            {
                "source": b.source,
                "target": b.target,
                "polarity": b.polarity,
                "source_owner": b.source_owner,
                "target_owner": b.target_owner,
                "loops": b.loops,
            }
            for b in analysis.boundary
        ],
        "centre_reach": {
            "central_factors": list(analysis.reach.central),
            "loops_through_centre": len(analysis.reach.loops_through_centre),
            "reached": [
                {
                    "factor": r.factor,
                    "path": list(r.path),
                    "steps": r.steps,
                    "loops": len(r.loops),
                    "loop_indexes": list(r.loops[:REACH_LOOPS_SHOWN]),
                }
                for r in analysis.reach.reached
            ],
        },
    }


def what_if_to_dict(cmap: CausalMap, result: WhatIf) -> dict[str, Any]:
    return {
        "raised": result.raised,
        "complete": result.complete,
        "note": result.note or None,
        "effects": [
            {
                "factor": e.factor,
                "label": cmap.label(e.factor),
                "sign": e.sign,
                "chains_up": e.chains_up,
                "chains_down": e.chains_down,
                "chains_unclear": e.chains_unclear,
                "shortest": list(e.shortest),
            }
            for e in result.effects
        ],
    }


def simulation_to_dict(cmap: CausalMap, result: Simulation) -> dict[str, Any]:
    """The frames of a what-if simulation, for the editor to animate (factor and link ids, not indexes)."""
    links = [f"{lk.source}>{lk.target}" for lk in cmap.links]
    return {
        "factors": list(result.factors),
        "steps": [
            {"levels": list(step.levels), "fired": [[links[n], amount] for n, amount in step.fired]}
            for step in result.steps
        ],
        "unclear": list(result.unclear),
        "complete": result.complete,
        "note": result.note or None,
        "caveat": SIMULATION_CAVEAT,
    }


def diff_to_dict(before: CausalMap, after: CausalMap, diff: MapDiff) -> dict[str, Any]:
    """A diff with labels (a removed factor's label comes from the earlier version)."""

    def label(key: str) -> str:
        return after.label(key) if key in {f.id for f in after.factors} else before.label(key)

    def link(lk: Link) -> dict[str, Any]:
        return {
            "source": label(lk.source),
            "target": label(lk.target),
            "polarity": lk.polarity,
            "delay": lk.delay,
        }

    return {
        "factors_added": [f.label for f in diff.factors_added],
        "factors_removed": [f.label for f in diff.factors_removed],
        "factors_changed": [
            {"factor": label(c.key), "fields": [list(field) for field in c.fields]}
            for c in diff.factors_changed
        ],
        "links_added": [link(lk) for lk in diff.links_added],
        "links_removed": [link(lk) for lk in diff.links_removed],
        "links_changed": [link(lk) | {"fields": [list(f) for f in c.fields]} for lk, c in diff.links_changed],
    }
