"""The plain records a matching round works on: people, weights and round settings.

Everything here is immutable plain data so the app's services can build it from the database and the command
line can build it from CSV files, and the engine never needs to know which.
"""

from dataclasses import dataclass, field, replace
from typing import Any

SECTORS = ("central", "local", "other")
# Ordered by seniority: a mentor must sit further along this tuple than the mentee.
LEVELS = ("frontline", "manager", "senior")
ROLES = ("", "mentor", "mentee")
KINDS = ("coffee", "peers", "mentoring")
LINE_RULES = ("cross", "any")
PARTS = ("policy_areas", "places", "text", "experience", "level")


@dataclass(frozen=True)
class Person:
    """One participant. `experience` holds the sectors of past jobs (career history), `role` is for mentoring."""

    id: str
    sector: str
    organisation: str
    level: str
    places: tuple[str, ...] = ()
    policy_areas: tuple[str, ...] = ()
    offers: str = ""
    seeks: str = ""
    experience: frozenset[str] = frozenset()
    role: str = ""
    name: str = ""
    # Asked to meet in a group of three: seated as the third member of a pair where the round makes groups.
    wants_group: bool = False

    def __post_init__(self) -> None:
        if self.sector not in SECTORS:
            raise ValueError(f"{self.id}: unknown sector {self.sector!r}")
        if self.level not in LEVELS:
            raise ValueError(f"{self.id}: unknown level {self.level!r}")
        if self.role not in ROLES:
            raise ValueError(f"{self.id}: unknown role {self.role!r}")

    @property
    def text_key(self) -> str:
        """What the text vectors depend on: a change here means the cached vectors are stale."""
        return f"{self.offers}\x1f{self.seeks}"


@dataclass(frozen=True)
class Weights:
    """How much each part of compatibility counts. Each part lies roughly in [0, 1] before weighting."""

    policy_areas: float = 1.0
    places: float = 1.0
    text: float = 1.0
    experience: float = 0.5
    level: float = 0.25

    def as_dict(self) -> dict[str, float]:
        return {part: float(getattr(self, part)) for part in PARTS}


@dataclass(frozen=True)
class RoundSettings:
    """The settings of one round.

    line_rule "cross" pairs central with local people only (a bipartite graph); "any" pairs anyone with anyone
    outside their own organisation (a general graph, solved exactly by networkx's blossom algorithm, so meant for
    rounds of a few thousand people at most).
    """

    kind: str = "coffee"
    weights: Weights = field(default_factory=Weights)
    line_rule: str = "cross"
    k: int = 50
    seed: int = 0
    trios: bool = True
    text_dims: int = 64
    search: str = "auto"  # auto | exact | ivf
    n_probe: int = 24

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown round kind {self.kind!r} (expected one of {', '.join(KINDS)})")
        if self.line_rule not in LINE_RULES:
            raise ValueError(f"unknown line rule {self.line_rule!r}")
        if self.search not in ("auto", "exact", "ivf"):
            raise ValueError(f"unknown search {self.search!r}")
        if self.k < 1:
            raise ValueError("k must be at least 1")


def settings_for(kind: str, **overrides: Any) -> RoundSettings:
    """The default settings of a round kind, with any field overridden.

    Mentoring leans on what one offers and the other seeks, and scores a one-step gap in seniority highest;
    mentoring is one-to-one, so it makes no groups of three.
    """
    if kind == "mentoring":
        base = RoundSettings(
            kind=kind,
            weights=Weights(policy_areas=1.0, places=0.5, text=1.5, experience=0.5, level=1.0),
            trios=False,
        )
    else:
        base = RoundSettings(kind=kind)
    return replace(base, **overrides)
