"""Writes for notifications: emit events, read them, set preferences, and build the emails (at once or digests).

Emails are sent by the jobs in jobs.py; everything here only records what to send, in the caller's
transaction, so a rolled-back event leaves no email behind (docs/adr/0017).
"""

import itertools
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.jobs.services import job_enqueue
from joinedup.notifications.models import (
    DEFAULT_FREQUENCY,
    DEFAULT_HOUR,
    DEFAULT_WEEKDAY,
    Delivery,
    DeliveryStatus,
    DigestSchedule,
    Frequency,
    Kind,
    Notification,
    Preference,
)

SEND_BATCH = 500  # deliveries per sending job
PERSON_BATCH = 2000  # people whose digests are decided together (bounds memory)


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    object_key: str,
    title: str,
    url: str,
    message: str,
    actor: User | None = None,
    email: bool = True,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """One notification per recipient (not the actor), and an email at once for those who asked for it.

    With `dedupe_key`, a recipient who already has a notification with that key gets no second one.
    """
    people = {u.pk: u for u in recipients if actor is None or u.pk != actor.pk}
    if dedupe_key is not None:
        seen = Notification.objects.filter(recipient_id__in=people, dedupe_key=dedupe_key)
        for user_id in seen.values_list("recipient_id", flat=True):
            people.pop(user_id, None)
    if not people:
        return []
    now = timezone.now()
    with transaction.atomic():
        made = Notification.objects.bulk_create(
            Notification(
                recipient_id=user_id,
                kind=kind,
                object_key=object_key,
                title=title[:200],
                # A field-for-field keyword list into Notification (and Delivery below): the same shape as
                # other services' creates (spending.services.spend_count_create, systemmaps.services.links);
                # nothing shared but the form.
                url=url,
                message=message,
                actor=actor,
                email=email,
                dedupe_key=dedupe_key,
                created_at=now,
            )  # fmt: skip
            for user_id in people
        )
        if email:
            at_once = set(frequencies_for(user_ids=list(people), kind=kind, wanted=Frequency.IMMEDIATE))
            deliveries = Delivery.objects.bulk_create(
                Delivery(
                    recipient_id=n.recipient_id,
                    key=f"now:{n.pk}",
                    frequency=Frequency.IMMEDIATE,
                    notification_ids=[n.pk],
                    created_at=now,
                )  # fmt: skip
                for n in made
                if n.recipient_id in at_once
            )
            _enqueue_sends([d.pk for d in deliveries])
    return made


def frequencies_for(*, user_ids: Sequence[int], kind: str, wanted: str) -> list[int]:
    """Of these people, those whose choice for `kind` is `wanted` (the default counts for those with no row)."""
    chosen = dict(
        Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "frequency")
    )
    return [u for u in user_ids if chosen.get(u, DEFAULT_FREQUENCY) == wanted]


def _enqueue_sends(delivery_ids: list[int], *, attempt: int = 1, delay_seconds: float = 0) -> None:
    for start in range(0, len(delivery_ids), SEND_BATCH):
        job_enqueue(
            kind="notifications.send",
            params={"delivery_ids": delivery_ids[start : start + SEND_BATCH], "attempt": attempt},
            delay_seconds=delay_seconds,
        )


def notifications_mark_read(*, user: User, ids: Sequence[int] | None = None) -> int:
    """Mark some (or, with ids=None, all) of a person's unread notifications read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(id__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user: User, frequencies: dict[str, str], hour: int, weekday: int) -> None:
    """Save a person's choice per kind and when their digests go."""
    if not 0 <= hour <= 23 or not 0 <= weekday <= 6:
        raise ValidationError("The hour is 0–23 and the weekday 0–6")
    for kind, frequency in frequencies.items():
        if kind not in Kind.values or frequency not in Frequency.values:
            raise ValidationError(f"Unknown kind or frequency: {kind}={frequency}")
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"frequency": frequency})
    DigestSchedule.objects.update_or_create(user=user, defaults={"hour": hour, "weekday": weekday})


@transaction.atomic
def unsubscribe(*, user_id: int, kind: str) -> None:
    """Turn off emails of one kind, or of every kind ("all"); the inbox still shows them."""
    kinds = [k.value for k in Kind] if kind == "all" else [kind]
    for k in kinds:
        Preference.objects.update_or_create(user_id=user_id, kind=k, defaults={"frequency": Frequency.OFF})


def digest_period_end(now: datetime) -> datetime:
    """The hour a digest run at `now` is for: the start of the current hour, in the site's time zone."""
    return timezone.localtime(now).replace(minute=0, second=0, microsecond=0)


def _grouped(rows: Iterator[tuple[int, int, str]]) -> Iterator[list[tuple[int, list[tuple[int, str]]]]]:
    """Rows (id, recipient, kind) ordered by recipient → batches of (recipient, [(id, kind)]), PERSON_BATCH
    people at a time."""
    people = ((r, [(i, k) for i, _r, k in group]) for r, group in itertools.groupby(rows, key=lambda t: t[1]))
    while batch := list(itertools.islice(people, PERSON_BATCH)):
        yield batch


def digests_build(*, frequency: str, period_end: datetime, enqueue: bool = True) -> dict[str, int]:
    """Make the digest deliveries of one period for the people whose digest goes at `period_end`.

    A daily digest covers the 24 hours before `period_end`; a weekly one the 7 days. Only notifications
    whose kind the person wants in this digest are in it; a person with none gets no delivery (never empty).
    Each delivery's key is unique per person and period, so running this again for the same period makes
    nothing new and queues nothing new (idempotent). Notifications are streamed in recipient order and
    decided PERSON_BATCH people at a time, so memory stays bounded however many there are.
    """
    assert frequency in (Frequency.DAILY, Frequency.WEEKLY)
    period_end = digest_period_end(period_end)
    start = period_end - (timedelta(days=1) if frequency == Frequency.DAILY else timedelta(days=7))
    run_stamp = timezone.now()
    rows = (
        Notification.objects.filter(created_at__gte=start, created_at__lt=period_end, email=True)
        .order_by("recipient_id", "id")
        .values_list("id", "recipient_id", "kind")
        .iterator(chunk_size=20_000)
    )
    made = people = 0
    for batch in _grouped(rows):
        ids = [r for r, _ in batch]
        people += len(ids)
        schedules = {
            u: (h, w)
            for u, h, w in DigestSchedule.objects.filter(user_id__in=ids).values_list(
                "user_id", "hour", "weekday"
            )
        }
        chosen: dict[tuple[int, str], str] = {
            (u, k): f
            for u, k, f in Preference.objects.filter(user_id__in=ids).values_list(
                "user_id", "kind", "frequency"
            )
        }
        new = []
        for user_id, items in batch:
            hour, weekday = schedules.get(user_id, (DEFAULT_HOUR, DEFAULT_WEEKDAY))
            if hour != period_end.hour or (frequency == Frequency.WEEKLY and weekday != period_end.weekday()):
                continue
            wanted = [i for i, k in items if chosen.get((user_id, k), DEFAULT_FREQUENCY) == frequency]
            if wanted:
                key = f"{frequency}:{period_end:%Y-%m-%dT%H}:{user_id}"
                new.append(
                    Delivery(
                        # Keyword list into Delivery: alike in shape to the Notification one above, different
                        # model and fields.
                        recipient_id=user_id,
                        key=key,
                        frequency=frequency,
                        notification_ids=wanted,
                        created_at=run_stamp,
                    )  # fmt: skip
                )
        with transaction.atomic():
            Delivery.objects.bulk_create(new, ignore_conflicts=True)
            fresh = list(
                Delivery.objects.filter(key__in=[d.key for d in new], created_at=run_stamp).values_list(
                    "id", flat=True
                )
            )
            if enqueue:
                _enqueue_sends(fresh)
        made += len(fresh)
    return {"people": people, "deliveries": made}


def digests_run(*, now: datetime | None = None, enqueue: bool = True) -> dict[str, Any]:
    """The hourly run: the daily digests due this hour, and the weekly ones due this hour and day."""
    period_end = digest_period_end(now or timezone.now())
    return {
        "period_end": period_end.isoformat(),
        "daily": digests_build(frequency=Frequency.DAILY, period_end=period_end, enqueue=enqueue),
        "weekly": digests_build(frequency=Frequency.WEEKLY, period_end=period_end, enqueue=enqueue),
    }


def delivery_record(*, delivery: Delivery, error: str = "", final: bool = False) -> None:
    """Record a send: sent (no error), or failed with the reason (retrying unless final)."""
    delivery.attempts += 1
    if not error:
        delivery.status, delivery.sent_at, delivery.error = DeliveryStatus.SENT, timezone.now(), ""
    else:
        delivery.status = DeliveryStatus.FAILED if final else DeliveryStatus.RETRYING
        delivery.error = error[:300]
    delivery.save(update_fields=["attempts", "status", "sent_at", "error"])


def deliveries_retry(delivery_ids: list[int], *, attempt: int, delay_seconds: float) -> None:
    _enqueue_sends(delivery_ids, attempt=attempt, delay_seconds=delay_seconds)
