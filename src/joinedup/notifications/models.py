"""One model of events for people: what happened, to which object, read or not; how each person wants to hear
of each kind (at once, daily digest, weekly digest, off) and at what hour; and each email sent or to be sent.

A notification is never lost by a failed email: it stays in the person's inbox, and the `Delivery` that failed
records why, for coordinators (admin: Notifications › Deliveries).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    INTRODUCED = "introduced", "You were introduced"
    INVITED = "invited", "You were invited"
    HEALTH_CHECK_OPENED = "health_check_opened", "A health check opened"
    HEALTH_CHECK_CLOSING = "health_check_closing", "A health check is closing"
    RESULTS_RELEASED = "results_released", "Results were released"
    CHARTER_REVIEW_DUE = "charter_review_due", "A charter review is due"
    HEALTH_CHECK_DUE = "health_check_due", "A health check is due"
    DELIVERABLE_OVERDUE = "deliverable_overdue", "A deliverable is overdue"
    CHAMPION_MISSING = "champion_missing", "A side has no senior champion"
    EXIT_NEAR = "exit_near", "A planned exit date is near"
    SITUATION_CHANGED = "situation_changed", "A situation changed"
    VOTES_AWAITED = "votes_awaited", "A conversation awaits your votes"


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", "At once"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"
    OFF = "off", "Off"


DEFAULT_FREQUENCY = Frequency.DAILY
DEFAULT_HOUR = 8
DEFAULT_WEEKDAY = 0  # Monday


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    object_key = models.CharField(
        max_length=80, help_text="What it is about, as 'kind:id'; digests group by it"
    )
    title = models.CharField(max_length=200, help_text="The object's title, as it was")
    url = models.CharField(max_length=300)
    message = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set by an emitter that must not notify twice about one thing (a charter review due on a date).
    dedupe_key = models.CharField(max_length=120, null=True, blank=True)
    email = models.BooleanField(
        default=True, help_text="False: the inbox only (the event sent its own email)"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["created_at", "recipient"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="one_notification_per_dedupe_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class Preference(models.Model):
    """A person's choice for one kind; a kind without a row uses DEFAULT_FREQUENCY."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.frequency}"


class DigestSchedule(models.Model):
    """When a person's digests go: the hour (site time) and, for the weekly one, the day."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    hour = models.PositiveSmallIntegerField(default=DEFAULT_HOUR)
    weekday = models.PositiveSmallIntegerField(default=DEFAULT_WEEKDAY, help_text="0 is Monday")

    def __str__(self) -> str:
        return f"{self.user_id} at {self.hour}:00"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    RETRYING = "retrying", "Retrying"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One email: a notification at once, or a digest. `key` is unique per person and period, so a retried
    digest run finds the delivery it made before and never makes (or sends) a second."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=120, unique=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    notification_ids = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
