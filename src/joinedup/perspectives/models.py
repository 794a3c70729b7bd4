"""Perspectives conversations: statements, moderation, votes and the stored opinion report.

Numbers follow Pol.is: each participant and statement has a per-conversation number (Pol.is's pid and tid),
so an export is in Pol.is's layout and the engine works on plain integers.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

from joinedup.situations.models import Perspective, Situation

STATEMENT_MAX_LENGTH = 400


def new_token() -> str:
    return secrets.token_urlsafe(32)


class StatementStatus(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


# Pol.is's `moderated` column: 1 accepted, 0 not yet moderated, -1 rejected.
POLIS_MODERATED = {
    StatementStatus.APPROVED: 1,
    StatementStatus.PENDING: 0,
    StatementStatus.REJECTED: -1,
}


class VoteValue(models.IntegerChoices):
    AGREE = 1, "Agree"
    DISAGREE = -1, "Disagree"
    PASS = 0, "Pass / unsure"


class Conversation(models.Model):
    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="conversations")
    title = models.CharField(max_length=200)
    question = models.TextField(help_text="The framing question people respond to")
    is_open = models.BooleanField(
        default=True, help_text="Closed conversations take no new votes or statements"
    )
    members_add_statements = models.BooleanField(default=True)
    anonymous_enabled = models.BooleanField(default=False)
    anonymous_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("perspectives:detail", args=[self.pk])


class Participant(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    number = models.PositiveIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conversation_participations",
    )
    anonymous_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    perspective = models.CharField(max_length=20, choices=Perspective.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["conversation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "number"], name="participant_number_unique"),
            models.UniqueConstraint(
                fields=["conversation", "user"],
                condition=models.Q(user__isnull=False),
                name="one_participant_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"participant {self.number}"


class Statement(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="statements")
    number = models.PositiveIntegerField()
    text = models.CharField(max_length=STATEMENT_MAX_LENGTH)
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    status = models.CharField(
        max_length=10, choices=StatementStatus.choices, default=StatementStatus.PENDING, db_index=True
    )
    is_seed = models.BooleanField(default=False)
    is_meta = models.BooleanField(
        default=False, help_text="About the conversation itself; left out of the maths"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["conversation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "number"], name="statement_number_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class Vote(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=VoteValue.choices)
    voted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="one_vote_per_statement"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.get_value_display()} on {self.statement_id}"


class OpinionReport(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="reports")
    data = models.JSONField()
    participant_count = models.PositiveIntegerField(default=0)
    statement_count = models.PositiveIntegerField(default=0)
    vote_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"report {self.pk} on {self.conversation_id}"
