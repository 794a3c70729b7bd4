"""A sending job holds one SMTP session for its batch, over a real SMTP server on loopback: fewer handshakes,
and still each email once, a refused email failing alone, and a server that is down failing each delivery."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from joinedup.jobs.services import jobs_run_all
from joinedup.notifications.models import Delivery, DeliveryStatus, Frequency, Kind, Preference
from joinedup.notifications.services import notify
from tests import people_helpers as h
from tests.smtp_sink import Inbox, free_port, smtp_sink

pytestmark = pytest.mark.django_db


def _people_told_at_once(count):
    people = [h.person(f"p{i}@example.gov.uk", f"Person {i}") for i in range(count)]
    Preference.objects.bulk_create(
        Preference(user=p, kind=Kind.INTRODUCED, frequency=Frequency.IMMEDIATE) for p in people
    )
    notify(recipients=people, kind=Kind.INTRODUCED, object_key="situation:1", title="Temporary accommodation",
           url="/situations/1/", message="You were introduced")  # fmt: skip
    return people


def test_a_batch_goes_through_one_smtp_session_and_each_email_once(settings):
    with smtp_sink(settings) as inbox:
        people = _people_told_at_once(4)
        jobs_run_all()
        jobs_run_all()  # nothing left to send: nobody gets a second email
    assert sorted(to for [to], _ in inbox.messages) == sorted(p.email for p in people)
    assert inbox.sessions == 1
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_refused_email_fails_alone_and_the_rest_of_the_batch_is_sent(settings):
    with smtp_sink(settings, Inbox(refuse=frozenset({"p1@example.gov.uk"}))) as inbox:
        _people_told_at_once(4)
        jobs_run_all()
    assert sorted(to for [to], _ in inbox.messages) == [
        "p0@example.gov.uk",
        "p2@example.gov.uk",
        "p3@example.gov.uk",
    ]
    refused = Delivery.objects.get(recipient__email="p1@example.gov.uk")
    assert refused.status != DeliveryStatus.SENT and "554" in refused.error
    assert inbox.sessions == 2  # the session is closed after the failure and a new one opened for the rest


def test_with_the_server_down_every_delivery_fails_and_is_retried(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", free_port(), False
    settings.EMAIL_TIMEOUT = 2
    _people_told_at_once(3)
    jobs_run_all()
    assert list(Delivery.objects.values_list("status", flat=True)) == [DeliveryStatus.RETRYING] * 3
    assert all(
        "Connection refused" in e or "Errno" in e for e in Delivery.objects.values_list("error", flat=True)
    )
    assert DBTaskResult.objects.filter(run_after__gt=timezone.now()).exists()  # the retry is queued
