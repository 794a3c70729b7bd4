"""Partnerships: joint-working arrangements and secondments shaped by a charter, with anonymous health checks.

Charter models keep their full history (django-simple-history). Health-check responses are anonymous by
construction, against someone holding a copy of the database too: a response has no link to a person and no time;
the single-use invitation that let its respondent answer is deleted when used, so no row records who answered when;
and each answer rewrites the round's responses in a fresh random order with fresh random keys, so neither row order
(SQLite rowid, PostgreSQL ctid or xmin) nor ids say which answer came when.
"""

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from joinedup.places.models import Organisation, Place


class Side(models.TextChoices):
    CENTRAL = "central", "Central government"
    LOCAL = "local", "Local government"
    OTHER = "other", "Other partner"


class RespondentSide(models.TextChoices):
    CENTRAL = "central", "Central government"
    LOCAL = "local", "Local government"
    FRONTLINE = "frontline", "Frontline staff"
    OTHER = "other", "Other partner"


MAX_CODES_PER_BATCH = 200


class InvitationKind(models.TextChoices):
    MEMBER = "member", "Member of the partnership"
    CODE = "code", "Single-use code"


class PartnershipKind(models.TextChoices):
    JOINT_WORKING = "joint_working", "Joint-working arrangement"
    SECONDMENT = "secondment", "Secondment"


class State(models.TextChoices):
    EXPLORING = "exploring", "Exploring"
    AGREED = "agreed", "Agreed"
    ACTIVE = "active", "Active"
    EXITING = "exiting", "Exiting"
    CLOSED = "closed", "Closed"


class ParticipantRole(models.TextChoices):
    LEAD = "lead", "Lead"
    MEMBER = "member", "Member"


class CostBearer(models.TextChoices):
    CENTRAL = "central", "Central"
    LOCAL = "local", "Local"
    SHARED = "shared", "Shared"


class DeliverableStatus(models.TextChoices):
    # Decidim Accountability's shape: a status with a progress figure and dated milestones.
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AT_RISK = "at_risk", "At risk"
    COMPLETED = "completed", "Completed"
    DROPPED = "dropped", "Dropped"


def side_of_organisation(organisation: Organisation | None) -> str:
    if organisation is None:
        return Side.OTHER
    return {"central": Side.CENTRAL, "local": Side.LOCAL}.get(organisation.sector, Side.OTHER)


class Programme(models.Model):
    """A group of partnerships that a coordinator oversees (e.g. a devolution or reform programme)."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:programme", args=[self.pk])


# The charter's own fields, in the order the charter form asks them (the shared outcome first). A change to any
# of them withdraws the leads' confirmations (services.partnership_update_charter).
CHARTER_FIELDS = [
    "shared_outcome",
    "title",
    "kind",
    "programme",
    "central_brings",
    "local_brings",
    "timescale",
    "start_date",
    "exit_criteria",
    "planned_exit_date",
]


class Partnership(models.Model):
    title = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=PartnershipKind.choices, default=PartnershipKind.JOINT_WORKING
    )
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="partnerships"
    )
    places = models.ManyToManyField(Place, blank=True, related_name="partnerships")
    state = models.CharField(max_length=20, choices=State.choices, default=State.EXPLORING)
    shared_outcome = models.TextField(
        help_text="The outcome both sides want, in a sentence or two. Everything else follows from it."
    )
    central_brings = models.TextField("What the central side brings", blank=True)
    local_brings = models.TextField("What the local side brings", blank=True)
    timescale = models.CharField(
        max_length=200, blank=True, help_text="For example: 18 months from April 2026"
    )
    start_date = models.DateField(null=True, blank=True)
    exit_criteria = models.TextField(
        blank=True, help_text="How you will know it is time to end or hand over the arrangement"
    )
    planned_exit_date = models.DateField(null=True, blank=True)
    confirmations_withdrawn_at = models.DateTimeField(null=True, blank=True)
    confirmations_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(
        excluded_fields=["created_at", "confirmations_withdrawn_at", "confirmations_withdrawn_by"],
        m2m_fields=[places],
    )

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.start_date and self.planned_exit_date and self.planned_exit_date < self.start_date:
            raise ValidationError(
                {
                    "planned_exit_date": f"The planned exit date must be the same as or after the start date "
                    f"({self.start_date:%-d %B %Y})"
                }
            )

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", args=[self.pk])


class Participant(models.Model):
    """A person involved, their home organisation, role, and their declaration of interest ("which hat")."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partnership_roles"
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    side = models.CharField(max_length=10, choices=Side.choices)
    role = models.CharField(max_length=10, choices=ParticipantRole.choices, default=ParticipantRole.MEMBER)
    represents = models.TextField("Whom I represent here", blank=True)
    conflicts = models.TextField("Any conflict of interest", blank=True)
    declared_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user"], name="one_participant_per_person")
        ]
        ordering = ["side", "role", "user__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.get_side_display()})"

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class Champion(models.Model):
    """A senior sponsor who keeps the partnership alive in their organisation."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="champions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    side = models.CharField(max_length=10, choices=Side.choices)
    is_senior = models.BooleanField("Senior leader", default=True)
    left_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["side", "user__name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_side_display()} champion)"


class CostLine(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="costs")
    item = models.CharField(max_length=200)
    bearer = models.CharField("Who bears it", max_length=10, choices=CostBearer.choices)
    amount = models.DecimalField("Amount (£)", max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.TextField(blank=True, help_text="How the cost is shared or estimated")
    history = HistoricalRecords()

    class Meta:
        ordering = ["bearer", "item"]

    def __str__(self) -> str:
        return f"{self.item} ({self.get_bearer_display()})"

    def clean(self) -> None:
        if self.amount is None and not self.note.strip():
            raise ValidationError({"amount": "Give an amount or a note saying how the cost is shared"})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": "The amount cannot be negative"})


class Deliverable(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Per cent done, 0 to 100",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "title"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        done = self.status in {DeliverableStatus.COMPLETED, DeliverableStatus.DROPPED}
        return not done and self.due_date < today


class Milestone(models.Model):
    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_date = models.DateField()
    reached_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date"]

    def __str__(self) -> str:
        return self.title


class Confirmation(models.Model):
    """A lead's confirmation of the charter for their side. Removed whenever the charter changes."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="confirmations")
    side = models.CharField(max_length=10, choices=Side.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership", "side"], name="one_confirmation_per_side")
        ]


class ExitReview(models.Model):
    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="exit_review")
    set_out_to_do = models.TextField("What we set out to do")
    what_happened = models.TextField("What happened")
    do_differently = models.TextField("What we would do differently")
    helped_or_hindered = models.TextField("What helped or hindered locally")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Exit review of {self.partnership}"


def _new_link_token() -> str:
    return secrets.token_urlsafe(32)


class HealthCheck(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="health_checks")
    opens_on = models.DateField()
    closes_on = models.DateField(help_text="Answers are taken until the end of this day")
    closed_early_on = models.DateField(null=True, blank=True)
    # Kept only to recognise the open frontline links of old rounds and say that they no longer take answers.
    link_token = models.CharField(max_length=64, unique=True, default=_new_link_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["opens_on", "pk"]

    def __str__(self) -> str:
        return f"Health check of {self.partnership} ({self.opens_on:%-d %b %Y})"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:check", args=[self.partnership_id, self.pk])

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The closing date must be on or after the opening date"})

    def is_open(self, today: date) -> bool:
        return self.closed_early_on is None and self.opens_on <= today <= self.closes_on

    def is_closed(self, today: date) -> bool:
        return self.closed_early_on is not None or today > self.closes_on


class Response(models.Model):
    """One anonymous answer. Deliberately no person, no invitation and no time: the round is the finest time.

    The primary key is random, and every answer rewrites the round's rows in a new random order with new keys
    (services.partnership_answer_check), so neither keys nor storage order say which answer came first.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    check_round = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="responses")
    side = models.CharField(max_length=10, choices=RespondentSide.choices)
    answers = models.JSONField(help_text="Item code → 1..5")
    talk_about = models.TextField("What should we talk about?", blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Anonymous response ({self.get_side_display()})"


class Invitation(models.Model):
    """A single-use right to answer one round, bound to a side chosen by the server (a member's side in the
    partnership, or the side a lead chose for a batch of codes). Deleted in the same transaction as its answer is
    stored, so nothing records who answered, or when; it holds no time.

    `digest` is an HMAC (server secret) of the round and the member's account for members, and the SHA-256 of the
    code for codes; the codes themselves are shown once to the lead who issued them and never stored.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    check_round = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=InvitationKind.choices)
    side = models.CharField(max_length=10, choices=RespondentSide.choices)
    digest = models.CharField(max_length=64, unique=True)


class CodeBatch(models.Model):
    """That a lead issued `count` codes for one side of a round, shown with the round's results to every member, so
    a batch nobody expected (codes for a side whose people all have accounts, more codes than frontline staff)
    can be questioned. Written when codes are issued, never when one is used: it says nothing of who answered."""

    check_round = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="code_batches")
    side = models.CharField(max_length=10, choices=RespondentSide.choices)
    count = models.PositiveSmallIntegerField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.count} codes for {self.get_side_display()} ({self.issued_on:%-d %b %Y})"


class MemberInvited(models.Model):
    """That a member was issued their invitation for a round, written when it is issued (never when it is used),
    so a member who leaves and rejoins is not issued a second one. Deleted when the round is closed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    check_round = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["check_round", "digest"], name="one_invitation_per_member")
        ]
