"""Background job: read a large spend file (small ones are read in the request)."""

from typing import Any

from django.urls import reverse

from joinedup.jobs.registry import JobFailed, ProgressReporter, job_handler
from joinedup.spending.models import SpendImport
from joinedup.spending.services import IMPORT_JOB, spend_import_read


@job_handler(IMPORT_JOB)
def spend_import(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    upload = SpendImport.objects.filter(pk=int(params.get("import_id") or 0)).first()
    if upload is None:
        raise JobFailed("The upload no longer exists")
    progress(5, "Checking every row")
    upload = spend_import_read(upload=upload, progress=progress)
    next_url = reverse("spending:import", args=[upload.count_id, upload.pk])
    return {"status": upload.status, "lines": upload.line_count, "next_url": next_url}
