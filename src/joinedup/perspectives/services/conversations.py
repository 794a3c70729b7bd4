"""Writes of conversations and their statements: open, edit, add, moderate."""

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.notifications.models import Kind
from joinedup.notifications.services import notify
from joinedup.perspectives.models import (
    STATEMENT_MAX_LENGTH,
    Conversation,
    Participant,
    Statement,
    StatementStatus,
)
from joinedup.perspectives.services.report import report_schedule
from joinedup.perspectives.services.votes import _is_member, _lock, _next_number, participant_for_member
from joinedup.situations.models import Situation


@transaction.atomic
def conversation_create(
    *,
    situation: Situation,
    created_by: User,
    title: str,
    question: str,
    seed_statements: Sequence[str] = (),
    anonymous_enabled: bool = False,
    members_add_statements: bool = True,
) -> Conversation:
    """Open a conversation with its seed statements (approved at once: the convener wrote them)."""
    conversation = Conversation(
        # Keyword list into Conversation: same shape as other creates (systemmaps.services.factors), different
        # fields.
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
    # Same notify call to the situation's members as situations.services.situation_update: kind, key and
    # message differ; a small helper for 'tell the situation's members' could serve both (left for later).
    notify(
        recipients=User.objects.filter(situation_memberships__situation=situation, is_active=True),
        kind=Kind.VOTES_AWAITED,
        object_key=f"conversation:{conversation.pk}",
        title=conversation.title,
        url=conversation.get_absolute_url(),
        message=f"{created_by} opened a conversation in “{situation.title}”: it awaits your votes.",
        actor=created_by,
    )
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
def statements_add_seed(*, conversation: Conversation, actor: User, texts: Iterable[str]) -> list[Statement]:
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
def statement_moderate(*, statement: Statement, actor: User, approve: bool) -> Statement:
    """Approve or reject. A rejected statement leaves the voting queue and the maths (its votes are kept)."""
    statement.status = StatementStatus.APPROVED if approve else StatementStatus.REJECTED
    statement.moderated_by = actor
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["status", "moderated_by", "moderated_at"])
    report_schedule(conversation_id=statement.conversation_id)
    return statement
