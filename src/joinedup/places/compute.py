"""The places app's one seam to the Django-free engine (import-linter checks that only this module imports
joinedup.engine): places like mine, the nearest councils on public statistics, explained factor by factor."""

from joinedup.engine.places import (
    CATEGORY_WEIGHTS,
    NUMBER_WEIGHTS,
    CouncilStats,
    Factor,
    Neighbour,
    place_compare,
    places_like,
)

__all__ = [
    "CATEGORY_WEIGHTS",
    "NUMBER_WEIGHTS",
    "CouncilStats",
    "Factor",
    "Neighbour",
    "place_compare",
    "places_like",
]
