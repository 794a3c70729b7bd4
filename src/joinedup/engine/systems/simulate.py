"""A LOOPY-style what-if you can watch: nudge factors up or down and follow the effect along the links.

A way to think, not a forecast. A nudge sends a signal along every link out of the factor; a signal takes
one step to cross a link, or DELAY_STEPS steps if the link is marked as slow, and arrives multiplied by the
link's sign and strength and by DAMPING, so an effect fades as it travels unless a loop keeps feeding it. A
link whose direction is not known ("?") passes nothing on, and the factor it reaches is marked as unclear.
Levels are the running sum of the signals a factor has received, held between -LEVEL_CAP and LEVEL_CAP
(a reinforcing loop would otherwise run away off the picture). Deterministic; bounded by `max_signals`.
"""

from collections import defaultdict
from dataclasses import dataclass

from joinedup.engine.systems.model import INDETERMINATE, CausalMap

DELAY_STEPS = 3
DAMPING = 0.8
SMALLEST_SIGNAL = 0.02
LEVEL_CAP = 5.0


@dataclass(frozen=True)
class Step:
    """One tick: every factor's level (map order), and the links (by index in the map) a signal crossed,
    with the signed amount that arrived."""

    levels: tuple[float, ...]
    fired: tuple[tuple[int, float], ...]


@dataclass(frozen=True)
class Simulation:
    factors: tuple[str, ...]
    steps: tuple[Step, ...]
    unclear: tuple[str, ...]
    complete: bool
    note: str


def simulate(
    cmap: CausalMap,
    nudges: dict[str, float],
    *,
    steps: int = 20,
    delay_steps: int = DELAY_STEPS,
    damping: float = DAMPING,
    max_signals: int = 50_000,
) -> Simulation:
    """Levels of every factor over `steps` ticks after `nudges` ({factor id: +1 up, -1 down}) at tick 0."""
    for factor_id in nudges:
        cmap.factor(factor_id)  # an unknown factor is a KeyError, not a silent flat line
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for n, link in enumerate(cmap.links):
        out[cmap.index(link.source)].append((n, cmap.index(link.target)))
    levels = [0.0] * len(cmap.factors)
    # arriving[t] maps a factor to the signal reaching it at tick t (and the links that brought it).
    arriving: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    fired_at: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for factor_id, amount in nudges.items():
        arriving[0][cmap.index(factor_id)] += amount
    unclear: set[int] = set()
    sent, complete = 0, True
    frames = []
    for tick in range(steps + 1):
        for i, amount in sorted(arriving.pop(tick, {}).items()):
            levels[i] = max(-LEVEL_CAP, min(LEVEL_CAP, levels[i] + amount))
            for n, target in out[i]:
                link = cmap.links[n]
                if link.polarity == INDETERMINATE:
                    unclear.add(target)
                    continue
                signal = amount * damping * link.strength * (-1.0 if link.polarity == "-" else 1.0)
                if abs(signal) < SMALLEST_SIGNAL:
                    continue
                sent += 1
                if sent > max_signals:
                    complete = False
                    break
                when = tick + (delay_steps if link.delay else 1)
                arriving[when][target] += signal
                fired_at[when].append((n, round(signal, 4)))
        frames.append(Step(tuple(round(v, 4) for v in levels), tuple(fired_at.pop(tick, []))))
        if not complete:
            break
    note = (
        ""
        if complete
        else f"stopped after {max_signals:,} signals: the map passes on more than can be followed"
    )
    return Simulation(
        tuple(f.id for f in cmap.factors),
        tuple(frames),
        tuple(cmap.factors[i].id for i in sorted(unclear)),
        complete,
        note,
    )
