"""A real conversation in the site: import a Pol.is export, compute its report, and serve the report page.

    .venv/bin/python bench/perspectives_report.py [--export ssis.land-bank-farmland.2rumnecbeh.2021-08-01]
        [--loads 10] [--database-url postgres://postgres@127.0.0.1:5432/bench_report]

Imports the export (../shared/data/polis/, the largest by default: 33,530 vote events, 404 participants, 297
statements) into a situation through `conversation_import_polis`, publishes the report with `report_compute`,
then fetches the report page `--loads` times as a signed-in member through Django's test client (the whole
view and template, no network). Prints each step's seconds, the page's size, and the page's median and
slowest time after the first load. The default database is a fresh SQLite file; with --database-url, PostgreSQL
(the database is dropped and created).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
POLIS = ROOT.parent / "shared" / "data" / "polis"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--export", default="ssis.land-bank-farmland.2rumnecbeh.2021-08-01")
    parser.add_argument("--loads", type=int, default=10)
    parser.add_argument("--database-url", default="")
    return parser.parse_args()


def timed(label: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<40}{time.perf_counter() - started:8.2f} s")
    return result


def main() -> None:
    args = parse()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'report.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse

        if args.database_url:
            recreate(settings.DATABASES["default"])
        setup_test_environment()  # the test client's host and cookies
        call_command("migrate", verbosity=0)
        from tests.situations.personas import build_cast

        from joinedup.perspectives.polis_io import polis_export_read
        from joinedup.perspectives.services.polis import conversation_import_polis
        from joinedup.perspectives.services.report import report_compute

        cast = build_cast()
        export = polis_export_read(POLIS / args.export)
        print(f"{args.export}: {len(export.votes):,} vote events, {len(export.comments)} statements; "
              f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; load {os.getloadavg()[0]:.1f}")  # fmt: skip
        conversation = timed(
            "conversation_import_polis", conversation_import_polis,
            situation=cast.situation, export=export, title=args.export,
        )  # fmt: skip
        timed("report_compute", report_compute, conversation=conversation)
        client = Client()
        client.force_login(cast.member)
        url = reverse("perspectives:report", args=[conversation.pk])
        times = []
        for _ in range(args.loads + 1):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        print(f"report page: {len(response.content) / 1024:.0f} KB; first load {times[0]:.0f} ms; then median "
              f"{statistics.median(times[1:]):.0f} ms, slowest {max(times[1:]):.0f} ms ({args.loads} loads)")  # fmt: skip


def recreate(params: dict) -> None:  # type: ignore[type-arg]
    import psycopg

    admin = f"host={params['HOST']} port={params['PORT']} user={params['USER']} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{params["NAME"]}"')
        conn.execute(f'CREATE DATABASE "{params["NAME"]}"')


if __name__ == "__main__":
    main()
