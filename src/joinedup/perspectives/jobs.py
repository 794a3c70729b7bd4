"""Background jobs: recompute a conversation's opinion report."""

from typing import Any

from joinedup.jobs.registry import JobFailed, ProgressReporter, job_handler
from joinedup.perspectives.models import Conversation
from joinedup.perspectives.services import REPORT_JOB, report_compute


# Same opening as spending.jobs.spend_import (find the object or fail the job): each handler names its own
# model and first step; a helper would save two lines.
@job_handler(REPORT_JOB)
def conversation_report(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    conversation = Conversation.objects.filter(pk=int(params.get("conversation_id") or 0)).first()
    if conversation is None:
        raise JobFailed("The conversation no longer exists")
    progress(10, "Reading the votes")
    report = report_compute(conversation=conversation)
    return {
        "report_id": report.pk,
        "participants": report.participant_count,
        "votes": report.vote_count,
        "groups": len(report.data.get("groups", [])),
    }
