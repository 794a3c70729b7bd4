"""Writes of participants and their votes (each vote schedules the report's recomputation)."""

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.perspectives.models import (
    Conversation,
    Participant,
    Statement,
    StatementStatus,
    Vote,
    VoteValue,
)
from joinedup.perspectives.services.report import report_schedule
from joinedup.situations.models import Membership, Perspective


def _is_member(conversation: Conversation, user: User) -> bool:
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
def participant_for_member(*, conversation: Conversation, user: User) -> Participant:
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
