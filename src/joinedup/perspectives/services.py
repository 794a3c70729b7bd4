"""Writes for conversations: open, add and moderate statements, vote, recompute the report, import.

Every write validates first and runs in one transaction. Votes and moderation schedule a report
recomputation, debounced so a busy conversation recomputes at most once every few seconds.
"""

import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.services import job_enqueue
from joinedup.perspectives.models import (
    POLIS_MODERATED,
    STATEMENT_MAX_LENGTH,
    Conversation,
    OpinionReport,
    Participant,
    Statement,
    StatementStatus,
    Vote,
    VoteValue,
)
from joinedup.perspectives.polis_io import PolisComment, PolisExport, PolisVotes, polis_export_pseudonymise
from joinedup.perspectives.reports import report_as_json
from joinedup.situations.models import Membership, Perspective, Situation

if TYPE_CHECKING:
    from joinedup.perspectives.compute import OpinionState

log = logging.getLogger(__name__)

REPORT_JOB = "perspectives.report"
DEFAULT_REPORT_DELAY_SECONDS = 3.0
IMPORT_BATCH = 5000


def report_delay_seconds() -> float:
    """How long a scheduled recomputation waits, gathering votes (setting PERSPECTIVES_REPORT_DELAY_SECONDS)."""
    return float(getattr(settings, "PERSPECTIVES_REPORT_DELAY_SECONDS", DEFAULT_REPORT_DELAY_SECONDS))


# --- conversations and statements -------------------------------------------------------------------


@transaction.atomic
def conversation_create(
    *,
    situation: Situation,
    created_by: Any,
    title: str,
    question: str,
    seed_statements: Sequence[str] = (),
    anonymous_enabled: bool = False,
    members_add_statements: bool = True,
) -> Conversation:
    """Open a conversation with its seed statements (approved at once: the convener wrote them)."""
    conversation = Conversation(
        situation=situation,
        title=title.strip(),
        question=question.strip(),
        created_by=created_by,
        anonymous_enabled=anonymous_enabled,
        members_add_statements=members_add_statements,
    )
    conversation.full_clean()
    conversation.save()
    statements_add_seed(conversation=conversation, actor=created_by, texts=seed_statements)
    return conversation


@transaction.atomic
def conversation_update(conversation: Conversation, **fields: Any) -> Conversation:
    for name in ("title", "question", "is_open", "anonymous_enabled", "members_add_statements"):
        if name in fields:
            setattr(conversation, name, fields[name])
    conversation.full_clean()
    conversation.save()
    return conversation


@transaction.atomic
def conversation_new_link(conversation: Conversation) -> Conversation:
    """Replace the anonymous link, so the old one stops working."""
    conversation.anonymous_token = secrets.token_urlsafe(24)
    conversation.save(update_fields=["anonymous_token"])
    return conversation


def statement_text_clean(text: str) -> str:
    """One statement's text, trimmed to single spaces; ValidationError if empty or too long."""
    clean = " ".join(text.split())
    if not clean:
        raise ValidationError("Enter a statement")
    if len(clean) > STATEMENT_MAX_LENGTH:
        raise ValidationError(f"A statement must be {STATEMENT_MAX_LENGTH} characters or fewer")
    return clean


@transaction.atomic
def statements_add_seed(*, conversation: Conversation, actor: Any, texts: Iterable[str]) -> list[Statement]:
    """Add the convener's statements, approved; a duplicate of an existing statement is refused."""
    author = (
        participant_for_member(conversation=conversation, user=actor)
        if _is_member(conversation, actor)
        else None
    )
    return [
        _statement_create(conversation, author, text, StatementStatus.APPROVED, is_seed=True, moderator=actor)
        for text in texts
    ]


@transaction.atomic
def statement_add(*, conversation: Conversation, participant: Participant, text: str) -> Statement:
    """A participant's statement, waiting for a convener to approve it before anyone votes on it."""
    if not conversation.is_open:
        raise ValidationError("This conversation is closed")
    return _statement_create(conversation, participant, text, StatementStatus.PENDING)


def _statement_create(
    conversation: Conversation,
    author: Participant | None,
    text: str,
    status: str,
    *,
    is_seed: bool = False,
    moderator: Any = None,
) -> Statement:
    clean = statement_text_clean(text)
    _lock(conversation)
    if conversation.statements.filter(text__iexact=clean).exists():
        raise ValidationError(f"“{clean}” is already a statement in this conversation")
    now = timezone.now()
    return Statement.objects.create(
        conversation=conversation,
        number=_next_number(conversation.statements.all()),
        text=clean,
        author=author,
        status=status,
        is_seed=is_seed,
        moderated_by=moderator if status != StatementStatus.PENDING else None,
        moderated_at=now if status != StatementStatus.PENDING else None,
        created_at=now,
    )


@transaction.atomic
def statement_moderate(*, statement: Statement, actor: Any, approve: bool) -> Statement:
    """Approve or reject. A rejected statement leaves the voting queue and the maths (its votes are kept)."""
    statement.status = StatementStatus.APPROVED if approve else StatementStatus.REJECTED
    statement.moderated_by = actor
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["status", "moderated_by", "moderated_at"])
    report_schedule(conversation_id=statement.conversation_id)
    return statement


# --- participants and votes ----------------------------------------------------------------------------


def _is_member(conversation: Conversation, user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(situation_id=conversation.situation_id, user=user).exists()


def _lock(conversation: Conversation) -> None:
    """Serialise number allocation within one conversation (row lock on PostgreSQL)."""
    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()


def _next_number(qs: Any) -> int:
    top = qs.aggregate(top=Max("number"))["top"]
    return 0 if top is None else int(top) + 1


@transaction.atomic
def participant_for_member(*, conversation: Conversation, user: Any) -> Participant:
    """The member's participant, created on first use; the perspective follows their membership."""
    membership = Membership.objects.filter(situation_id=conversation.situation_id, user=user).first()
    perspective = membership.perspective if membership else ""
    found = Participant.objects.filter(conversation=conversation, user=user).first()
    if found is None:
        _lock(conversation)
        found = Participant.objects.create(
            conversation=conversation,
            number=_next_number(conversation.participants.all()),
            user=user,
            perspective=perspective,
        )
    elif found.perspective != perspective and perspective:
        found.perspective = perspective
        found.save(update_fields=["perspective"])
    return found


@transaction.atomic
def participant_anonymous_create(*, conversation: Conversation, perspective: str) -> Participant:
    """A participant who came through the anonymous link; their cookie carries `anonymous_key`."""
    if not conversation.anonymous_enabled:
        raise ValidationError("This conversation does not take anonymous participants")
    if perspective not in Perspective.values:
        raise ValidationError("Choose a perspective")
    _lock(conversation)
    return Participant.objects.create(
        conversation=conversation,
        number=_next_number(conversation.participants.all()),
        anonymous_key=secrets.token_urlsafe(24),
        perspective=perspective,
    )


@transaction.atomic
def vote_cast(*, participant: Participant, statement_id: int, value: int) -> Vote:
    """Record a vote; voting again on the same statement replaces the earlier vote (the latest counts).

    Refused (ValidationError) for a closed conversation, a value other than agree/disagree/pass, and a
    statement that is unknown, in another conversation, rejected or not yet approved.
    """
    conversation = participant.conversation
    if not conversation.is_open:
        raise ValidationError("This conversation is closed")
    if value not in VoteValue.values:
        raise ValidationError("A vote is agree, disagree or pass")
    statement = Statement.objects.filter(
        pk=statement_id, conversation=conversation, status=StatementStatus.APPROVED
    ).first()
    if statement is None:
        raise ValidationError("That statement is not open for voting")
    # One upsert rather than select-then-write: it is the hot path under load, and two tabs voting at once
    # cannot both insert.
    (vote,) = Vote.objects.bulk_create(
        [Vote(participant=participant, statement=statement, value=value, voted_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["participant", "statement"],
        update_fields=["value", "voted_at"],
    )
    report_schedule(conversation_id=conversation.pk)
    return vote


# --- the report ----------------------------------------------------------------------------------------


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


# --- Pol.is openData import and export -----------------------------------------------------------------


def _ms_to_datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def conversation_export(conversation: Conversation) -> PolisExport:
    """The conversation in the reader/writer's shape: statements, final votes, groups from the last report."""
    comments = [
        PolisComment(
            id=s.number,
            author_id=s.author.number if s.author else -1,
            timestamp=int(s.created_at.timestamp() * 1000),
            body=s.text,
            moderated=POLIS_MODERATED[StatementStatus(s.status)],
            is_meta=s.is_meta,
            is_seed=s.is_seed,
        )
        for s in conversation.statements.select_related("author")
    ]
    v = _votes_of(conversation, with_times=True)
    votes = PolisVotes(
        *(np.array(x, dtype=np.int64) for x in (v.timestamps, v.statements, v.participants, v.values))
    )
    report = conversation.reports.first()
    groups = {int(p): g for p, g in report.data.get("participants", {}).items()} if report else {}
    return PolisExport(comments, votes, groups, True)


def conversation_export_for_members(conversation: Conversation) -> PolisExport:
    """What every member may download: approved statements, no authors, fresh pseudonyms, day-granular times
    (see `polis_export_pseudonymise`). The full export is for the conversation's owners only."""
    return polis_export_pseudonymise(conversation_export(conversation), secrets.SystemRandom())


_STATUS_OF_MODERATED = {
    1: StatementStatus.APPROVED,
    0: StatementStatus.APPROVED,
    -1: StatementStatus.REJECTED,
}


@transaction.atomic
def conversation_import_polis(
    *, situation: Situation, export: PolisExport, title: str, question: str = "", actor: Any = None
) -> Conversation:
    """Load a Pol.is export into a new conversation of `situation`, all or nothing.

    Ids are kept (participant and comment ids become numbers). Pol.is shows unmoderated statements to
    voters unless moderation is strict, so `moderated` 0 and 1 both become approved and -1 rejected.
    Only each participant's final vote is kept (the latest counts). Imported participants have no
    perspective: Pol.is does not know one.
    """
    conversation = Conversation.objects.create(
        situation=situation,
        title=title,
        question=question or "Imported from a Pol.is export",
        created_by=actor,
        is_open=False,
    )
    final = _final_votes(export)
    pids = sorted({p for p, _ in final} | {c.author_id for c in export.comments if c.author_id >= 0})
    people = {
        p.number: p
        for p in Participant.objects.bulk_create(
            [Participant(conversation=conversation, number=n) for n in pids], batch_size=IMPORT_BATCH
        )
    }
    if any(p.pk is None for p in people.values()):  # backends that do not return ids from bulk_create
        people = {p.number: p for p in conversation.participants.all()}
    statements = _import_statements(conversation, export, people)
    Vote.objects.bulk_create(
        [
            Vote(
                participant_id=people[p].pk,
                statement_id=statements[c].pk,
                value=v,
                voted_at=_ms_to_datetime(ms),
            )
            for (p, c), (v, ms) in final.items()
        ],
        batch_size=IMPORT_BATCH,
    )
    report_schedule(conversation_id=conversation.pk)
    return conversation


def _final_votes(export: PolisExport) -> dict[tuple[int, int], tuple[int, int]]:
    """(participant, comment) -> (vote, time) of the latest event; equal times keep file order."""
    v = export.votes
    final: dict[tuple[int, int], tuple[int, int]] = {}
    for n in np.lexsort((np.arange(len(v)), v.timestamps)):
        final[(int(v.voter_ids[n]), int(v.comment_ids[n]))] = (int(v.votes[n]), int(v.timestamps[n]))
    return final


def _import_statements(
    conversation: Conversation, export: PolisExport, people: dict[int, Participant]
) -> dict[int, Statement]:
    created = Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                number=c.id,
                text=c.body[:STATEMENT_MAX_LENGTH],
                author=people.get(c.author_id),
                status=_STATUS_OF_MODERATED[c.moderated],
                is_seed=c.is_seed,
                is_meta=c.is_meta,
                created_at=_ms_to_datetime(c.timestamp),
            )
            for c in export.comments
        ],
        batch_size=IMPORT_BATCH,
    )
    if any(s.pk is None for s in created):
        created = list(conversation.statements.all())
    return {s.number: s for s in created}
