"""Writes for conversations: open, add and moderate statements, vote, recompute the report, import.

Every write validates first and runs in one transaction. Votes and moderation schedule a report
recomputation, debounced so a busy conversation recomputes at most once every few seconds.
"""

from joinedup.perspectives.services.conversations import (
    conversation_create,
    conversation_new_link,
    conversation_update,
    statement_add,
    statement_moderate,
    statement_text_clean,
    statements_add_seed,
)
from joinedup.perspectives.services.polis import (
    IMPORT_BATCH,
    conversation_export,
    conversation_export_for_members,
    conversation_import_polis,
)
from joinedup.perspectives.services.report import (
    DEFAULT_REPORT_DELAY_SECONDS,
    REPORT_JOB,
    VoteData,
    moderated_out_of,
    perspectives_of,
    report_compute,
    report_delay_seconds,
    report_schedule,
)
from joinedup.perspectives.services.votes import (
    participant_anonymous_create,
    participant_for_member,
    vote_cast,
)

__all__ = [
    "DEFAULT_REPORT_DELAY_SECONDS",
    "IMPORT_BATCH",
    "REPORT_JOB",
    "VoteData",
    "conversation_create",
    "conversation_export",
    "conversation_export_for_members",
    "conversation_import_polis",
    "conversation_new_link",
    "conversation_update",
    "moderated_out_of",
    "participant_anonymous_create",
    "participant_for_member",
    "perspectives_of",
    "report_compute",
    "report_delay_seconds",
    "report_schedule",
    "statement_add",
    "statement_moderate",
    "statement_text_clean",
    "statements_add_seed",
    "vote_cast",
]
