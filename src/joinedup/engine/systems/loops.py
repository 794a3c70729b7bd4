"""Feedback loops: every simple cycle up to a length bound, classed and told as a story.

The count of loops grows exponentially with map density, so the search is bounded by a loop cap and an
optional time limit. It deepens one length at a time, so a stopped search still says exactly which lengths
are complete ("every loop of up to 5 links is listed; at 6 links it stopped after 10,000 loops").
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from joinedup.engine.systems.model import INDETERMINATE as UNKNOWN_SIGN
from joinedup.engine.systems.model import CausalMap

REINFORCING = "reinforcing"
BALANCING = "balancing"
# A loop with a link whose direction is not known: it could reinforce or balance, and saying which would be
# a guess. It is listed, with that said, rather than left out.
INDETERMINATE = "indeterminate"
SELF_LINK_NOTE = (
    "A link from a factor to itself is not a feedback loop (a loop needs at least two factors), so it is "
    "not counted as one"
)


class Loop(NamedTuple):
    """Factors in loop order (starting at the one earliest in the map); `polarities[i]` is the link i → i+1.

    A named tuple, not a dataclass: a dense map has a hundred thousand loops and this builds fastest.
    """

    factors: tuple[str, ...]
    polarities: tuple[str, ...]
    delays: int = 0

    @property
    def kind(self) -> str:
        # A loop reinforces when an even number of links reverse the change, so it returns with its sign.
        if UNKNOWN_SIGN in self.polarities:
            return INDETERMINATE
        return BALANCING if self.polarities.count("-") % 2 else REINFORCING

    @property
    def type_words(self) -> str:
        """The loop's type in words, with what its delays do to it (a delay in a balancing loop makes it
        overshoot and swing; in a reinforcing one, the growth or decline shows late)."""
        if self.kind == INDETERMINATE:
            unknown = self.polarities.count(UNKNOWN_SIGN)
            words = (
                f"indeterminate: {unknown} link{'s' if unknown != 1 else ''} could push either way, so it may "
                "reinforce or balance"
            )
        else:
            words = self.kind
        if not self.delays:
            return words
        delay = f"{self.delays} delay{'s' if self.delays != 1 else ''}"
        if self.kind == BALANCING:
            return f"{words}, with {delay}: it may overshoot and swing rather than settle"
        if self.kind == REINFORCING:
            return f"{words}, with {delay}: the growth or decline shows late, so it is easy to miss"
        return f"{words}, with {delay}"

    @property
    def length(self) -> int:
        return len(self.factors)


@dataclass(frozen=True)
class LoopSearch:
    """The loops found. `complete_up_to` is the longest length at which every loop is listed."""

    loops: tuple[Loop, ...]
    max_length: int
    max_loops: int
    complete: bool
    complete_up_to: int
    stopped_reason: str = ""
    # Factors with a link to themselves, in map order: shown, and said not to be loops.
    self_links: tuple[str, ...] = ()

    def summary(self) -> str:
        count = f"{len(self.loops):,} loop{'s' if len(self.loops) != 1 else ''}"
        if self.self_links:
            n = len(self.self_links)
            count += (
                f" ({n} link{'s' if n != 1 else ''} from a factor to itself not counted: a loop needs at "
                "least two factors)"
            )
        if self.complete:
            return f"{count}: every loop of up to {self.max_length} links."
        done = (
            f"every loop of up to {self.complete_up_to} links is listed"
            if self.complete_up_to
            else "no length was searched completely"
        )
        return f"{count} found, then the search stopped ({self.stopped_reason}): {done}."


def loop_story(cmap: CausalMap, loop: Loop) -> str:
    """ "more A → more B → less C → less A": what raising the first factor does all the way round.

    After a link whose direction is not known, the story says "a change in" instead of guessing."""
    words, up = [f"more {cmap.label(loop.factors[0])}"], True
    known = True
    ring = loop.factors[1:] + loop.factors[:1]
    for polarity, factor in zip(loop.polarities, ring, strict=True):
        known = known and polarity != UNKNOWN_SIGN
        up = up if polarity == "+" else not up
        words.append(f"{('more' if up else 'less') if known else 'a change in'} {cmap.label(factor)}")
    return " → ".join(words)


def loops_find(
    cmap: CausalMap,
    *,
    max_length: int = 8,
    max_loops: int = 20_000,
    time_limit: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> LoopSearch:
    """Every feedback loop of at most `max_length` links, or a bounded, honest part of them.

    Deterministic for a map when no time limit is set. Loops are sorted by length, then map order, and
    each starts at its factor earliest in the map. A link from a factor to itself is not a loop: such
    factors are listed in `self_links` instead.
    """
    succ, pred = _adjacency(cmap)
    budget = _Budget(None if time_limit is None else clock() + time_limit, clock)
    found: list[tuple[int, ...]] = []
    complete_up_to = 1 if max_length >= 1 else 0
    reason = ""
    for length in range(2, max_length + 1):
        reason = _cycles_of_length(succ, pred, length, max_loops, found, budget)
        if reason:
            break
        complete_up_to = length
    return _search(cmap, found, max_length, max_loops, complete_up_to, reason)


class _Budget:
    """A deadline checked every few thousand steps, so the check costs nothing measurable."""

    def __init__(self, deadline: float | None, clock: Callable[[], float]) -> None:
        self.deadline, self.clock, self.steps = deadline, clock, 0

    def spent(self) -> bool:
        self.steps += 1
        return self.deadline is not None and self.steps % 4096 == 0 and self.clock() > self.deadline


def _adjacency(cmap: CausalMap) -> tuple[list[list[int]], list[list[int]]]:
    succ: list[list[int]] = [[] for _ in cmap.factors]
    pred: list[list[int]] = [[] for _ in cmap.factors]
    for link in cmap.links:
        a, b = cmap.index(link.source), cmap.index(link.target)
        if a == b:
            continue
        succ[a].append(b)
        pred[b].append(a)
    return succ, pred


def _cycles_of_length(
    succ: list[list[int]],
    pred: list[list[int]],
    length: int,
    max_loops: int,
    found: list[tuple[int, ...]],
    budget: _Budget,
) -> str:
    """Append every cycle of exactly `length` links to `found`; return why it stopped early, or "".

    Each cycle is found once, from its lowest-numbered factor `s`, walking only through higher-numbered
    factors. A step is taken only if the walk can still get back to `s` within the bound (distances back to
    `s` come from a breadth-first search on the reversed links), which prunes almost every dead end.
    """
    for s in range(len(succ)):
        back = _distances_back(pred, s, length)
        path, on_path, stack = [s], {s}, [iter(succ[s])]
        while stack:
            if budget.spent():
                return f"time limit reached at {length} links"
            for w in stack[-1]:
                if w == s:
                    if len(path) == length:
                        if len(found) >= max_loops:
                            return f"loop cap of {max_loops:,} reached at {length} links"
                        found.append(tuple(path))
                    continue
                d = back.get(w)
                if d is not None and w > s and w not in on_path and len(path) + d <= length:
                    # Same iterative depth-first walk (a stack of successor iterators) as whatif's path
                    # search: loops keeps the path to find cycles, whatif carries signs along it; a shared
                    # walker would need callbacks for both, left as is.
                    path.append(w)
                    on_path.add(w)
                    stack.append(iter(succ[w]))
                    break
            else:
                stack.pop()
                on_path.discard(path.pop())
    return ""


def _distances_back(pred: list[list[int]], s: int, bound: int) -> dict[int, int]:
    """Links needed to get from each factor numbered above `s` back to `s`, up to `bound`."""
    dist, frontier = {s: 0}, [s]
    for d in range(1, bound + 1):
        reached = []
        for v in frontier:
            for u in pred[v]:
                if u > s and u not in dist:
                    dist[u] = d
                    reached.append(u)
        frontier = reached
    return dist


def _search(
    cmap: CausalMap, cycles: list[tuple[int, ...]], max_length: int, max_loops: int, upto: int, reason: str
) -> LoopSearch:
    ids = [f.id for f in cmap.factors]
    polarity = {(cmap.index(lk.source), cmap.index(lk.target)): lk.polarity for lk in cmap.links}
    delayed = {(cmap.index(lk.source), cmap.index(lk.target)) for lk in cmap.links if lk.delay}
    cycles.sort(key=lambda c: (len(c), c))
    loops = []
    for cycle in cycles:
        steps = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        delays = sum(1 for step in steps if step in delayed) if delayed else 0
        loops.append(Loop(tuple(ids[i] for i in cycle), tuple(polarity[step] for step in steps), delays))
    selfs = tuple(dict.fromkeys(lk.source for lk in cmap.links if lk.source == lk.target))
    return LoopSearch(tuple(loops), max_length, max_loops, not reason, upto, reason, selfs)
