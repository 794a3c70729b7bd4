"""The analysis shown on a map's page, in the shape the templates want (labels, not ids).

Both ways of getting an analysis — inline for a small map, or the stored report a background job wrote for a
big one — give the engine's JSON report (`analysis_to_dict`), and the page is drawn from that report alone.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from joinedup.systemmaps.compute import CausalMap, analyse, analysis_to_dict, what_if

# A page answers within a couple of seconds even for a dense map; the CLI can go further.
PAGE_MAX_LOOPS = 5_000
PAGE_TIME_LIMIT = 2.0
LOOPS_LISTED = 200
# A big map's page lists the top of each ranking; the analysis download has all of it.
ROWS_LISTED = 200


@dataclass
class PageAnalysis:
    summary: str
    loop_count: int
    loops: list[dict[str, Any]]
    reinforcing: int
    balancing: int
    indeterminate: int = 0
    self_links_note: str = ""
    leverage: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    boundary: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    reach: list[tuple[str, str, int]] = field(default_factory=list)
    central: list[str] = field(default_factory=list)
    leverage_count: int = 0
    boundary_count: int = 0
    reach_count: int = 0


def map_fingerprint(cmap: CausalMap) -> str:
    """A hash of everything the analysis reads (not positions or descriptions), in map order."""
    digest = hashlib.sha256()
    for f in cmap.factors:
        digest.update(json.dumps(["f", f.id, f.label, f.owner, f.organisation]).encode())
    for lk in cmap.links:
        digest.update(json.dumps(["l", lk.source, lk.target, lk.polarity, lk.delay, lk.strength]).encode())
    return digest.hexdigest()


def report_compute(cmap: CausalMap, *, time_limit: float = PAGE_TIME_LIMIT) -> dict[str, Any]:
    """The engine's JSON report with the page's bounds: at most PAGE_MAX_LOOPS loops, `time_limit` for them."""
    result = analyse(cmap, max_length=8, max_loops=PAGE_MAX_LOOPS, time_limit=time_limit)
    return analysis_to_dict(cmap, result)


def page_analysis(report: dict[str, Any]) -> PageAnalysis:
    """What the page shows, from a JSON report (its own labels: the report may be of an earlier map)."""
    labels: dict[str, str] = {item["factor"]: item["label"] for item in report["leverage"]}

    def label(key: str) -> str:
        return labels.get(key, key)

    kinds = [loop["type"] for loop in report["loops"]]
    loops = [
        {
            "number": i + 1,
            "type": loop["type"],
            "length": loop["length"],
            "delays": loop["delays"],
            "story": loop["story"],
            # Reports stored before loop types carried their delays have no words: the type alone then.
            "type_words": loop.get("type_words", loop["type"]),
            "name": f"{'R' if loop['type'] == 'reinforcing' else 'B' if loop['type'] == 'balancing' else '?'}{i + 1}",
        }
        for i, loop in enumerate(report["loops"][:LOOPS_LISTED])
    ]
    reach = report["centre_reach"]
    return PageAnalysis(
        summary=report["loop_search"]["summary"],
        loop_count=len(report["loops"]),
        loops=loops,
        reinforcing=kinds.count("reinforcing"),
        balancing=kinds.count("balancing"),
        indeterminate=kinds.count("indeterminate"),
        self_links_note=_self_links_note(report, label),
        leverage=[(item["label"], item) for item in report["leverage"][:ROWS_LISTED]],
        boundary=[
            (label(b["source"]), label(b["target"]), b) for b in report["cross_boundary_links"][:ROWS_LISTED]
        ],
        reach=[(label(r["factor"]), _chain(r, label), r["loops"]) for r in reach["reached"][:ROWS_LISTED]],
        central=[label(f) for f in reach["central_factors"]],
        leverage_count=len(report["leverage"]),
        boundary_count=len(report["cross_boundary_links"]),
        reach_count=len(reach["reached"]),
    )


def _self_links_note(report: dict[str, Any], label: Any) -> str:
    names = [label(key) for key in report["loop_search"].get("self_links") or []]
    if not names:
        return ""
    return f"{', '.join(f'“{n}”' for n in names)}: {report['loop_search']['self_links_note']}."


def _chain(reached: dict[str, Any], label: Any) -> str:
    text = " → ".join(label(f) for f in reached["path"])
    more = int(reached.get("steps") or 0) - len(reached["path"])
    return f"{text} → … ({more:,} more)" if more > 0 else text


def page_what_if(cmap: CausalMap, key: str) -> list[dict[str, Any]]:
    answer = what_if(cmap, key)
    words = {
        "+": "goes up",
        "-": "goes down",
        "ambiguous": "could go either way (chains of both signs, or through a link marked ?)",
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
