"""Directory search with 100,000 people: median and p95 per query, through the real view, signed in.

    .venv/bin/python bench/directory.py [--people 100000] [--repeat 15] [--db /tmp/joinedup-bench-directory.sqlite3]
    .venv/bin/python bench/directory.py --database-url postgres://postgres@127.0.0.1:5432/bench_directory

Seeds a scratch database once (reference data, then `seed-demo`) and reuses it on later runs (a PostgreSQL
database must exist; it is migrated and seeded like the SQLite file). Two baselines, both measured in the same run:
the same view with no search or filter (one page of everyone), and, for every free-text query, the old search path
(a LIKE per word over every profile's search_text) in place of the full-text index.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any
from unittest import mock


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db", default="/tmp/joinedup-bench-directory.sqlite3", help="SQLite file")
    parser.add_argument("--database-url", default="", help="Another database instead (PostgreSQL)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    client = prepare(args.people)
    print(f"load before: {uptime()}")
    results = []
    for label, params in queries():
        indexed = measure(client, params, args.repeat)
        like = measure(client, params, args.repeat, old_like_search()) if "q" in params else None
        results.append((label, indexed, like))
    print(f"load after: {uptime()}")
    report(results, args)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


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


def old_like_search() -> AbstractContextManager[Any]:
    """The directory's text search as it was before the full-text index: a LIKE per word on every row, then the
    matches sorted by name (what profile_directory_search did)."""
    from joinedup.people import selectors
    from joinedup.people.textsearch import search_words

    def like(qs: Any, text: str) -> Any:
        return selectors._order_matches(selectors.profiles_matching_text_by_like(qs, search_words(text)))

    return mock.patch.object(selectors, "profiles_matching_text", like)


def queries() -> list[tuple[str, dict[str, str]]]:
    from joinedup.people.models import PolicyArea

    housing = str(PolicyArea.objects.get(slug="housing").pk)
    return [
        ("baseline: everyone, page 1", {}),
        ("everyone, page 40 (the last)", {"page": "40"}),
        ("q=housing", {"q": "housing"}),
        ("q=hous (a prefix)", {"q": "hous"}),
        ("q=h (one letter: the widest prefix)", {"q": "h"}),
        ("q=hospital discharge", {"q": "hospital discharge"}),
        ("q=okafor (a surname)", {"q": "okafor"}),
        ("q=zebra (no match)", {"q": "zebra"}),
        ('q="housing" AND -care* (operators as text)', {"q": '"housing" AND -care*'}),
        ("q=housing, page 40", {"q": "housing", "page": "40"}),
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


def measure(
    client: Any, params: dict[str, str], repeat: int, patch: AbstractContextManager[Any] | None = None
) -> list[float]:
    with patch or nullcontext():
        client.get("/people/", params)  # warm the page cache and the query plan
        return [timed(lambda: client.get("/people/", params)) for _ in range(repeat)]


def timed(request: Callable[[], Any]) -> float:
    started = time.perf_counter()
    response = request()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def report(results: list[tuple[str, list[float], list[float] | None]], args: argparse.Namespace) -> None:
    from django.db import connection

    from joinedup.people.models import Profile

    baseline = statistics.median(results[0][1])
    where = args.database_url.rsplit("@", 1)[-1] if args.database_url else args.db
    print(
        f"Directory search, {Profile.objects.count():,} profiles, {args.repeat} runs each, "
        f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''} "
        f"at {where}"
    )
    print(
        f"| {'query':<45} | {'median ms':>9} | {'p95 ms':>8} | {'x everyone':>10} "
        f"| {'LIKE median':>11} | {'LIKE p95':>8} | {'LIKE / index':>12} |"
    )
    for label, times, like in results:
        median = statistics.median(times)
        line = f"| {label:<45} | {median:>9.1f} | {p95(times):>8.1f} | {median / baseline:>10.2f} "
        if like:
            like_median = statistics.median(like)
            line += f"| {like_median:>11.1f} | {p95(like):>8.1f} | {like_median / median:>12.1f} |"
        else:
            line += f"| {'':>11} | {'':>8} | {'':>12} |"
        print(line)
    indexed = [t for _, times, _ in results for t in times]
    text = [t for label, times, like in results if like for t in times]
    old = [t for _, _, like in results if like for t in like]
    print(f"all queries (index): median {statistics.median(indexed):.1f} ms, p95 {p95(indexed):.1f} ms")
    print(f"text queries (index): median {statistics.median(text):.1f} ms, p95 {p95(text):.1f} ms")
    print(f"text queries (old LIKE): median {statistics.median(old):.1f} ms, p95 {p95(old):.1f} ms")


if __name__ == "__main__":
    main()
