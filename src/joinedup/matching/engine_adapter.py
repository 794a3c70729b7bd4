"""A thin seam between the site and the matching engine, for the parts the engine does not offer yet.

Event tables: the engine's `tables` module is used when it is installed; until then a small greedy seating with
a swap pass stands in. Either way the result is a list of tables, each a list of person ids, and a report of
each table's mix. No Django import, so the stand-in can be dropped without touching the services.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from joinedup.engine.matching.model import Person


@dataclass
class Seating:
    tables: list[list[str]]
    mix: list[dict[str, Any]] = field(default_factory=list)
    engine: str = "fallback"


def seat_tables(
    people: Sequence[Person], size: int, known: Iterable[tuple[str, str]] = (), seed: int = 0
) -> Seating:
    """Split `people` into tables of at most `size`, mixing sectors and levels, keeping known pairs apart."""
    known_pairs = {frozenset(p) for p in known}
    engine = _engine_tables()
    if engine is not None:
        try:
            tables = engine(people, size, known_pairs, seed)
            return Seating(tables, _mix(people, tables, known_pairs), "engine")
        except TypeError:  # the engine's signature differs from the one expected here: fall back
            pass
    tables = _greedy(people, size)
    tables = _swap(tables, known_pairs)
    return Seating(tables, _mix(people, tables, known_pairs))


def _engine_tables() -> Any:
    try:
        from joinedup.engine.matching import tables  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    func = getattr(tables, "seat", None) or getattr(tables, "allocate_tables", None)
    if func is None:
        return None

    def call(people: Sequence[Person], size: int, known: set[frozenset[str]], seed: int) -> list[list[str]]:
        result = func(people, size, history=[tuple(sorted(p)) for p in known], seed=seed)
        found = getattr(result, "tables", result)
        return [[str(x) for x in t] for t in found]

    return call


def _greedy(people: Sequence[Person], size: int) -> list[list[str]]:
    """Deal people out like cards, sorted by sector then level, so each table gets a share of every kind."""
    n_tables = max(1, -(-len(people) // size))
    ordered = sorted(people, key=lambda p: (p.sector, p.level, p.organisation, p.id))
    tables: list[list[str]] = [[] for _ in range(n_tables)]
    for i, p in enumerate(ordered):
        tables[i % n_tables].append(p.id)
    return tables


def _clashes(table: Sequence[str], known: set[frozenset[str]]) -> int:
    return sum(frozenset((a, b)) in known for i, a in enumerate(table) for b in table[i + 1 :])


def _swap(tables: list[list[str]], known: set[frozenset[str]], rounds: int = 3) -> list[list[str]]:
    """Swap two people between tables whenever that seats fewer people who already know each other."""
    if not known:
        return tables
    for _ in range(rounds):
        improved = False
        for t1 in range(len(tables)):
            for t2 in range(t1 + 1, len(tables)):
                improved |= _improve_pair(tables, t1, t2, known)
        if not improved:
            break
    return tables


def _improve_pair(tables: list[list[str]], t1: int, t2: int, known: set[frozenset[str]]) -> bool:
    improved = False
    for i in range(len(tables[t1])):
        for j in range(len(tables[t2])):
            before = _clashes(tables[t1], known) + _clashes(tables[t2], known)
            tables[t1][i], tables[t2][j] = tables[t2][j], tables[t1][i]
            if _clashes(tables[t1], known) + _clashes(tables[t2], known) < before:
                improved = True
            else:
                tables[t1][i], tables[t2][j] = tables[t2][j], tables[t1][i]
    return improved


def _mix(
    people: Sequence[Person], tables: Sequence[Sequence[str]], known: set[frozenset[str]]
) -> list[dict[str, Any]]:
    by_id = {p.id: p for p in people}
    report = []
    for t in tables:
        seated = [by_id[x] for x in t if x in by_id]
        report.append(
            {
                "sectors": dict(Counter(p.sector for p in seated)),
                "levels": dict(Counter(p.level for p in seated)),
                "known_pairs": _clashes(t, known),
            }
        )
    return report
