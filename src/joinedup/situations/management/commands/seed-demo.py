"""joinedup seed-demo --people N [--seed S] — a believable, repeatable demo population and a few situations.

It lives in the situations app, the highest app it seeds (people/demo.py makes the people, situations/demo.py the
situations), so the people app never imports situations.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from joinedup.people.demo import (
    ReferenceDataMissing,
    demo_people_delete,
    people_generate,
    people_write,
    world_load,
)
from joinedup.situations.demo import DEMO_CLEANUPS, DEMO_STEPS, demo_situations_create, demo_situations_delete


class Command(BaseCommand):
    help = "Create N demo people (replacing earlier demo people) across the loaded departments and councils"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=2000, help="How many people (default 2,000)")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same people")
        parser.add_argument("--batch", type=int, default=2000, help="Rows per insert batch")

    def handle(self, *args: Any, **options: Any) -> None:
        n, seed = options["people"], options["seed"]
        if n < 0:
            raise CommandError("--people must be 0 or more")
        try:
            world = world_load()
        except ReferenceDataMissing as error:
            raise CommandError(str(error)) from error
        for cleanup in DEMO_CLEANUPS:
            cleanup()
        demo_situations_delete()
        removed = demo_people_delete()
        if removed:
            self.stdout.write(f"Removed {removed} earlier demo people")
        started = time.monotonic()

        def progress(done: int) -> None:
            self.stdout.write(f"  {done:,} of {n:,} people ({time.monotonic() - started:.1f} s)")

        written = people_write(
            people_generate(world, n, seed), batch=max(1, options["batch"]), progress=progress
        )
        situations = demo_situations_create(seed=seed)
        for name, step in DEMO_STEPS:
            self.stdout.write(f"  {name}: {step(seed)}")
        with connection.cursor() as cursor:
            # Fresh statistics after a bulk load let the planner pick the indexes the directory needs.
            cursor.execute("ANALYZE")
        self.stdout.write(f"Seeded {written:,} demo people and {situations} situations (seed {seed})")
