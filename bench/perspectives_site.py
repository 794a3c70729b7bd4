"""How soon a vote shows in a conversation's report while votes arrive at 50 per second.

    .venv/bin/python bench/perspectives_site.py [--participants 1000] [--statements 100] [--rate 50]
        [--seconds 30] [--database-url postgres://postgres@127.0.0.1:5432/bench_perspectives]

A conversation is pre-loaded with votes; then one thread casts votes through the service layer at the
given rate (each one queues a debounced recomputation, as a vote through the page does) while another
runs the job queue as the worker process does (polling every second when idle). A vote counts as
reflected once a report that read the votes after it was cast is published. Prints the lag from vote to
report (median, 95th percentile, maximum), the number of recomputations and the time each took.
The default database is a fresh SQLite file; pass --database-url for PostgreSQL (the database is created).
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--statements", type=int, default=100)
    parser.add_argument("--rate", type=float, default=50.0, help="votes per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--voters", type=int, default=4, help="threads casting votes, like web processes")
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


ARGS = parse()
WORK = Path(tempfile.mkdtemp(prefix="perspectives-site-bench-"))
os.environ["DATABASE_URL"] = ARGS.database_url or f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
os.environ.setdefault("AXES_ENABLED", "false")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from joinedup.accounts.models import User  # noqa: E402
from joinedup.jobs.services import job_run_next  # noqa: E402
from joinedup.perspectives import services  # noqa: E402
from joinedup.perspectives.models import Participant, Vote  # noqa: E402
from joinedup.situations.models import Perspective  # noqa: E402
from joinedup.situations.services import situation_create  # noqa: E402

SIDES = ["central", "local", "frontline", "service_user", "partner"]


def create_database() -> None:
    """For PostgreSQL, create the named database if it is missing (through the maintenance database)."""
    if connection.vendor != "postgresql":
        return
    import psycopg

    settings = connection.settings_dict
    name = settings["NAME"]
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"], dbname="postgres",
        autocommit=True,
    ) as admin:  # fmt: skip
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def build(rng: np.random.Generator) -> tuple[object, list[Participant], list[int]]:
    call_command("migrate", verbosity=0)
    user = User.objects.create_user(
        email=f"bench{time.time_ns()}@example.gov.uk", password="x" * 20, name="B"
    )
    situation = situation_create(
        created_by=user, title="Bench", framing="Bench", perspective=Perspective.LOCAL
    )
    conversation = services.conversation_create(
        situation=situation,
        created_by=user,
        title="Bench",
        question="Bench?",
        seed_statements=[f"Statement number {n}." for n in range(ARGS.statements)],
        anonymous_enabled=True,
    )
    first = conversation.participants.count()  # the convener, as author of the seed statements
    Participant.objects.bulk_create(
        [
            Participant(conversation=conversation, number=first + n, anonymous_key=f"k{conversation.pk}-{n}",
                        perspective=SIDES[n % len(SIDES)])
            for n in range(ARGS.participants)
        ]
    )  # fmt: skip
    people = list(conversation.participants.filter(number__gte=first).order_by("number"))
    statements = list(conversation.statements.order_by("number").values_list("pk", flat=True))
    # Two camps plus noise, each person voting on about 40 % of the statements.
    camp = rng.integers(0, 2, ARGS.participants)
    lean = np.where(rng.random(ARGS.statements) < 0.5, 1, -1)
    now = timezone.now()
    rows = []
    for i, p in enumerate(people):
        for j in np.flatnonzero(rng.random(ARGS.statements) < 0.4):
            value = int(lean[j] * (1 if camp[i] else -1)) if rng.random() < 0.8 else int(rng.integers(-1, 2))
            rows.append(Vote(participant=p, statement_id=statements[j], value=value, voted_at=now))
    Vote.objects.bulk_create(rows, batch_size=5000)
    services.report_compute(conversation=conversation)
    return conversation, people, statements


def voter(k: int, people: list[Participant], statements: list[int], queue: object) -> None:
    """Cast votes at this process's share of the rate; send back when each was committed."""
    local = np.random.default_rng(100 + k)
    rate = ARGS.rate / ARGS.voters
    times = []
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < ARGS.seconds:
        time.sleep(max(0.0, start + n / rate - time.perf_counter()))
        p = people[int(local.integers(len(people)))]
        services.vote_cast(participant=p, statement_id=statements[int(local.integers(len(statements)))],
                           value=int(local.integers(-1, 2)))  # fmt: skip
        times.append(time.perf_counter())  # CLOCK_MONOTONIC: comparable across processes on Linux
        n += 1
    connections.close_all()
    queue.put(times)  # type: ignore[attr-defined]


def main() -> None:
    create_database()
    rng = np.random.default_rng(1)
    conversation, people, statements = build(rng)
    preloaded = Vote.objects.filter(participant__conversation=conversation).count()
    cast_times: list[float] = []
    published: list[tuple[float, float, float]] = []  # (read started, published, seconds computing)
    stop = threading.Event()
    read_started = threading.local()
    original = services.report._votes_of

    def timed_votes_of(c: object) -> object:
        read_started.t = time.perf_counter()
        return original(c)  # type: ignore[arg-type]

    services.report._votes_of = timed_votes_of  # type: ignore[assignment]

    def worker() -> None:
        while not stop.is_set():
            job = job_run_next()
            if job is None:
                time.sleep(1.0)  # the worker command's default poll
            elif job.status == "done":
                done = time.perf_counter()
                published.append((read_started.t, done, done - read_started.t))
        connections.close_all()

    # Voters are separate processes, as web processes are; the worker runs here, as its own process does.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    voters = [context.Process(target=voter, args=(k, people, statements, queue)) for k in range(ARGS.voters)]
    runner = threading.Thread(target=worker)
    for t in [*voters, runner]:
        t.start()
    for _ in voters:
        cast_times.extend(queue.get())
    for t in voters:
        t.join()
    cast_times.sort()
    deadline = time.perf_counter() + 20
    while time.perf_counter() < deadline and (not published or published[-1][0] < cast_times[-1]):
        time.sleep(0.2)
    stop.set()
    runner.join()
    report(preloaded, cast_times, published)


def report(preloaded: int, cast_times: list[float], published: list[tuple[float, float, float]]) -> None:
    lags = []
    for t in cast_times:
        after = [pub for read, pub, _ in published if read > t]
        lags.append(min(after) - t if after else float("inf"))
    finite = [x for x in lags if x != float("inf")]
    print(f"database: {connection.vendor}; {ARGS.participants} participants x {ARGS.statements} statements, "
          f"{preloaded:,} votes pre-loaded; {len(cast_times)} votes cast by {ARGS.voters} processes at {ARGS.rate:g}/s for {ARGS.seconds:g} s "
          f"(achieved {len(cast_times) / ARGS.seconds:.1f}/s)")  # fmt: skip
    print(f"recomputations: {len(published)}; each took median {statistics.median(p[2] for p in published):.2f} s, "
          f"max {max(p[2] for p in published):.2f} s")  # fmt: skip
    print(f"vote-to-report lag: median {statistics.median(finite):.2f} s, "
          f"95th percentile {np.percentile(finite, 95):.2f} s, max {max(lags):.2f} s "
          f"({len(lags) - len(finite)} votes never reflected)")  # fmt: skip


if __name__ == "__main__":
    main()
