"""Generate a people CSV for the matching benchmarks (the import-people columns), half central and half local.

    .venv/bin/python bench/matching_data.py --people 100000 --seed 1 --out /tmp/people-100k.csv

Real GSS codes and regions from the packaged reference data; central people work in one of 40 departments,
local people in the council of one of their places; offers and seeks are sentences built from policy phrases, so
nearly every text is different (the benchmark cannot lean on duplicate texts).
"""

import argparse
import csv
import random
from pathlib import Path

from joinedup.matching.csvio import load_regions

AREAS = [
    "children's services", "adult social care", "housing", "health", "crime and justice", "employment and skills",
    "climate and environment", "transport", "economic growth", "public health", "community cohesion",
    "digital and data",
]  # fmt: skip
TOPICS = {
    "children's services": [
        "early help",
        "care leavers",
        "foster placements",
        "SEND transport",
        "family hubs",
    ],
    "adult social care": ["hospital discharge", "home care markets", "carers' support", "care workforce"],
    "housing": ["temporary accommodation", "empty homes", "social rent", "rough sleeping", "planning reform"],
    "health": ["integrated care boards", "waiting lists", "primary care access", "mental health crisis care"],
    "crime and justice": [
        "youth diversion",
        "probation handovers",
        "serious violence duty",
        "domestic abuse",
    ],
    "employment and skills": [
        "adult skills funding",
        "apprenticeships",
        "jobcentre partnerships",
        "NEET young people",
    ],
    "climate and environment": ["retrofit of homes", "flood resilience", "net zero plans", "air quality"],
    "transport": ["bus franchising", "active travel", "rural transport", "rail devolution"],
    "economic growth": ["high streets", "inward investment", "local growth plans", "freeports"],
    "public health": ["smoking cessation", "obesity", "drug and alcohol services", "health inequalities"],
    "community cohesion": ["refugee resettlement", "volunteering", "community hubs", "faith groups"],
    "digital and data": ["data sharing agreements", "digital inclusion", "shared records", "AI in casework"],
}
OFFER = [
    "I can share how we {verb} {topic} in {place}", "Happy to explain {topic} from the {side} side",
    "Experience of {verb_ing} {topic}, including what went wrong", "I know the funding rules for {topic}",
    "Can offer a view of how ministers see {topic}", "I have run a pilot on {topic} with {partner}",
]  # fmt: skip
SEEK = [
    "Looking to understand how {other} colleagues handle {topic}", "Want to learn about {topic} in practice",
    "Hoping to meet someone who has worked on {topic} in {place}", "Keen to test ideas on {topic}",
    "Need a contact who knows {topic} and {topic2}", "Would like advice on {verb_ing} {topic}",
]  # fmt: skip
VERBS = [
    ("commission", "commissioning"),
    ("fund", "funding"),
    ("evaluate", "evaluating"),
    ("redesign", "redesigning"),
]
PARTNERS = ["the NHS", "the police", "a housing association", "the voluntary sector", "a university", "DWP"]
LEVELS = ["frontline"] * 3 + ["manager"] * 5 + ["senior"] * 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write(args.out, args.people, args.seed)
    print(f"wrote {args.people} people to {args.out}")


def write(path: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    places = sorted(load_regions())
    departments = [f"department-{i:02d}" for i in range(40)]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "id",
                "name",
                "email",
                "sector",
                "organisation",
                "level",
                "places",
                "policy_areas",
                "offers",
                "seeks",
            ]
        )
        for i in range(n):
            out.writerow(_row(rng, i, places, departments))


def _row(rng: random.Random, i: int, places: list[str], departments: list[str]) -> list[str]:
    sector = "central" if i % 2 == 0 else "local"
    known = rng.sample(places, rng.choice([1, 1, 2, 3]))
    organisation = rng.choice(departments) if sector == "central" else f"council-{known[0]}"
    areas = rng.sample(AREAS, rng.choice([1, 2, 2, 3]))
    return [
        f"p{i}", f"Person {i}", "", sector, organisation, rng.choice(LEVELS), ";".join(known), ";".join(areas),
        _sentence(rng, OFFER, areas, sector), _sentence(rng, SEEK, areas, sector),
    ]  # fmt: skip


def _sentence(rng: random.Random, templates: list[str], areas: list[str], sector: str) -> str:
    topics = [rng.choice(TOPICS[a]) for a in areas] + [rng.choice(TOPICS[rng.choice(AREAS)])]
    verb, verb_ing = rng.choice(VERBS)
    fields = {
        "topic": topics[0], "topic2": topics[-1], "verb": verb, "verb_ing": verb_ing,
        "place": rng.choice(["the north", "a county", "a London borough", "a city region", "a rural district"]),
        "side": sector, "other": "local" if sector == "central" else "central", "partner": rng.choice(PARTNERS),
    }  # fmt: skip
    first = rng.choice(templates).format(**fields)
    fields["topic"] = topics[-1]
    return f"{first}. {rng.choice(templates).format(**fields)}."


if __name__ == "__main__":
    main()
