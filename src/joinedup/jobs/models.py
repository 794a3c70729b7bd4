"""What a user sees of a background job: its progress, its reason for failing, where its result is.

The queue itself is django-tasks' (`django_tasks_db.DBTaskResult`, see docs/adr/0012); a `Job` is keyed to its
task result by `task_id` and adds what the tasks API has no place for.
"""

from django.conf import settings
from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class Job(models.Model):
    task_id = models.CharField(
        max_length=64, unique=True, null=True, blank=True, help_text="The django-tasks result that runs it"
    )
    kind = models.CharField(max_length=80, db_index=True, help_text="The job task's name")
    params = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done")
    message = models.CharField(max_length=250, blank=True, help_text="What it is doing now")
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why it failed, in words a user can act on")
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Starts, counting those a dead worker cut short"
    )
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life of its worker")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}
