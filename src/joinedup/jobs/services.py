"""Enqueue jobs on django-tasks, run their handlers, and recover the jobs of workers that died.

A job's handler writes its results in its own transaction at the end, so a job that dies part-way has
published nothing. django-tasks-db has no notion of a dead worker: a task whose worker was killed stays
RUNNING for ever. So while a job runs, a thread beats its heartbeat; `jobs_recover_stale` (run by
`joinedup worker` on start and every half minute) puts the task of a job whose heartbeat stopped back in the
queue, or fails it with its reason once it has been started MAX_ATTEMPTS times. See docs/adr/0012.
"""

import logging
import threading
import traceback
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.registry import JobFailed, task_for

if TYPE_CHECKING:
    from joinedup.jobs.registry import JobHandler

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = timedelta(seconds=10)
STALE_AFTER = timedelta(seconds=60)
MAX_ATTEMPTS = 3  # starts of one job, counting those cut short by a dead worker


def job_enqueue(*, kind: str, params: dict[str, Any], owner: Any = None, delay_seconds: float = 0) -> Job:
    """Record the job and queue its task, in one transaction.

    The task row is in the same database as the job and the caller's writes, so a worker cannot see it before
    they commit, and a rolled-back caller leaves neither behind (no `on_commit` gap where the job is saved
    but its task is lost; see docs/adr/0012).
    """
    job_task = task_for(kind)
    if delay_seconds:
        job_task = job_task.using(run_after=timezone.now() + timedelta(seconds=delay_seconds))
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, owner=owner)
        job.task_id = job_task.enqueue(job.pk).id
        job.save(update_fields=["task_id"])
    return job


def job_report_progress(*, job_id: int, percent: int, message: str = "") -> None:
    Job.objects.filter(id=job_id, status=JobStatus.RUNNING).update(
        progress=max(0, min(100, percent)), message=message[:250], heartbeat_at=timezone.now()
    )


def job_execute(*, job_id: int, handler: "JobHandler") -> dict[str, Any]:
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
        _finish(job_id, JobStatus.FAILED, error=str(exc))
        raise
    except Exception as exc:  # a bug or an outage: keep the trace in the log, show a plain reason
        log.error("Job %s failed\n%s", job_id, traceback.format_exc())
        _finish(job_id, JobStatus.FAILED, error=f"It failed unexpectedly ({exc.__class__.__name__}: {exc})")
        raise
    finally:
        beating.stop()
    _finish(job_id, JobStatus.DONE, result=result)
    return result


def _finish(job_id: int, status: str, *, result: dict[str, Any] | None = None, error: str = "") -> None:
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


def jobs_recover_stale(*, now: Any = None) -> int:
    """Requeue (or fail) the running jobs whose heartbeat stopped; returns how many were touched.

    Each is handled in its own transaction, its job row locked (skipping any another worker is recovering).
    """
    now = now or timezone.now()
    stale_ids = list(
        Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER).values_list(
            "id", flat=True
        )
    )
    touched = 0
    for job_id in stale_ids:
        with transaction.atomic():
            job = (
                Job.objects.select_for_update(skip_locked=True)
                .filter(id=job_id, status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
                .first()
            )
            if job is None:
                continue
            running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
            task = running.filter(id=job.task_id) if job.task_id else running.none()
            if job.attempts < MAX_ATTEMPTS:
                task.update(status=TaskResultStatus.READY, started_at=None)
                reason = f"The worker stopped during attempt {job.attempts}; trying again"
                Job.objects.filter(id=job.pk).update(status=JobStatus.QUEUED, message=reason)
            else:
                error = "The worker stopped while running it, on every attempt"
                task.update(status=TaskResultStatus.FAILED, finished_at=now, traceback=error)
                _finish(job.pk, JobStatus.FAILED, error=error)
            touched += 1
    return touched


def jobs_run_all(*, limit: int = 100) -> int:
    """Run the queued tasks that are due, in this process, until none is left; returns how many ran.

    For tests, benchmarks and the demo: production runs `joinedup worker` processes.
    """
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="in-process", excluded_queue_names=[],
    )  # fmt: skip
    ran = 0
    while ran < limit:
        with transaction.atomic():
            task = DBTaskResult.objects.ready().get_locked()
            if task is None:
                break
            task.claim(worker.worker_id)
        worker.run_task(task)
        ran += 1
    return ran


def job_run_next() -> Job | None:
    """Run the next due task in this process; returns its job, if it ran one (benchmarks use it)."""
    ready = DBTaskResult.objects.ready().first()
    if ready is None or not jobs_run_all(limit=1):
        return None
    return Job.objects.filter(task_id=str(ready.id)).first()
