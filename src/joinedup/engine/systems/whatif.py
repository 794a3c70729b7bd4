"""What-if: raise one factor; which way does each other factor move?

The sign of a chain of links is the product of their polarities. A factor reached by chains of both signs
is ambiguous: the answer depends on strengths and delays the map does not pin down, so it is flagged, not
guessed. Chains are simple paths up to a length bound; their number can explode, so the walk has a budget
and says when it ran out.
"""

from dataclasses import dataclass

import networkx as nx

from joinedup.engine.systems.model import INDETERMINATE, CausalMap

UP, DOWN, AMBIGUOUS, BEYOND = "+", "-", "ambiguous", "beyond bound"


@dataclass(frozen=True)
class Effect:
    """`sign` is "+" (moves with the raised factor), "-" (against it), "ambiguous", or "beyond bound"
    (reached only by chains longer than the bound). `shortest` is one shortest chain, both ends included."""

    factor: str
    sign: str
    chains_up: int
    chains_down: int
    shortest: tuple[str, ...]
    # Chains through a link whose direction is not known ("?"): they make the answer "ambiguous".
    chains_unclear: int = 0


@dataclass(frozen=True)
class WhatIf:
    raised: str
    effects: tuple[Effect, ...]
    complete: bool
    note: str


def what_if(cmap: CausalMap, raised: str, *, max_length: int = 8, max_steps: int = 200_000) -> WhatIf:
    """The effect of raising `raised` on every factor it reaches, in map order. Deterministic."""
    cmap.factor(raised)  # an unknown factor is a KeyError here, not a silent empty answer
    graph = cmap.graph()
    up, down, unclear, complete = _count_chains(cmap, raised, max_length, max_steps)
    shortest = nx.single_source_shortest_path(graph, raised)
    effects = tuple(
        Effect(
            f.id,
            _sign(up.get(f.id, 0), down.get(f.id, 0), unclear.get(f.id, 0)),
            up.get(f.id, 0),
            down.get(f.id, 0),
            tuple(shortest[f.id]),
            unclear.get(f.id, 0),
        )
        for f in cmap.factors
        if f.id in shortest and f.id != raised
    )
    note = (
        ""
        if complete
        else (
            f"the walk stopped after {max_steps:,} steps: signs shown are from the chains seen, and a factor "
            "shown as one sign may have chains of the other sign that were not reached"
        )
    )
    return WhatIf(raised, effects, complete, note)


def _sign(up: int, down: int, unclear: int = 0) -> str:
    if (up and down) or unclear:
        return AMBIGUOUS
    if up:
        return UP
    return DOWN if down else BEYOND


Tally = dict[str, int]


def _count_chains(
    cmap: CausalMap, start: str, max_length: int, max_steps: int
) -> tuple[Tally, Tally, Tally, bool]:
    """Count simple chains of each sign from `start` to every factor, depth first, within the budget:
    (up, down, unclear, complete). A chain through a "?" link is unclear, whatever its other links."""
    succ: dict[str, list[tuple[str, bool, bool]]] = {f.id: [] for f in cmap.factors}
    for link in cmap.links:
        succ[link.source].append((link.target, link.polarity == "-", link.polarity == INDETERMINATE))
    up: Tally = {}
    down: Tally = {}
    unclear: Tally = {}
    path, on_path = [start], {start}
    flips, unknown = [False], [False]
    stack = [iter(succ[start])]
    steps = 0
    while stack:
        steps += 1
        if steps > max_steps:
            return up, down, unclear, False
        for target, flip, vague in stack[-1]:
            if target in on_path:
                continue
            negative = flips[-1] != flip
            blurred = unknown[-1] or vague
            tally = unclear if blurred else down if negative else up
            tally[target] = tally.get(target, 0) + 1
            if len(path) < max_length:
                path.append(target)
                on_path.add(target)
                # Same iterative walk as loops.py's cycle search: see the note there.
                flips.append(negative)
                unknown.append(blurred)
                stack.append(iter(succ[target]))
                break
        else:
            stack.pop()
            flips.pop()
            unknown.pop()
            on_path.discard(path.pop())
    return up, down, unclear, True
