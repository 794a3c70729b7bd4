"""The conversation's report: scheduled, debounced, computed by the engine and published."""

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.services import job_enqueue
from joinedup.perspectives.models import (
    Conversation,
    OpinionReport,
    StatementStatus,
    Vote,
)
from joinedup.perspectives.reports import report_as_json
from joinedup.situations.models import Membership

if TYPE_CHECKING:
    from joinedup.perspectives.compute import OpinionState


log = logging.getLogger(__name__)

REPORT_JOB = "perspectives.report"
DEFAULT_REPORT_DELAY_SECONDS = 3.0


def report_delay_seconds() -> float:
    """How long a scheduled recomputation waits, gathering votes (setting PERSPECTIVES_REPORT_DELAY_SECONDS)."""
    return float(getattr(settings, "PERSPECTIVES_REPORT_DELAY_SECONDS", DEFAULT_REPORT_DELAY_SECONDS))


def report_schedule(*, conversation_id: int) -> Job | None:
    """Queue a recomputation unless one is already waiting (debounce): the waiting one will see this change.

    The job waits `report_delay_seconds()` first, so a burst of votes costs one recomputation; once it is
    running, the next change queues the next one, so the report is at most a few seconds behind.
    """
    waiting = Job.objects.filter(
        kind=REPORT_JOB, status=JobStatus.QUEUED, params__conversation_id=conversation_id
    )
    if waiting.exists():
        return None
    return job_enqueue(
        kind=REPORT_JOB, params={"conversation_id": conversation_id}, delay_seconds=report_delay_seconds()
    )


@dataclass(frozen=True)
class VoteData:
    participants: list[int]
    statements: list[int]
    values: list[int]
    timestamps: list[int]


def _votes_of(conversation: Conversation, *, with_times: bool = False) -> VoteData:
    """Each participant's current votes, as parallel lists. Times are read only for the export: a Vote row
    already is the latest vote, and parsing a timestamp per vote was most of a recomputation's time."""
    fields = ["participant__number", "statement__number", "value"] + (["voted_at"] if with_times else [])
    rows = Vote.objects.filter(participant__conversation=conversation).values_list(*fields)
    data = VoteData([], [], [], [])
    for row in rows.iterator(chunk_size=10_000):
        data.participants.append(row[0])
        data.statements.append(row[1])
        data.values.append(row[2])
        if with_times:
            data.timestamps.append(int(row[3].timestamp() * 1000))
    return data


def perspectives_of(conversation: Conversation) -> dict[int, str]:
    """Participant number -> perspective: a member's from their membership now, anyone else's as chosen."""
    current = dict(
        Membership.objects.filter(situation_id=conversation.situation_id).values_list(
            "user_id", "perspective"
        )
    )
    found: dict[int, str] = {}
    for number, user_id, chosen in conversation.participants.values_list("number", "user_id", "perspective"):
        perspective = current.get(user_id, chosen) if user_id else chosen
        if perspective:
            found[number] = perspective
    return found


def moderated_out_of(conversation: Conversation) -> list[int]:
    """Statements the maths leaves out: rejected ones and meta statements (as Pol.is does)."""
    rejected = conversation.statements.filter(status=StatementStatus.REJECTED)
    meta = conversation.statements.filter(is_meta=True)
    return sorted(set(rejected.values_list("number", flat=True)) | set(meta.values_list("number", flat=True)))


def report_compute(*, conversation: Conversation, seed: int = 0) -> OpinionReport:
    """Run the opinion engine on the current votes and publish the report in one transaction.

    Warm-starts from the previous report's state (as Pol.is does between updates), falling back to a cold
    start if that state no longer fits. The previous report stays visible until this one is committed.
    """
    votes = _votes_of(conversation)
    perspectives = perspectives_of(conversation)
    moderated_out = moderated_out_of(conversation)
    previous = conversation.reports.first()
    data = _analysed(votes, moderated_out, perspectives, previous, seed)
    data["moderated_out"] = moderated_out
    return _report_publish(conversation, data, votes)


def _analysed(
    votes: VoteData,
    moderated_out: list[int],
    perspectives: dict[int, str],
    previous: OpinionReport | None,
    seed: int,
) -> dict[str, Any]:
    if not votes.values:
        return {
            "participants": {},
            "groups": [],
            "consensus": {"agree": [], "disagree": []},
            "projections": {},
        }
    # Imported here, not at the top: the opinion engine brings in scipy (~1 s), which web start-up and every
    # page that does not compute a report would otherwise pay for.
    from joinedup.perspectives.compute import analyse, vote_matrix_build

    matrix = vote_matrix_build(votes.participants, votes.statements, votes.values)
    state = _previous_state(previous)
    kwargs: dict[str, Any] = {"moderated_out": moderated_out, "perspectives": perspectives, "seed": seed}
    try:
        report = analyse(matrix, previous=state, **kwargs)
    except (ValueError, IndexError, KeyError):
        if state is None:
            raise
        log.warning("Warm start failed; recomputing from scratch", exc_info=True)
        report = analyse(matrix, **kwargs)
    return report_as_json(report)


def _previous_state(previous: OpinionReport | None) -> "OpinionState | None":
    if previous is None or "state" not in previous.data:
        return None
    from joinedup.perspectives.compute import OpinionState  # see _analysed

    try:
        return OpinionState.from_dict(previous.data["state"])
    except (KeyError, TypeError, ValueError):
        return None


@transaction.atomic
def _report_publish(conversation: Conversation, data: dict[str, Any], votes: VoteData) -> OpinionReport:
    report = OpinionReport.objects.create(
        conversation=conversation,
        data=data,
        participant_count=len(set(votes.participants)),
        statement_count=len(set(votes.statements)),
        vote_count=len(votes.values),
    )
    OpinionReport.objects.filter(conversation=conversation).exclude(pk=report.pk).delete()
    return report
