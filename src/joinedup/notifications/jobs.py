"""Jobs: send deliveries (each once: the row is locked and a sent one skipped), and the hourly digest run."""

import itertools
from typing import Any

from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from joinedup.jobs.registry import ProgressReporter, job_handler
from joinedup.notifications.mail import message_build, unsubscribe_url
from joinedup.notifications.models import Delivery, DeliveryStatus, Frequency, Notification
from joinedup.notifications.services import deliveries_retry, delivery_record, digests_run

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60  # then 2, 4, 8 minutes

SUBJECTS = {
    Frequency.IMMEDIATE: "Joined Up: {title}",
    Frequency.DAILY: "Your daily Joined Up digest",
    Frequency.WEEKLY: "Your weekly Joined Up digest",
}


def delivery_message(delivery: Delivery, loaded: dict[int, Notification] | None = None) -> Any:
    """The email for a delivery: its notifications grouped by the object they are about (from `loaded`, the
    batch's notifications read in one query, when given)."""
    if loaded is None:
        loaded = Notification.objects.in_bulk(delivery.notification_ids)
    found = (loaded[i] for i in delivery.notification_ids if i in loaded)
    notifications = sorted(found, key=lambda n: (n.object_key, n.created_at, n.pk))
    groups = [
        {"title": items[-1].title, "url": items[-1].url, "items": items}
        for items in (list(g) for _k, g in itertools.groupby(notifications, key=lambda n: n.object_key))
    ]
    kind = notifications[0].kind if delivery.frequency == Frequency.IMMEDIATE and notifications else "all"
    subject = SUBJECTS[Frequency(delivery.frequency)].format(
        title=notifications[0].title if notifications else ""
    )
    return message_build(
        to=delivery.recipient.email,
        subject=subject,
        template="notifications/email/digest",
        context={"delivery": delivery, "groups": groups, "recipient": delivery.recipient},
        unsubscribe=unsubscribe_url(user_id=delivery.recipient_id, kind=kind),
    )


def delivery_send(
    delivery_id: int,
    *,
    attempt: int,
    loaded: dict[int, Notification] | None = None,
    connection: BaseEmailBackend | None = None,
) -> bool | None:
    """Send one delivery unless it was sent already; True sent, False failed, None skipped.

    With `connection`, the email goes through that open mail connection (one SMTP session for a whole batch);
    after a failure it is closed, and opened again for the next email.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update().select_related("recipient").filter(pk=delivery_id).first()
        )
        if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
            return None
        try:
            message = delivery_message(delivery, loaded)
            if connection is not None:
                connection.open()  # a no-op while the session is open; a new one after a failure
                message.connection = connection
            message.send()
        except Exception as exc:  # the notification stays in the inbox; the delivery says why it failed
            if connection is not None:
                connection.close()  # the session may be broken: the next email starts a new one
            delivery_record(
                delivery=delivery, error=f"{type(exc).__name__}: {exc}", final=attempt >= MAX_ATTEMPTS
            )
            return False
        delivery_record(delivery=delivery)
        return True


def deliveries_send(
    ids: list[int], *, attempt: int, progress: ProgressReporter | None = None
) -> tuple[int, list[int]]:
    """Send these deliveries (each unless already sent) through one mail connection; returns how many were sent
    and the ids that failed.

    One SMTP session for the batch, not a connection, greeting and TLS handshake for every email; each email is
    still its own transaction, so a retried job never sends one twice (bench/digest_sending.py). The session is
    opened by the first email, not here: with the server down each delivery fails, is recorded and retried.
    """
    wanted = [
        i
        for ids_ in Delivery.objects.filter(id__in=ids).values_list("notification_ids", flat=True)
        for i in ids_
    ]
    loaded = Notification.objects.in_bulk(wanted)
    sent, failed = 0, []
    connection = get_connection()
    try:
        for n, delivery_id in enumerate(ids, 1):
            outcome = delivery_send(delivery_id, attempt=attempt, loaded=loaded, connection=connection)
            sent += outcome is True
            if outcome is False:
                failed.append(delivery_id)
            if progress is not None and n % 50 == 0:
                progress(100 * n // len(ids), f"Sent {sent} of {len(ids)}")
    finally:
        connection.close()
    return sent, failed


@job_handler("notifications.send")
def send_deliveries(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    attempt = int(params.get("attempt", 1))
    sent, failed = deliveries_send(
        [int(i) for i in params["delivery_ids"]], attempt=attempt, progress=progress
    )
    if failed and attempt < MAX_ATTEMPTS:
        deliveries_retry(failed, attempt=attempt + 1, delay_seconds=BACKOFF_SECONDS * 2 ** (attempt - 1))
    return {"sent": sent, "failed": len(failed), "attempt": attempt}


@job_handler("notifications.digests")
def run_digests(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    from datetime import datetime

    from django.utils import timezone

    from joinedup.notifications.reminders import reminders_emit

    now = datetime.fromisoformat(params["now"]) if params.get("now") else timezone.now()
    made = reminders_emit(on=timezone.localdate(now))
    return {**digests_run(now=now), "reminders": made}
