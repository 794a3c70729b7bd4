"""Enqueue jobs on django-tasks, run their handlers, and recover the jobs of workers that died.

A job's handler writes its results in its own transaction at the end, so a job that dies part-way has
published nothing. django-tasks-db has no notion of a dead worker: a task whose worker was killed stays
RUNNING for ever. So while a job runs, a thread beats its heartbeat; `jobs_recover_stale` (run by
`joinedup worker` on start and every half minute) puts the task of a job whose heartbeat stopped back in the
queue, or fails it with its reason once it has been started MAX_ATTEMPTS times. See docs/adr/0013.
"""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from joinedup.jobs.execute import job_finish
from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.registry import task_for

STALE_AFTER = timedelta(seconds=60)
MAX_ATTEMPTS = 3  # starts of one job, counting those cut short by a dead worker


def job_enqueue(*, kind: str, params: dict[str, Any], owner: Any = None, delay_seconds: float = 0) -> Job:
    """Record the job and queue its task, in one transaction.

    The task row is in the same database as the job and the caller's writes, so a worker cannot see it before
    they commit, and a rolled-back caller leaves neither behind (no `on_commit` gap where the job is saved
    but its task is lost; see docs/adr/0013).
    """
    job_task = task_for(kind)
    if delay_seconds:
        job_task = job_task.using(run_after=timezone.now() + timedelta(seconds=delay_seconds))
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, owner=owner)
        job.task_id = job_task.enqueue(job.pk).id
        job.save(update_fields=["task_id"])
    return job


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
                job_finish(job.pk, JobStatus.FAILED, error=error)
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
