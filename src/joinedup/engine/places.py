"""Places like mine: the councils nearest to a council on public statistics, explained factor by factor.

Plain Python, no Django (and no numpy: 400 councils need none). The statistics are those Joined Up ships with their licence (mySociety's UK
local authority names and codes, CC BY 4.0): population (2020), area, the type of council and its nation. From
them come five factors:

- population, as log10 (a council twice the size is as far away whether it has 100,000 or 1,000,000 people);
- population density (people per km², log10): the shipped stand-in for rurality, since the official rural-urban
  classification is not in the shipped data;
- tier (single-tier, lower-tier district, upper-tier county), type (metropolitan district, London borough, …) and
  nation (England, Wales, Scotland, Northern Ireland: different laws and funding).

Deprivation is not compared: the shipped data has no deprivation figures (the indices of deprivation are
separate, per nation, and not shipped).

The two numbers are standardised (z-scores over the councils compared), so one standard deviation of either counts
the same; each categorical factor that differs adds a fixed amount in the same units (CATEGORY_WEIGHTS). The
distance is the square root of the weighted sum of squares, over the factors known for both councils, rescaled
to all the weights so that a council with an unknown figure is neither nearer nor further for it.
"""

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

# What counts as alike, in the z-score units of the two numbers: councils of a different tier are as far apart as
# one standard deviation of log population; a different nation a little less; a different type within the tier
# (a metropolitan district and a unitary authority) half that.
NUMBER_WEIGHTS = {"population": 1.0, "density": 1.0}
CATEGORY_WEIGHTS = {"tier": 1.0, "type": 0.5, "nation": 0.75}

TIER_OF_KIND = {
    "UA": "single-tier",
    "MD": "single-tier",
    "LBO": "single-tier",
    "CC": "single-tier",
    "SCO": "single-tier",
    "WPA": "single-tier",
    "NID": "single-tier",
    "NMD": "lower-tier district",
    "CTY": "upper-tier county",
    "COMB": "combined authority",
    "SRA": "combined authority",
}


@dataclass(frozen=True)
class CouncilStats:
    """One council's public statistics; None where the source has no figure."""

    key: str
    name: str
    kind: str
    kind_name: str
    nation: str
    population: int | None
    area_km2: float | None

    @property
    def tier(self) -> str:
        return TIER_OF_KIND.get(self.kind, "other")

    @property
    def density(self) -> float | None:
        if not self.population or not self.area_km2:
            return None
        return self.population / self.area_km2


@dataclass(frozen=True)
class Factor:
    """One factor of a comparison: its name, whether the two councils are alike on it, and why in words."""

    name: str
    alike: bool
    reason: str


@dataclass(frozen=True)
class Neighbour:
    key: str
    name: str
    distance: float
    rank: int  # 1 for the nearest
    out_of: int  # how many councils were ranked
    factors: list[Factor]

    @property
    def alike(self) -> list[Factor]:
        return [f for f in self.factors if f.alike]

    @property
    def different(self) -> list[Factor]:
        return [f for f in self.factors if not f.alike]


def _pool(places: Sequence[CouncilStats], target: CouncilStats) -> list[CouncilStats]:
    """Combined authorities are compared with combined authorities, councils with councils; a council without
    a population or an area is not ranked (its place in the order would be a guess)."""
    combined = target.tier == "combined authority"
    return [
        p
        for p in places
        if (p.tier == "combined authority") == combined and p.density is not None or p is target
    ]


def _zscores(values: list[float | None]) -> list[float | None]:
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return [0.0 if v is not None else None for v in values]
    mean, spread = statistics.fmean(known), statistics.pstdev(known) or 1.0
    return [None if v is None else (v - mean) / spread for v in values]


def _log(value: float | None) -> float | None:
    return math.log10(value) if value else None


def place_distances(places: Sequence[CouncilStats], target_key: str) -> list[tuple[CouncilStats, float]]:
    """Every other council in the target's pool with its distance from the target, nearest first (ties by name)."""
    by_key = {p.key: p for p in places}
    target = by_key[target_key]
    if target.density is None:
        return []
    pool = _pool(places, target)
    population = _zscores([_log(p.population) for p in pool])
    density = _zscores([_log(p.density) for p in pool])
    index = {p.key: i for i, p in enumerate(pool)}
    t = index[target_key]
    out = []
    for i, other in enumerate(pool):
        if i == t:
            continue
        squares = 0.0
        for name, column in (("population", population), ("density", density)):
            a, b = column[t], column[i]
            assert a is not None and b is not None  # the pool holds only councils with both figures
            squares += NUMBER_WEIGHTS[name] * (a - b) ** 2
        for name, same in (
            ("tier", target.tier == other.tier),
            ("type", target.kind == other.kind),
            ("nation", target.nation == other.nation),
        ):
            squares += 0.0 if same else CATEGORY_WEIGHTS[name]
        out.append((other, math.sqrt(squares)))
    out.sort(key=lambda pair: (pair[1], pair[0].name))
    return out


def places_like(places: Sequence[CouncilStats], target_key: str, k: int = 10) -> list[Neighbour]:
    """The k councils nearest the target, each with the factors that make it alike or different."""
    target = {p.key: p for p in places}[target_key]
    ranked = place_distances(places, target_key)
    return [
        Neighbour(other.key, other.name, round(d, 3), rank, len(ranked), place_factors(target, other))
        for rank, (other, d) in enumerate(ranked[:k], start=1)
    ]


def place_compare(places: Sequence[CouncilStats], target_key: str, other_key: str) -> Neighbour | None:
    """How `other` compares with the target: its distance, its rank among the target's pool (1 = nearest) and
    the factors. None when the two are not in the same pool (a council and a combined authority)."""
    if target_key == other_key:
        return None
    target = {p.key: p for p in places}[target_key]
    ranked = place_distances(places, target_key)
    for rank, (other, d) in enumerate(ranked, start=1):
        if other.key == other_key:
            return Neighbour(
                other.key, other.name, round(d, 3), rank, len(ranked), place_factors(target, other)
            )
    return None


def place_factors(a: CouncilStats, b: CouncilStats) -> list[Factor]:
    """Factor by factor, in words, of b ("there") against a ("here"): "population within 10%", "the same tier
    (single-tier)"."""
    factors = []
    population = _ratio_factor("Population", a.population, b.population, "people")
    if population is not None:
        factors.append(population)
    density = _ratio_factor("Population density", a.density, b.density, "people per km²")
    if density is not None:
        factors.append(density)
    factors.append(_same("Tier", a.tier, b.tier))
    factors.append(_same("Type", a.kind_name, b.kind_name))
    factors.append(_same("Nation", a.nation, b.nation))
    return factors


# Within this ratio two figures count as alike (1.25: the larger is at most a quarter bigger).
ALIKE_RATIO = 1.25


def _ratio_factor(name: str, a: float | None, b: float | None, unit: str) -> Factor | None:
    if not a or not b:
        return None
    ratio = max(a, b) / min(a, b)
    figures = f"{_figure(b)} there, {_figure(a)} here, {unit}"
    if ratio <= 1.1:
        words = "within 10%"
    elif ratio <= ALIKE_RATIO:
        words = "within 25%"
    else:
        words = f"{ratio:.1f} times {'higher' if b > a else 'lower'}"
    return Factor(name, ratio <= ALIKE_RATIO, f"{name.lower()} {words} ({figures})")


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:,.1f}"


def _same(name: str, a: str, b: str) -> Factor:
    if a == b:
        return Factor(name, True, f"the same {name.lower()} ({a})")
    return Factor(name, False, f"a different {name.lower()} ({b}, not {a})")
