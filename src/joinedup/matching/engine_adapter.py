"""A thin seam between the site and the matching engine's event tables: the engine's tables as plain lists of
person ids and a JSON-ready report of each table's mix, which the services store with the event."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from joinedup.engine.matching.model import Person
from joinedup.engine.matching.tables import seat_tables as engine_seat_tables


@dataclass
class Seating:
    tables: list[list[str]]
    mix: list[dict[str, Any]] = field(default_factory=list)


def seat_tables(
    people: Sequence[Person], size: int, known: Iterable[tuple[str, str]] = (), seed: int = 0
) -> Seating:
    """Split `people` into tables of at most `size`, mixing sectors and levels, keeping known pairs apart."""
    tables = engine_seat_tables(people, size, history=list(known), seed=seed)
    mix = [
        {
            "sectors": dict(t.sectors),
            "levels": dict(t.levels),
            "known_pairs": t.met_pairs,
            "same_organisation_pairs": t.same_organisation_pairs,
        }
        for t in tables
    ]
    return Seating([list(t.people) for t in tables], mix)
