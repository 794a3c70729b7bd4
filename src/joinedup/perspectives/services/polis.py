"""Pol.is openData export and import of a conversation."""

import secrets
from datetime import UTC, datetime

import numpy as np
from django.db import transaction

from joinedup.accounts.models import User
from joinedup.perspectives.models import (
    POLIS_MODERATED,
    STATEMENT_MAX_LENGTH,
    Conversation,
    Participant,
    Statement,
    StatementStatus,
    Vote,
)
from joinedup.perspectives.polis_io import PolisComment, PolisExport, PolisVotes, polis_export_pseudonymise
from joinedup.perspectives.services.report import _votes_of, report_schedule
from joinedup.situations.models import Situation

IMPORT_BATCH = 5000


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
    *, situation: Situation, export: PolisExport, title: str, question: str = "", actor: User | None = None
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
