"""Reads of a person's own notifications and choices (nobody reads another's)."""

from typing import Any

from django.db.models import QuerySet

from joinedup.notifications.models import (
    DEFAULT_FREQUENCY,
    DEFAULT_HOUR,
    DEFAULT_WEEKDAY,
    Delivery,
    DeliveryStatus,
    DigestSchedule,
    Kind,
    Notification,
    Preference,
)


def unread_count(user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor")


def preferences_of(user: Any) -> dict[str, str]:
    """Every kind with the person's choice (the default where they made none)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return {k.value: chosen.get(k.value, DEFAULT_FREQUENCY) for k in Kind}


def schedule_of(user: Any) -> tuple[int, int]:
    row = DigestSchedule.objects.filter(user=user).values_list("hour", "weekday").first()
    return row if row is not None else (DEFAULT_HOUR, DEFAULT_WEEKDAY)


def deliveries_failed() -> QuerySet[Delivery]:
    return Delivery.objects.filter(status=DeliveryStatus.FAILED).select_related("recipient")
