"""Run a job's handler inside the task django-tasks started, and record on its `Job` how it went.

Kept apart from the registry and the services so that neither imports the other: the registry's tasks call
`job_execute`, and the services enqueue through the registry.
"""

import logging
import threading
import traceback
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Protocol

from django.db import DatabaseError, connection
from django.db.models import F
from django.utils import timezone

from joinedup.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = timedelta(seconds=10)


class ProgressReporter(Protocol):
    def __call__(self, percent: int, message: str = "") -> None: ...


JobHandler = Callable[[dict[str, Any], ProgressReporter], dict[str, Any] | None]


class JobFailed(Exception):
    """Raised by a handler for a failure a user can act on; its message is shown as the reason."""


def job_report_progress(*, job_id: int, percent: int, message: str = "") -> None:
    Job.objects.filter(id=job_id, status=JobStatus.RUNNING).update(
        progress=max(0, min(100, percent)), message=message[:250], heartbeat_at=timezone.now()
    )


def job_execute(*, job_id: int, handler: JobHandler) -> dict[str, Any]:
    """Run a job's handler in the task django-tasks started, and record how it ended on the job.

    A failure is recorded with its reason and re-raised, so the task result fails too.
    """
    job = Job.objects.get(id=job_id)
    if job.status == JobStatus.DONE:  # its task ran again (recovered while it was finishing): publish once
        return job.result or {}
    now = timezone.now()
    Job.objects.filter(id=job_id).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, error="", message="Started",
        attempts=F("attempts") + 1,
    )  # fmt: skip

    def progress(percent: int, message: str = "") -> None:
        job_report_progress(job_id=job_id, percent=percent, message=message)

    beating = _Heartbeat(job_id)
    beating.start()
    try:
        result = handler(job.params, progress) or {}
    except JobFailed as exc:
        job_finish(job_id, JobStatus.FAILED, error=str(exc))
        raise
    except Exception as exc:  # a bug or an outage: keep the trace in the log, show a plain reason
        log.error("Job %s failed\n%s", job_id, traceback.format_exc())
        job_finish(
            job_id, JobStatus.FAILED, error=f"It failed unexpectedly ({exc.__class__.__name__}: {exc})"
        )
        raise
    finally:
        beating.stop()
    job_finish(job_id, JobStatus.DONE, result=result)
    return result


def job_finish(job_id: int, status: str, *, result: dict[str, Any] | None = None, error: str = "") -> None:
    done = status == JobStatus.DONE
    changes: dict[str, Any] = {"status": status, "result": result, "error": error[:2000]}
    changes.update(finished_at=timezone.now(), message="Finished" if done else "Failed")
    if done:
        changes["progress"] = 100
    Job.objects.filter(id=job_id).update(**changes)


class _Heartbeat:
    """Touches a running job's heartbeat every HEARTBEAT_EVERY, from a thread with its own connection, so a long
    step without progress reports is not mistaken for a dead worker."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()  # not joined: a beat waiting on a lock must not hold the job up

    def _beat(self) -> None:
        try:
            while not self.stopped.wait(HEARTBEAT_EVERY.total_seconds()):
                try:
                    Job.objects.filter(id=self.job_id, status=JobStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:  # busy or away: the next beat tries again
                    log.warning("Job %s: heartbeat not recorded", self.job_id)
        finally:
            connection.close()
