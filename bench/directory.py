"""Directory search with 100,000 people: median and p95 per query, through the real view, signed in.

    .venv/bin/python bench/directory.py [--people 100000] [--repeat 15] [--db /tmp/joinedup-bench-directory.sqlite3]

Seeds a scratch SQLite database once (reference data, then `seed-demo`) and reuses it on later runs. The baseline
is the same view with no search or filter (one page of everyone), measured in the same run.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db", default="/tmp/joinedup-bench-directory.sqlite3")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    client = prepare(args.people)
    results = [(label, measure(client, params, args.repeat)) for label, params in queries()]
    report(results, args)


def prepare(people: int) -> Any:
    from django.core.management import call_command
    from django.test import Client

    from joinedup.accounts.models import User
    from joinedup.people.models import Profile

    call_command("migrate", verbosity=0)
    if Profile.objects.filter(user__email__endswith="@demo.joinedup.invalid").count() != people:
        call_command("load-reference", verbosity=0)
        started = time.monotonic()
        call_command("seed-demo", people=people, seed=1, batch=5000)
        print(f"seeded {people:,} people in {time.monotonic() - started:.0f} s", file=sys.stderr)
    with open(os.devnull, "w") as quiet:
        call_command("demo-accounts", stdout=quiet)
    client = Client()
    client.force_login(User.objects.get(email="participant@demo.joinedup.example"))
    return client


def queries() -> list[tuple[str, dict[str, str]]]:
    from joinedup.people.models import PolicyArea

    housing = str(PolicyArea.objects.get(slug="housing").pk)
    return [
        ("baseline: everyone, page 1", {}),
        ("everyone, page 40 (the last)", {"page": "40"}),
        ("q=housing", {"q": "housing"}),
        ("q=hospital discharge", {"q": "hospital discharge"}),
        ("q=okafor (a surname)", {"q": "okafor"}),
        ("q=zebra (no match: a full scan)", {"q": "zebra"}),
        ("sector=local", {"sector": "local"}),
        ("place=Leeds", {"place": "Leeds"}),
        ("policy_area=housing, level=senior", {"policy_area": housing, "level": "senior"}),
        ("both_sides, sector=central", {"both_sides": "on", "sector": "central"}),
        ("organisation contains 'council'", {"organisation": "council"}),
        ("organisation contains 'leeds'", {"organisation": "leeds"}),
        (
            "q=secondment, place=Leeds, policy area",
            {"q": "secondment", "place": "E08000035", "policy_area": housing},
        ),
    ]


def measure(client: Any, params: dict[str, str], repeat: int) -> list[float]:
    client.get("/people/", params)  # warm the page cache and the query plan
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get("/people/", params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(results: list[tuple[str, list[float]]], args: argparse.Namespace) -> None:
    baseline = statistics.median(results[0][1])
    print(
        f"Directory search, {args.people:,} people, {args.repeat} runs each, SQLite at {Path(args.db).name}"
    )
    print(f"{'query':<45} {'median ms':>10} {'p95 ms':>8} {'x baseline':>11}")
    for label, times in results:
        median = statistics.median(times)
        print(f"{label:<45} {median:>10.1f} {p95(times):>8.1f} {median / baseline:>11.2f}")
    everything = [t for _, times in results for t in times]
    print(f"{'all queries':<45} {statistics.median(everything):>10.1f} {p95(everything):>8.1f}")


if __name__ == "__main__":
    main()
