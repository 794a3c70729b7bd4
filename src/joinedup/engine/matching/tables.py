"""Event tables: seat registrants at tables of a given size so each table mixes sectors and levels, and people
who have met (or share an organisation) sit apart.

The cost of a seating counts, over all tables, the pairs of people at the same table who share a sector, share a
level, share an organisation, or have met, each kind of pair with its weight. Spreading a sector evenly is the
same as minimising its same-table pairs, so one count serves every goal. A greedy start deals people, sorted by
sector, level and organisation, round the tables in a snake; local search then tries random swaps between two
tables and keeps each one that does not raise the cost. Table sizes differ by at most one. Deterministic for a seed.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from joinedup.engine.matching.model import Person

WEIGHTS = {"met": 3.0, "organisation": 2.0, "sector": 1.0, "level": 0.5}
_ATTRS = ("sector", "level", "organisation")


@dataclass
class Table:
    """One table and its mix: counts by sector and level, and the pairs who have met or share an organisation."""

    number: int
    people: list[str]
    sectors: dict[str, int]
    levels: dict[str, int]
    met_pairs: int
    same_organisation_pairs: int


def seat_tables(
    people: Sequence[Person],
    size: int,
    *,
    history: Iterable[tuple[str, str]] = (),
    seed: int = 0,
    iterations: int | None = None,
) -> list[Table]:
    """Tables of at most `size` people (at least ceil(n / size) tables, sizes within one of each other)."""
    if size < 2:
        raise ValueError("a table seats at least two people")
    if not people:
        return []
    state = _State(people, size, history)
    state.improve(
        np.random.default_rng(seed), iterations if iterations is not None else min(40 * len(people), 400_000)
    )
    return state.tables()


class _State:
    def __init__(self, people: Sequence[Person], size: int, history: Iterable[tuple[str, str]]) -> None:
        self.people = list(people)
        index = {p.id: i for i, p in enumerate(self.people)}
        self.met: list[set[int]] = [set() for _ in self.people]
        for a, b in history:
            if a in index and b in index and a != b:
                self.met[index[a]].add(index[b])
                self.met[index[b]].add(index[a])
        self.n_tables = -(-len(self.people) // size)
        self.table = self._greedy()
        self.counts = [defaultdict(Counter) for _ in range(self.n_tables)]  # type: list[defaultdict[str, Counter[str]]]
        for i, t in enumerate(self.table):
            for attr in _ATTRS:
                self.counts[t][attr][getattr(self.people[i], attr)] += 1

    def _greedy(self) -> list[int]:
        """Deal people sorted by sector, level and organisation round the tables, back and forth."""
        order = sorted(
            range(len(self.people)),
            key=lambda i: (self.people[i].sector, self.people[i].level, self.people[i].organisation, i),
        )
        table = [0] * len(self.people)
        for position, i in enumerate(order):
            lap, offset = divmod(position, self.n_tables)
            table[i] = offset if lap % 2 == 0 else self.n_tables - 1 - offset
        return table

    def improve(self, rng: np.random.Generator, iterations: int) -> None:
        if self.n_tables < 2:
            return
        picks = rng.integers(0, len(self.people), size=(iterations, 2))
        for p, q in picks.tolist():
            if self.table[p] != self.table[q] and self._delta(p, q) <= 0:
                self._swap(p, q)

    def _delta(self, p: int, q: int) -> float:
        a, b = self.table[p], self.table[q]
        pp, qq = self.people[p], self.people[q]
        delta = 0.0
        for attr in _ATTRS:
            vp, vq = getattr(pp, attr), getattr(qq, attr)
            if vp != vq:
                ca, cb = self.counts[a][attr], self.counts[b][attr]
                delta += WEIGHTS[attr] * ((cb[vp] - ca[vp] + 1) + (ca[vq] - cb[vq] + 1))
        met = (
            self._met_at(p, b)
            - self._met_at(p, a)
            + self._met_at(q, a)
            - self._met_at(q, b)
            - 2 * (q in self.met[p])
        )
        return delta + WEIGHTS["met"] * met

    def _met_at(self, person: int, table: int) -> int:
        return sum(1 for other in self.met[person] if self.table[other] == table)

    def _swap(self, p: int, q: int) -> None:
        a, b = self.table[p], self.table[q]
        for attr in _ATTRS:
            vp, vq = getattr(self.people[p], attr), getattr(self.people[q], attr)
            self.counts[a][attr][vp] -= 1
            self.counts[b][attr][vp] += 1
            self.counts[b][attr][vq] -= 1
            self.counts[a][attr][vq] += 1
        self.table[p], self.table[q] = b, a

    def cost(self) -> float:
        pairs = sum(
            WEIGHTS[attr] * sum(c * (c - 1) // 2 for c in counts[attr].values())
            for counts in self.counts
            for attr in _ATTRS
        )
        met = sum(
            1 for i, others in enumerate(self.met) for j in others if i < j and self.table[i] == self.table[j]
        )
        return pairs + WEIGHTS["met"] * met

    def tables(self) -> list[Table]:
        seated: list[list[int]] = [[] for _ in range(self.n_tables)]
        for i, t in enumerate(self.table):
            seated[t].append(i)
        return [self._table(n, members) for n, members in enumerate(seated)]

    def _table(self, number: int, members: list[int]) -> Table:
        here = set(members)
        orgs = Counter(self.people[i].organisation for i in members)
        return Table(
            number=number + 1,
            people=[self.people[i].id for i in members],
            sectors=dict(sorted(Counter(self.people[i].sector for i in members).items())),
            levels=dict(sorted(Counter(self.people[i].level for i in members).items())),
            met_pairs=sum(1 for i in members for j in self.met[i] if j in here and i < j),
            same_organisation_pairs=sum(c * (c - 1) // 2 for c in orgs.values()),
        )


def seating_cost(
    people: Sequence[Person], tables: Sequence[Table], history: Iterable[tuple[str, str]] = ()
) -> float:
    """The cost of any seating, computed from scratch (for tests and baselines)."""
    by_id = {p.id: p for p in people}
    met = {frozenset(pair) for pair in history}
    total = 0.0
    for t in tables:
        members = [by_id[i] for i in t.people]
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                total += sum(WEIGHTS[attr] for attr in _ATTRS if getattr(a, attr) == getattr(b, attr))
                total += WEIGHTS["met"] * (frozenset((a.id, b.id)) in met)
    return total


def seat(
    people: Sequence[Person], size: int, *, history: Iterable[tuple[str, str]] = (), seed: int = 0
) -> list[list[str]]:
    """Just the seating, as lists of person ids (the site's adapter asks for this shape)."""
    return [t.people for t in seat_tables(people, size, history=history, seed=seed)]
