"""System maps: causal maps of factors and signed links, and what they say (loops, leverage, boundaries).

Plain Python + networkx/numpy; no Django and no I/O (files come in and go out as text or bytes).

    cmap = CausalMap.build(factors, links)      # raises MapError naming every problem
    result = analyse(cmap, max_length=8)        # loops, leverage, cross-boundary links, centre's reach
    analysis_to_dict(cmap, result)              # JSON-ready
"""

from joinedup.engine.systems.analysis import Analysis, analyse
from joinedup.engine.systems.loops import BALANCING, REINFORCING, Loop, LoopSearch, loop_story, loops_find
from joinedup.engine.systems.model import (
    OWNER_KINDS,
    POLARITIES,
    CausalMap,
    Factor,
    Link,
    MapError,
    Problem,
    label_key,
)
from joinedup.engine.systems.report import analysis_to_dict, diff_to_dict, simulation_to_dict, what_if_to_dict
from joinedup.engine.systems.simulate import Simulation, simulate
from joinedup.engine.systems.versions import MapDiff, map_diff
from joinedup.engine.systems.whatif import WhatIf, what_if

__all__ = [
    "BALANCING",
    "OWNER_KINDS",
    "POLARITIES",
    "REINFORCING",
    "Analysis",
    "CausalMap",
    "Factor",
    "Link",
    "Loop",
    "LoopSearch",
    "MapError",
    "Problem",
    "MapDiff",
    "Simulation",
    "WhatIf",
    "analyse",
    "analysis_to_dict",
    "diff_to_dict",
    "label_key",
    "map_diff",
    "simulate",
    "simulation_to_dict",
    "loop_story",
    "loops_find",
    "what_if",
    "what_if_to_dict",
]
