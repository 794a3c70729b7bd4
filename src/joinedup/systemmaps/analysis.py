"""The analysis shown on a map's page, in the shape the templates want (labels, not ids)."""

from dataclasses import dataclass
from typing import Any

from joinedup.systemmaps.compute import Analysis, CausalMap, analyse, loop_story, what_if

# A page answers within a couple of seconds even for a dense map; the CLI can go further.
PAGE_MAX_LOOPS = 5_000
PAGE_TIME_LIMIT = 2.0
LOOPS_LISTED = 200


@dataclass
class PageAnalysis:
    result: Analysis
    loops: list[dict[str, Any]]
    reinforcing: int
    balancing: int


def page_analysis(cmap: CausalMap, *, max_length: int = 8) -> PageAnalysis:
    result = analyse(cmap, max_length=max_length, max_loops=PAGE_MAX_LOOPS, time_limit=PAGE_TIME_LIMIT)
    kinds = [loop.kind for loop in result.loops.loops]
    loops = [
        {
            "number": i + 1,
            "type": loop.kind,
            "length": loop.length,
            "delays": loop.delays,
            "story": loop_story(cmap, loop),
        }
        for i, loop in enumerate(result.loops.loops[:LOOPS_LISTED])
    ]
    return PageAnalysis(result, loops, kinds.count("reinforcing"), kinds.count("balancing"))


def page_what_if(cmap: CausalMap, key: str) -> list[dict[str, Any]]:
    answer = what_if(cmap, key)
    words = {
        "+": "goes up",
        "-": "goes down",
        "ambiguous": "could go either way",
        "beyond bound": "not known (only long chains reach it)",
    }
    return [
        {
            "label": cmap.label(e.factor),
            "sign": e.sign,
            "words": words[e.sign],
            "up": e.chains_up,
            "down": e.chains_down,
            "via": " → ".join(cmap.label(f) for f in e.shortest),
        }
        for e in answer.effects
    ]
