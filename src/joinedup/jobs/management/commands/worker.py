import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from joinedup.jobs.services import job_run_next, jobs_recover_stale, worker_name


class Command(BaseCommand):
    help = "Run background jobs from the database queue until stopped (run several for more throughput)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run what is queued now, then stop")
        parser.add_argument("--poll", type=float, default=1.0, help="Seconds between looks at an empty queue")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        name = worker_name()
        self.stdout.write(f"Worker {name} started")
        last_recovery = 0.0
        while not self.stopping:
            close_old_connections()
            if time.monotonic() - last_recovery > 30:
                jobs_recover_stale()
                last_recovery = time.monotonic()
            job = self._safe_run_next(name)
            if job is not None:
                self.stdout.write(f"{job} — {job.error or job.message}")
                continue
            if options["once"]:
                break
            time.sleep(options["poll"])

    def _safe_run_next(self, name: str) -> Any:
        try:
            return job_run_next(worker=name)
        except Exception as exc:  # the database went away: wait and try again rather than die
            self.stderr.write(f"Worker could not reach the queue ({exc.__class__.__name__}); retrying")
            close_old_connections()
            time.sleep(2)
            return None

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping = True
