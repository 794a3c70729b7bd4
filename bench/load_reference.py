"""Speed of `joinedup load-reference`: a fresh load and a repeat load (nothing to change).

    .venv/bin/python bench/load_reference.py                      # a temporary SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_places .venv/bin/python bench/load_reference.py

Data: the packaged reference data (398 places, 1,064 organisations). Baseline in the same run: the obvious
loader, one update_or_create per row (links set in a second pass), in one transaction.
"""

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from joinedup.places import reference  # noqa: E402
from joinedup.places.models import SECTOR_OF_KIND, Organisation, Place  # noqa: E402
from joinedup.places.services import reference_load  # noqa: E402

REPEATS = 5


def naive_load() -> None:
    places = reference.read_places()
    orgs = reference.read_central_organisations() + reference.local_organisations(places)
    with transaction.atomic():
        for p in places:
            values = {
                k: v
                for k, v in vars(p).items()
                if k not in ("code", "county_code", "combined_authority_code")
            }
            Place.objects.update_or_create(code=p.code, defaults=values)
        for p in places:
            county = Place.objects.filter(code=p.county_code).first()
            combined = Place.objects.filter(code=p.combined_authority_code).first()
            Place.objects.filter(code=p.code).update(county=county, combined_authority=combined)
        for o in orgs:
            values = {k: v for k, v in vars(o).items() if k not in ("slug", "place_code", "parent_slugs")}
            values["sector"] = SECTOR_OF_KIND[o.kind]
            values["place"] = Place.objects.filter(code=o.place_code).first()
            Organisation.objects.update_or_create(slug=o.slug, defaults=values)
        for o in orgs:
            parent = Organisation.objects.filter(slug__in=o.parent_slugs).first()
            Organisation.objects.filter(slug=o.slug).update(parent=parent)


def timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def clear() -> None:
    Organisation.objects.all().delete()
    Place.objects.all().delete()


def main() -> None:
    call_command("migrate", verbosity=0)
    clear()
    ours_fresh = timed(reference_load)
    ours_again = statistics.median(timed(reference_load) for _ in range(REPEATS))
    clear()
    naive_fresh = timed(naive_load)
    naive_again = statistics.median(timed(naive_load) for _ in range(REPEATS))
    print(f"database: {os.environ['DATABASE_URL'].split(':')[0]}")
    print(
        f"fresh load:  ours {ours_fresh:.2f} s, baseline {naive_fresh:.2f} s ({naive_fresh / ours_fresh:.1f}x)"
    )
    print(
        f"repeat load (median of {REPEATS}): ours {ours_again:.2f} s, baseline {naive_again:.2f} s "
        f"({naive_again / ours_again:.1f}x)"
    )


if __name__ == "__main__":
    main()
