"""Spending benchmark: import a place's count of N spend lines, then render the picture of the place.

Builds a throwaway SQLite database, makes one place, its bodies and departments, and a situation whose count
receives the lines as CSV files through the real path (spend_import_submit; files over INLINE_ROWS go to the
`spending.import` job, run here in-process). Then times the count's page (GET, as a member, template included).

    .venv/bin/python bench/spending.py                       # 50,000 lines from 5 bodies (10,000 each)
    .venv/bin/python bench/spending.py --lines 50000 --bodies 1

Baselines in the same run: reading the files alone (no writes), and the page of a count of 100 lines.
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

THEMES = ["Children and families", "Older people", "Drugs and alcohol", "Offending", "Worklessness", "Housing",
          "Mental health", "Disability", "Other"]  # fmt: skip
CHANNELS = ["direct", "commissioned", "grant", "payments", "other"]


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def spend_file(rng: random.Random, lines: int, funders: list[str]) -> str:
    from joinedup import csvsafe
    from joinedup.spending.imports import COLUMNS

    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(COLUMNS)
    for i in range(lines):
        writer.writerow([
            f"{rng.choice((2023, 2024, 2025))}", rng.choice(THEMES), f"{rng.uniform(500, 250_000):.2f}",
            rng.choice(funders), rng.choice(CHANNELS), rng.randint(0, 400) or "", "",
            rng.choice(("estimated", "audited")), "yes" if i % 50 == 0 else "no", f"Line {i}",
        ])  # fmt: skip
    return out.getvalue()


def world(bodies: int):
    from joinedup.accounts.models import User
    from joinedup.places.models import Organisation, OrganisationKind, Place
    from joinedup.situations.services import situation_create

    place = Place.objects.create(code="LDS", gss_code="E08000035", name="Leeds", official_name="Leeds",
                                 nation="England", kind="MD", kind_name="Metropolitan district", population=812_000)  # fmt: skip
    kinds = [
        OrganisationKind.COUNCIL,
        OrganisationKind.HEALTH,
        OrganisationKind.POLICE,
        OrganisationKind.VOLUNTARY,
    ]
    spenders = [
        Organisation.objects.create(
            slug=f"body-{i}", name=f"Body {i}", kind=kinds[i % len(kinds)], place=place
        )
        for i in range(bodies)
    ]
    departments = [
        Organisation.objects.create(
            slug=f"department-{i}", name=f"Department {i}", kind=OrganisationKind.MINISTERIAL
        )
        for i in range(10)
    ]
    user = User.objects.create_user(email="bench@example.gov.uk", password="x-bench-x", name="Bench")
    situation = situation_create(created_by=user, title="Total Place", framing="Count", perspective="local",
                                 places=[place])  # fmt: skip
    return place, spenders, [d.name for d in departments] + ["local"], user, situation


def median_ms(func, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--bodies", type=int, default=5)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from django.test import Client

        from joinedup.jobs.services import jobs_run_all
        from joinedup.spending.imports import read_lines
        from joinedup.spending.models import ImportStatus, SpendLine
        from joinedup.spending.services import spend_count_create, spend_import_submit

        rng = random.Random(args.seed)
        place, bodies, funders, user, situation = world(args.bodies)
        per_body = args.lines // args.bodies
        files = [spend_file(rng, per_body, funders) for _ in bodies]

        started = time.perf_counter()
        for text in files:
            records, errors = read_lines(text)
            assert not errors and len(records) == per_body
        read_s = time.perf_counter() - started

        count = spend_count_create(created_by=user, title="Bench count", place=place, situation=situation)
        started, cpu = time.perf_counter(), time.process_time()
        for body, text in zip(bodies, files, strict=True):
            upload = spend_import_submit(
                count=count, body=body, supplied_by=user, filename="f.csv", content=text
            )
            jobs_run_all()
            upload.refresh_from_db()
            assert upload.status == ImportStatus.DONE, upload.errors[:3]
        import_s, import_cpu = time.perf_counter() - started, time.process_time() - cpu
        assert SpendLine.objects.filter(count=count).count() == per_body * args.bodies

        small = spend_count_create(created_by=user, title="Small count", place=place, situation=situation)
        spend_import_submit(count=small, body=bodies[0], supplied_by=user, filename="s.csv",
                            content=spend_file(rng, 100, funders))  # fmt: skip

        client = Client()
        client.force_login(user)

        def page(c):
            def get():
                response = client.get(f"/spending/{c.pk}/")
                assert response.status_code == 200

            return get

        page(count)()  # warm the template cache
        base_med, base_max = median_ms(page(small), args.runs)
        med, worst = median_ms(page(count), args.runs)
        lines = per_body * args.bodies
        print(
            f"lines: {lines:,} from {args.bodies} bodies ({per_body:,} each), SQLite, {os.cpu_count()} CPUs"
        )
        print(f"read only (baseline): {read_s:.2f} s ({lines / read_s:,.0f} lines/s)")
        print(f"import (read + write, job path): {import_s:.2f} s ({lines / import_s:,.0f} lines/s), "
              f"× read only {import_s / read_s:.2f}; CPU time of this process {import_cpu:.2f} s")  # fmt: skip
        print(f"picture of 100 lines (baseline): median {base_med:.0f} ms, max {base_max:.0f} ms")
        print(
            f"picture of {lines:,} lines: median {med:.0f} ms, max {worst:.0f} ms, × baseline {med / base_med:.2f}"
        )


if __name__ == "__main__":
    sys.exit(main())
