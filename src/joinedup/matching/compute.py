"""The matching app's one seam to the Django-free engine (import-linter checks that only this module imports
joinedup.engine): its people and settings model, rounds, secondments and event tables.

The engine's rounds and secondments bring in scikit-learn and scipy, which web start-up must not load: their
names are looked up on first use (module __getattr__), so import them from here inside the function that runs
them, or under TYPE_CHECKING for annotations. The rest is light and may be imported at the top of a module.

seat_tables gives the engine's tables as plain lists of person ids and a JSON-ready report of each table's mix,
which the services store with the event.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from joinedup.engine.matching.model import (
    KINDS,
    LEVELS,
    PARTS,
    ROLES,
    SECTORS,
    Person,
    RoundSettings,
    Weights,
    settings_for,
)
from joinedup.engine.matching.tables import seat_tables as engine_seat_tables

if TYPE_CHECKING:
    from joinedup.engine.matching import secondments
    from joinedup.engine.matching.rounds import Pair, RoundResult, check_round, run_round
    from joinedup.engine.matching.secondments import (
        compatibility,
        deferred_acceptance,
        host_preferences,
        max_compatibility,
        unplaced_reasons,
    )

__all__ = [
    "KINDS",
    "LEVELS",
    "PARTS",
    "ROLES",
    "SECTORS",
    "Pair",
    "Person",
    "RoundResult",
    "RoundSettings",
    "Seating",
    "Weights",
    "check_round",
    "compatibility",
    "deferred_acceptance",
    "engine_seat_tables",
    "host_preferences",
    "max_compatibility",
    "run_round",
    "seat_tables",
    "secondments",
    "settings_for",
    "unplaced_reasons",
]
_FROM_ROUNDS = {"Pair", "RoundResult", "check_round", "run_round"}
_FROM_SECONDMENTS = {
    "compatibility",
    "deferred_acceptance",
    "host_preferences",
    "max_compatibility",
    "unplaced_reasons",
}


def __getattr__(name: str) -> Any:
    """The heavy parts of the engine, loaded when first asked for (never at web start-up)."""
    if name in _FROM_ROUNDS:
        from joinedup.engine.matching import rounds

        return getattr(rounds, name)
    if name == "secondments" or name in _FROM_SECONDMENTS:
        from joinedup.engine.matching import secondments as module

        return module if name == "secondments" else getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
