"""`joinedup worker`: django-tasks-db's `db_worker`, plus the recovery of jobs whose worker died.

Everything `db_worker` takes works here (`--batch`, `--interval`, `--queue-name` ...). Before it starts, and then
every RECOVER_EVERY seconds from a thread, it requeues the tasks of jobs whose heartbeat stopped (a worker killed
mid-job), which `db_worker` alone would leave RUNNING for ever (docs/adr/0012).
"""

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.db import DatabaseError, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from joinedup.jobs.services import jobs_recover_stale

log = logging.getLogger(__name__)

RECOVER_EVERY = 30.0


class Command(DbWorkerCommand):
    help = (
        "Run background jobs (django-tasks-db's db_worker; run several for more throughput), requeueing the jobs "
        "of workers that died."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # A worker restarting under a long job would cut it short: reload only when asked (`--reload`).
        parser.set_defaults(reload=False)
        parser.add_argument(
            "--once", action="store_true", help="Run what is queued now, then stop (= --batch)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options.pop("once", False):
            options["batch"] = True
        _recover()
        if not options["batch"]:
            threading.Thread(target=_keep_recovering, name="job-recovery", daemon=True).start()
        super().handle(*args, **options)


def _recover() -> None:
    try:
        if touched := jobs_recover_stale():
            log.warning("Requeued or failed %d job(s) whose worker stopped", touched)
    except DatabaseError as exc:  # busy or away: the next round tries again
        log.warning("Could not look for jobs whose worker stopped (%s)", exc.__class__.__name__)


def _keep_recovering() -> None:
    stop = threading.Event()
    while not stop.wait(RECOVER_EVERY):
        _recover()
        connection.close()
