"""Enqueue, claim, run and recover jobs.

A job's handler writes its results in its own transaction at the end, so a job that dies part-way has
published nothing. A worker that dies leaves its job `running` with a stale heartbeat; the next worker
puts it back in the queue (or fails it, once its attempts are used up) with the reason.
"""

import logging
import os
import socket
import traceback
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.registry import JobFailed, handler_for

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(seconds=60)


def job_enqueue(
    *,
    kind: str,
    params: dict[str, Any],
    created_by: Any = None,
    delay_seconds: float = 0,
    max_attempts: int = 2,
) -> Job:
    run_after = timezone.now() + timedelta(seconds=delay_seconds) if delay_seconds else None
    return Job.objects.create(
        kind=kind, params=params, created_by=created_by, run_after=run_after, max_attempts=max_attempts
    )


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def job_claim_next(*, worker: str) -> Job | None:
    """Claim the oldest runnable job with a conditional update, so two workers never take the same one."""
    now = timezone.now()
    runnable = Job.objects.filter(status=JobStatus.QUEUED).filter(
        Q(run_after__isnull=True) | Q(run_after__lte=now)
    )
    for job_id in runnable.order_by("created_at").values_list("id", flat=True)[:5]:
        claimed = Job.objects.filter(id=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            claimed_by=worker,
            heartbeat_at=now,
            started_at=now,
            attempts=F("attempts") + 1,
        )
        if claimed:
            return Job.objects.get(id=job_id)
    return None


def job_report_progress(*, job_id: int, percent: int, message: str = "") -> None:
    Job.objects.filter(id=job_id, status=JobStatus.RUNNING).update(
        progress=max(0, min(100, percent)), message=message[:250], heartbeat_at=timezone.now()
    )


def job_run(*, job: Job) -> Job:
    """Run a claimed job's handler and record how it ended."""

    def progress(percent: int, message: str = "") -> None:
        job_report_progress(job_id=job.pk, percent=percent, message=message)

    try:
        result = handler_for(job.kind)(job.params, progress)
    except JobFailed as exc:
        return _finish(job, JobStatus.FAILED, error=str(exc))
    except Exception as exc:  # a bug or an outage: keep the trace in the log, show a plain reason
        log.exception("Job %s failed", job.pk)
        if job.attempts < job.max_attempts:
            return _requeue(job, reason=f"Attempt {job.attempts} failed: {exc.__class__.__name__}")
        return _finish(
            job,
            JobStatus.FAILED,
            error=f"It failed unexpectedly ({exc.__class__.__name__}: {exc})",
            trace=traceback.format_exc(),
        )
    return _finish(job, JobStatus.DONE, result=result or {})


def _finish(
    job: Job, status: str, *, result: dict[str, Any] | None = None, error: str = "", trace: str = ""
) -> Job:
    del trace  # kept in the log only
    Job.objects.filter(id=job.pk).update(
        status=status,
        result=result,
        error=error[:2000],
        finished_at=timezone.now(),
        progress=100 if status == JobStatus.DONE else job.progress,
        message="Finished" if status == JobStatus.DONE else "Failed",
    )
    job.refresh_from_db()
    return job


def _requeue(job: Job, *, reason: str) -> Job:
    Job.objects.filter(id=job.pk).update(status=JobStatus.QUEUED, claimed_by="", message=reason[:250])
    job.refresh_from_db()
    return job


@transaction.atomic
def jobs_recover_stale(*, now: Any = None) -> int:
    """Requeue (or fail) jobs whose worker stopped sending heartbeats; returns how many were touched."""
    now = now or timezone.now()
    stale = Job.objects.select_for_update(skip_locked=True).filter(
        status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER
    )
    touched = 0
    for job in stale:
        if job.attempts < job.max_attempts:
            _requeue(job, reason=f"The worker stopped during attempt {job.attempts}; trying again")
        else:
            _finish(job, JobStatus.FAILED, error="The worker stopped while running it, on every attempt")
        touched += 1
    return touched


def job_run_next(*, worker: str | None = None) -> Job | None:
    job = job_claim_next(worker=worker or worker_name())
    return job_run(job=job) if job else None


def jobs_run_all(*, limit: int = 100) -> int:
    """Run queued jobs until none is left (tests and the demo use it); returns how many ran."""
    ran = 0
    while ran < limit and job_run_next() is not None:
        ran += 1
    return ran
