"""The queue moves to django-tasks (docs/adr/0012): a job keeps only what users see, keyed to its task."""

from typing import Any

from django.db import migrations, models


def fail_unfinished(apps: Any, schema_editor: Any) -> None:
    """Jobs queued on the old table have no task to run them: say so rather than leave them waiting."""
    apps.get_model("jobs", "Job").objects.filter(status__in=["queued", "running"]).update(
        status="failed", message="Failed", error="Stopped when background work moved; please start it again"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fail_unfinished, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="job", name="job_queue_order"),
        migrations.RemoveField(model_name="job", name="claimed_by"),
        migrations.RemoveField(model_name="job", name="max_attempts"),
        migrations.RemoveField(model_name="job", name="run_after"),
        migrations.RenameField(model_name="job", old_name="created_by", new_name="owner"),
        migrations.AddField(
            model_name="job",
            name="task_id",
            field=models.CharField(
                blank=True, help_text="The django-tasks result that runs it", max_length=64, null=True, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="kind",
            field=models.CharField(db_index=True, help_text="The job task's name", max_length=80),
        ),
        migrations.AlterField(
            model_name="job",
            name="attempts",
            field=models.PositiveSmallIntegerField(
                default=0, help_text="Starts, counting those a dead worker cut short"
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, help_text="Last sign of life of its worker", null=True),
        ),
    ]
