"""A coffee round through the site: preview, the job (read the database, match, write in one transaction),
publish (with introduction emails), then a second round, counting repeated pairs.

    .venv/bin/python bench/matching_site.py [--people 10000] [--database-url postgres://...]

The population comes from `seed-demo` over the packaged reference data, everyone opted in to coffee. The
default database is a fresh SQLite file; pass --database-url for PostgreSQL (the database is created).
Prints seconds per step, matches, unmatched, repeated pairs and peak memory.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser()
parser.add_argument("--people", type=int, default=10_000)
parser.add_argument("--database-url", default="")
ARGS = parser.parse_args()
WORK = Path(tempfile.mkdtemp(prefix="matching-site-bench-"))
os.environ["DATABASE_URL"] = ARGS.database_url or f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402

from joinedup.accounts.models import User  # noqa: E402
from joinedup.jobs.services import job_run_next  # noqa: E402
from joinedup.matching import selectors, services  # noqa: E402
from joinedup.matching.models import Kind, Preference  # noqa: E402
from joinedup.people.models import Profile  # noqa: E402


def timed(label: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<38} {time.perf_counter() - start:8.2f} s")
    return result


def pairs_of(round):  # type: ignore[no-untyped-def]
    found = set()
    for ids in round.matches.values_list("person_a_id", "person_b_id", "third_id"):
        members = [x for x in ids if x]
        found |= {frozenset((x, y)) for i, x in enumerate(members) for y in members[i + 1 :]}
    return found


def main() -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    if ARGS.database_url:
        from django.test.utils import setup_databases

        setup_databases(verbosity=0, interactive=False, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    timed("load reference data", call_command, "load-reference", verbosity=0)
    timed(f"seed-demo {ARGS.people:,} people", call_command, "seed-demo", people=ARGS.people, verbosity=0)
    Preference.objects.bulk_create(
        [Preference(profile_id=pk, kind=Kind.COFFEE) for pk in Profile.objects.values_list("pk", flat=True)],
        batch_size=5000,
    )
    coordinator = User.objects.create_user(
        email="coord@bench.invalid", name="Coordinator", role="coordinator"
    )
    seen: set[frozenset[int]] = set()
    for n in (1, 2):
        round = services.match_round_create(by=coordinator, data={"name": f"Round {n}", "kind": "coffee"})
        preview = timed(f"round {n}: preview", selectors.round_preview, round)
        timed(f"round {n}: job (inputs, match, write)", services.match_round_compute, round_id=round.pk)
        mail.outbox = []
        timed(f"round {n}: publish", services.match_round_publish, round=round, by=coordinator)
        timed(f"round {n}: introduction emails (job)", job_run_next)
        round.refresh_from_db()
        engine = {k.removeprefix("seconds_"): v for k, v in round.stats.items() if k.startswith("seconds_")}
        print(f"round {n}: of which the engine {sum(engine.values()):.2f} s " + str(engine))
        pairs = pairs_of(round)
        print(f"round {n}: {preview['central']:,} central, {preview['local']:,} local, {preview['other']:,} other; "
              f"{round.matches.count():,} matches, {round.unmatched.count():,} unmatched, "
              f"{len(mail.outbox):,} emails, {len(pairs & seen)} repeated pairs")  # fmt: skip
        seen |= pairs
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory {peak:,.0f} MB; database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
    )


if __name__ == "__main__":
    main()
