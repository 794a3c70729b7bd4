"""Plain, JSON-ready dictionaries of an analysis (the CLI's analysis.json and the site's API share them)."""

from typing import Any

from joinedup.engine.systems.analysis import Analysis
from joinedup.engine.systems.loops import loop_story
from joinedup.engine.systems.model import CausalMap
from joinedup.engine.systems.whatif import WhatIf

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
        },
        "loops": [
            {
                "factors": list(loop.factors),
                "type": loop.kind,
                "story": loop_story(cmap, loop),
                "length": loop.length,
                "delays": loop.delays,
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
                "shortest": list(e.shortest),
            }
            for e in result.effects
        ],
    }
