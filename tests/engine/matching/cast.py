"""Random but reproducible populations for the matching engine's tests (no database)."""

import numpy as np

from joinedup.engine.matching.model import LEVELS, Person

AREAS = ["housing", "health", "transport", "children", "skills", "climate", "justice", "digital"]
PLACES = {
    "E08000035": "Yorkshire",
    "E08000036": "Yorkshire",
    "E06000001": "North East",
    "E09000001": "London",
    "E09000002": "London",
    "E07000001": "South West",
}
PHRASES = [
    "housing delivery and homelessness prevention",
    "integrating health and social care",
    "bus franchising",
    "early help for families",
    "adult skills funding",
    "net zero retrofit of homes",
    "youth justice diversion",
    "data sharing between agencies",
    "policy design in Whitehall",
    "spending review bids",
]


def population(n: int, seed: int = 0, orgs: int = 20, other: int = 0) -> list[Person]:
    rng = np.random.default_rng(seed)
    people = []
    for i in range(n):
        sector = "central" if i % 2 == 0 else "local"
        people.append(
            Person(
                id=f"p{i}",
                sector="other" if i < other else sector,
                organisation=f"{sector}-org-{rng.integers(orgs)}",
                level=LEVELS[int(rng.integers(3))],
                places=tuple(rng.choice(list(PLACES), size=int(rng.integers(0, 3)), replace=False)),
                policy_areas=tuple(rng.choice(AREAS, size=int(rng.integers(1, 4)), replace=False)),
                offers=" and ".join(rng.choice(PHRASES, size=2, replace=False)),
                seeks=" and ".join(rng.choice(PHRASES, size=2, replace=False)),
                experience=frozenset({"local"}) if rng.random() < 0.2 else frozenset(),
            )
        )
    return people
