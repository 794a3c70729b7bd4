"""A causal map: factors, and directed links between them with a polarity.

Plain, immutable data. `CausalMap.build` checks a whole map at once and raises `MapError` listing every
problem with the place it was found (a file line, an element), so an import can be refused whole.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx

OWNER_KINDS = ("central", "local", "community", "other")
# "?" is an indeterminate link: the people drawing the map agree it matters but not which way it pushes.
POLARITIES = ("+", "-", "?")
INDETERMINATE = "?"
# People paste the typographic minus and dashes from documents; they mean "-". "±" means "it depends".
_MINUS_LOOKALIKES = {"\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00b1": "?"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where: `place` is e.g. "links.csv line 4" or "GraphML edge 3"."""

    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class MapError(ValueError):
    """A map (or a file holding one) that cannot be accepted; `problems` names every fault and its place."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Factor:
    """Something that can go up or down. `owner` is who can act on it: central, local, community or other."""

    id: str
    label: str
    owner: str | None = None
    organisation: str = ""
    description: str = ""
    x: float | None = None
    y: float | None = None


@dataclass(frozen=True)
class Link:
    """`source` pushes `target` the same way (`+`) or the opposite way (`-`); `delay` marks a slow effect."""

    source: str
    target: str
    polarity: str
    delay: bool = False
    strength: float = 1.0


def polarity_parse(raw: str) -> str | None:
    """The polarity a person meant by `raw` ("+", "-", or the typographic minus), or None if it is neither."""
    text = _MINUS_LOOKALIKES.get(raw.strip(), raw.strip())
    return text if text in POLARITIES else None


def label_key(label: str) -> str:
    """What makes two factor names the same: case and spacing do not ("Waiting  times" is "waiting times")."""
    return " ".join(label.split()).casefold()


def owner_parse(raw: str | None) -> tuple[str | None, bool]:
    """(owner, ok): blank means not known; anything else must be one of OWNER_KINDS, in any case."""
    text = (raw or "").strip().lower()
    if not text:
        return None, True
    return (text, True) if text in OWNER_KINDS else (None, False)


@dataclass(frozen=True)
class CausalMap:
    factors: tuple[Factor, ...]
    links: tuple[Link, ...]
    _index: dict[str, int] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {f.id: i for i, f in enumerate(self.factors)})

    @classmethod
    def build(
        cls,
        factors: Iterable[Factor],
        links: Iterable[Link],
        *,
        factor_places: Sequence[str] | None = None,
        link_places: Sequence[str] | None = None,
    ) -> "CausalMap":
        """Check everything and return the map, or raise MapError naming every problem and its place."""
        factors, links = tuple(factors), tuple(links)
        fplaces = list(factor_places or [f"factor {i + 1}" for i in range(len(factors))])
        lplaces = list(link_places or [f"link {i + 1}" for i in range(len(links))])
        problems = _factor_problems(factors, fplaces)
        known = {f.id for f in factors}
        problems += _link_problems(links, lplaces, known)
        if problems:
            raise MapError(problems)
        return cls(factors, links)

    def factor(self, factor_id: str) -> Factor:
        return self.factors[self._index[factor_id]]

    def index(self, factor_id: str) -> int:
        return self._index[factor_id]

    def label(self, factor_id: str) -> str:
        return self.factor(factor_id).label

    def graph(self) -> "nx.DiGraph[str]":
        """A networkx DiGraph: nodes in map order, each edge with `polarity`, `delay` and `strength`."""
        g: nx.DiGraph[str] = nx.DiGraph()
        g.add_nodes_from(f.id for f in self.factors)
        for link in self.links:
            g.add_edge(
                link.source, link.target, polarity=link.polarity, delay=link.delay, strength=link.strength
            )
        return g


def _factor_problems(factors: Sequence[Factor], places: Sequence[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    names: dict[str, str] = {}
    for factor, place in zip(factors, places, strict=True):
        if not factor.id.strip():
            problems.append(Problem(place, "the factor has no id"))
        elif factor.id in seen:
            problems.append(Problem(place, f"the factor id {factor.id!r} is used twice"))
        if not factor.label.strip():
            problems.append(Problem(place, f"factor {factor.id!r} has no label"))
        elif label_key(factor.label) in names:
            problems.append(
                Problem(
                    place,
                    f"factor {factor.id!r} has the same name as factor {names[label_key(factor.label)]!r} "
                    f"({factor.label!r}; case and spacing do not make names different)",
                )
            )
        else:
            names[label_key(factor.label)] = factor.id
        if factor.owner is not None and factor.owner not in OWNER_KINDS:
            problems.append(Problem(place, f"owner {factor.owner!r} is not one of {', '.join(OWNER_KINDS)}"))
        seen.add(factor.id)
    return problems


def _link_problems(links: Sequence[Link], places: Sequence[str], known: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for link, place in zip(links, places, strict=True):
        for end in (link.source, link.target):
            if end not in known:
                problems.append(Problem(place, f"the link refers to an unknown factor {end!r}"))
        if link.polarity not in POLARITIES:
            problems.append(Problem(place, f"polarity {link.polarity!r} is not +, - or ?"))
        if not (math.isfinite(link.strength) and link.strength > 0):
            problems.append(Problem(place, f"strength {link.strength!r} must be a positive number"))
        if (link.source, link.target) in seen:
            problems.append(Problem(place, f"a second link from {link.source!r} to {link.target!r}"))
        seen.add((link.source, link.target))
    return problems
