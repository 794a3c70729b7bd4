"""Job handlers are django-tasks tasks; apps declare theirs in their own `jobs.py` with `@job_handler(kind)`.

A handler is a plain function `(params, progress) -> result`; the decorator turns it into a module-level
django-tasks `Task` whose only argument is the `Job`'s id, and which records progress, the result or the reason
for failing on that `Job` (see joinedup.jobs.execute.job_execute).
"""

import functools
from collections.abc import Callable
from typing import Any

from django_tasks import task
from django_tasks.base import Task

from joinedup.jobs.execute import JobFailed, JobHandler, ProgressReporter, job_execute

__all__ = ["JobFailed", "JobHandler", "ProgressReporter", "job_handler", "task_for"]


JobTask = Task[[int], dict[str, Any]]

_TASKS: dict[str, JobTask] = {}


def job_handler(kind: str) -> Callable[[JobHandler], JobTask]:
    """Register `func` as the job `kind`. The name it is bound to in its module is the task django-tasks runs."""

    def register(func: JobHandler) -> JobTask:
        @functools.wraps(func)  # the task's path is the handler's: the worker imports it by that name
        def run(job_id: int) -> dict[str, Any]:
            return job_execute(job_id=job_id, handler=func)

        job_task: JobTask = task()(run)
        _TASKS[kind] = job_task
        return job_task

    return register


def task_for(kind: str) -> JobTask:
    from django.utils.module_loading import autodiscover_modules

    if kind not in _TASKS:
        autodiscover_modules("jobs")
    if kind not in _TASKS:
        raise LookupError(f"No job handler is registered as {kind!r}")
    return _TASKS[kind]
