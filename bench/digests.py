"""The daily digest at scale: 100,000 people, 1,000,000 notifications in the day before 08:00, everyone's digest
due at 08:00 (the worst hour). Times the build (`digests_build`: stream the day's notifications in recipient
order, decide each person's digest from their preferences, write the deliveries and queue the sending jobs),
a second run of it (idempotent: makes nothing), and rendering and sending a sample of the emails through the
real sending job to Django's dummy backend. Prints seconds, rows and peak RSS.

    .venv/bin/python bench/digests.py --database-url postgres://postgres@127.0.0.1:5432/bench_digests \
        [--people 100000] [--events 1000000] [--send 5000]

PostgreSQL only (the data is made with generate_series); the database is dropped and created.
Baseline, in the same run: one bare pass over the same rows (`values_list(...).iterator()`), no decisions.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser()
parser.add_argument("--people", type=int, default=100_000)
parser.add_argument("--events", type=int, default=1_000_000)
parser.add_argument("--send", type=int, default=5_000, help="how many digests to render and send (sample)")
parser.add_argument("--database-url", required=True)
ARGS = parser.parse_args()
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")

import django  # noqa: E402

django.setup()

from datetime import datetime, timedelta  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from joinedup.jobs.services import jobs_run_all  # noqa: E402
from joinedup.notifications.models import Delivery, Frequency, Kind, Notification  # noqa: E402
from joinedup.notifications.services import digests_build  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<44} {time.perf_counter() - start:8.2f} s   peak RSS {rss_mb():7.0f} MB")
    return result


def recreate_database() -> None:
    import psycopg

    params = settings.DATABASES["default"]
    admin = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{params["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{params["NAME"]}"')


def seed(period_end: datetime) -> None:
    kinds = [k.value for k in Kind]
    start = period_end - timedelta(days=1)
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO accounts_user (email, name, role, is_active, is_superuser, date_joined, password)
               SELECT 'p' || g || '@example.org', 'Person ' || g, 'participant', true, false, now(), '!'
               FROM generate_series(1, %s) g""",
            [ARGS.people],
        )
        cur.execute("SELECT min(id) FROM accounts_user")
        first = cur.fetchone()[0]
        # One person in ten has chosen something other than the default for two kinds.
        cur.execute(
            """INSERT INTO notifications_preference (user_id, kind, frequency)
               SELECT %s + g, (%s::text[])[1 + g %% 9], (ARRAY['weekly','off','immediate'])[1 + g %% 3]
               FROM generate_series(0, %s - 1, 10) g
               UNION ALL
               SELECT %s + g, (%s::text[])[1 + (g + 4) %% 9], 'off' FROM generate_series(0, %s - 1, 10) g""",
            [first, kinds, ARGS.people, first, kinds, ARGS.people],
        )
        cur.execute(
            """INSERT INTO notifications_notification
                 (recipient_id, kind, object_key, title, url, message, email, created_at)
               SELECT %s + (g::bigint * 7919) %% %s, (%s::text[])[1 + g %% 9], 'situation:' || (g %% 5000),
                      'Situation ' || (g %% 5000), '/situations/' || (g %% 5000) || '/',
                      'Something changed (' || g || ')', true,
                      %s::timestamptz + (g %% 86400) * interval '1 second'
               FROM generate_series(1, %s) g""",
            [first, ARGS.people, kinds, start, ARGS.events],
        )
        cur.execute("ANALYZE")


def bare_pass(period_end: datetime) -> int:
    rows = (
        Notification.objects.filter(
            created_at__gte=period_end - timedelta(days=1), created_at__lt=period_end, email=True
        )
        .order_by("recipient_id", "id")
        .values_list("id", "recipient_id", "kind")
        .iterator(chunk_size=20_000)
    )
    return sum(1 for _ in rows)


def main() -> None:
    print(
        f"{ARGS.people:,} people, {ARGS.events:,} notifications; database {settings.DATABASES['default']['NAME']}"
    )
    recreate_database()
    timed("migrate", call_command, "migrate", verbosity=0)
    period_end = timezone.make_aware(datetime(2026, 12, 7, 8, 0))
    timed("seed (SQL generate_series)", seed, period_end)
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    n = timed("baseline: one bare pass over the rows", bare_pass, period_end)
    print(f"   {n:,} rows")
    result = timed(
        "digests_build (daily, 08:00)", digests_build, frequency=Frequency.DAILY, period_end=period_end
    )
    print(f"   {result}; deliveries in the table: {Delivery.objects.count():,}")
    again = timed(
        "digests_build again (a retried run)", digests_build, frequency=Frequency.DAILY, period_end=period_end
    )
    print(f"   {again}")
    # Send a sample through the real job: render both parts, one-click headers, record the delivery.
    keep = list(Delivery.objects.order_by("id").values_list("id", flat=True)[: ARGS.send])
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    from joinedup.notifications.services import _enqueue_sends

    _enqueue_sends(keep)
    ran = timed(f"send {len(keep):,} digests (dummy backend)", jobs_run_all, limit=10_000)
    sent = Delivery.objects.filter(status="sent").count()
    print(f"   {ran} jobs, {sent:,} sent")


if __name__ == "__main__":
    main()
