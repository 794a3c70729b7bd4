"""A simulated week of events and hourly digest runs: each person gets exactly what their preferences say, at
their hour, grouped by object; nothing empty; nothing twice when runs and sending jobs are retried."""

import re
from collections import defaultdict
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from joinedup.jobs.services import job_enqueue, jobs_run_all
from joinedup.notifications.models import Delivery, DigestSchedule, Frequency, Kind, Preference
from joinedup.notifications.services import digests_run, notify
from tests import people_helpers as h

pytestmark = pytest.mark.django_db

MONDAY = timezone.make_aware(datetime(2026, 11, 30, 0, 30))  # site time (Europe/London, GMT in winter)


@pytest.fixture
def people(db):
    def p(name):
        return h.person(f"{name.lower()}@example.gov.uk", name)

    ada, bo, cy, di, ed = p("Ada"), p("Bo"), p("Cy"), p("Di"), p("Ed")
    # Ada: every kind daily (the default), at 08:00 (the default).
    # Bo: situation changes weekly, on Wednesdays at 18:00; introductions at once; the rest off.
    DigestSchedule.objects.create(user=bo, hour=18, weekday=2)
    for kind in Kind:
        Preference.objects.create(user=bo, kind=kind, frequency=Frequency.OFF)
    Preference.objects.filter(user=bo, kind=Kind.SITUATION_CHANGED).update(frequency=Frequency.WEEKLY)
    Preference.objects.filter(user=bo, kind=Kind.INTRODUCED).update(frequency=Frequency.IMMEDIATE)
    # Cy: everything off.
    for kind in Kind:
        Preference.objects.create(user=cy, kind=kind, frequency=Frequency.OFF)
    # Di: daily at 20:00, but no introductions.
    DigestSchedule.objects.create(user=di, hour=20)
    Preference.objects.create(user=di, kind=Kind.INTRODUCED, frequency=Frequency.OFF)
    # Ed: the defaults, and nothing ever happens to him.
    return ada, bo, cy, di, ed


def _events(ada, bo, cy, di):
    """(hours after MONDAY, kind, object, recipients): numbered so each email's contents can be read back."""
    everyone = [ada, bo, cy, di]
    return [
        (2, Kind.SITUATION_CHANGED, "situation:1", everyone),
        (3, Kind.INTRODUCED, "situation:1", everyone),
        (9, Kind.SITUATION_CHANGED, "situation:2", everyone),
        (9, Kind.SITUATION_CHANGED, "situation:1", everyone),
        (30, Kind.VOTES_AWAITED, "conversation:5", [ada, di]),
        (50, Kind.INTRODUCED, "situation:2", [bo, di]),
        (75, Kind.HEALTH_CHECK_OPENED, "round:3", everyone),
        (121, Kind.SITUATION_CHANGED, "situation:1", [ada, bo]),
        (160, Kind.RESULTS_RELEASED, "round:3", everyone),
    ]


def _read(message):
    return sorted(int(n) for n in re.findall(r"event (\d+)\b", message.body))


def test_a_week_of_hourly_runs_sends_each_person_what_they_chose_once(people):
    ada, bo, cy, di, ed = people
    events = _events(ada, bo, cy, di)
    pending = sorted(enumerate(events), key=lambda e: e[1][0])
    sent_at: dict[str, list[tuple[datetime, list[int]]]] = defaultdict(list)
    seen = 0
    for hour in range(8 * 24 + 1):  # a week of events, and the digests of its last day
        now = MONDAY + timedelta(hours=hour)
        with mock.patch("django.utils.timezone.now", return_value=now):
            while pending and pending[0][1][0] <= hour:
                n, (_h, kind, key, recipients) = pending.pop(0)
                notify(
                    recipients=recipients, kind=kind, object_key=key, title=key, url="/", message=f"event {n}"
                )
            digests_run(now=now)
            if hour % 24 == 8:
                digests_run(now=now)  # a cron that fired twice
                for job_params in [{"delivery_ids": list(Delivery.objects.values_list("id", flat=True))}]:
                    job_enqueue(kind="notifications.send", params=job_params)  # a sending job retried
            jobs_run_all()
        for message in mail.outbox[seen:]:
            sent_at[message.to[0]].append((now, _read(message)))
        seen = len(mail.outbox)

    def at(day, hour):
        return MONDAY + timedelta(days=day, hours=hour)  # the run at half past that hour

    # Ada, daily at 08:00, each digest the 24 hours before it: none on Wednesday, Friday or Sunday.
    assert sent_at[ada.email] == [
        (at(0, 8), [0, 1]), (at(1, 8), [2, 3, 4]), (at(3, 8), [6]), (at(5, 8), [7]), (at(7, 8), [8]),
    ]  # fmt: skip
    # Bo: the introductions at once, as they happen; situation changes in Wednesday's weekly digest at 18:00 only.
    assert sent_at[bo.email] == [(at(0, 3), [1]), (at(2, 2), [5]), (at(2, 18), [0, 2, 3])]
    # Cy chose nothing by email; Ed had nothing to hear about: no email, not even an empty one.
    assert cy.email not in sent_at and ed.email not in sent_at
    # Di, daily at 20:00, without the introductions.
    assert sent_at[di.email] == [(at(0, 20), [0, 2, 3]), (at(1, 20), [4]), (at(3, 20), [6]), (at(6, 20), [8])]
    assert Delivery.objects.count() == len(mail.outbox) == 5 + 3 + 4


def test_a_digest_groups_by_object_and_has_both_parts(people):
    ada, *_ = people
    with mock.patch("django.utils.timezone.now", return_value=MONDAY):
        for key, text in [("situation:1", "first"), ("situation:2", "other"), ("situation:1", "second")]:
            notify(recipients=[ada], kind=Kind.SITUATION_CHANGED, object_key=key, title=f"Title {key}", url="/s/",
                   message=text)  # fmt: skip
    digests_run(now=MONDAY.replace(hour=8))
    jobs_run_all()
    [message] = mail.outbox
    assert message.subject == "Your daily Joined Up digest"
    body = message.body
    assert (
        body.index("Title situation:1")
        < body.index("first")
        < body.index("second")
        < body.index("Title situation:2")
    )
    assert body.count("Title situation:1") == 1
    assert "Title situation:2" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_the_hourly_command_builds_the_due_digests_once_and_can_queue_itself(people):
    from io import StringIO

    from django.core.management import call_command

    ada, *_ = people
    with mock.patch("django.utils.timezone.now", return_value=MONDAY):
        notify(
            recipients=[ada], kind=Kind.INTRODUCED, object_key="situation:1", title="S", url="/", message="m"
        )
    out = StringIO()
    call_command("notifications-run", "--at", "2026-11-30T08:05", stdout=out)
    call_command("notifications-run", "--at", "2026-11-30T08:40", stdout=out)
    assert "daily digests: 1" in out.getvalue() and "daily digests: 0" in out.getvalue()
    call_command("notifications-run", "--queue", stdout=out)
    assert "Queued job" in out.getvalue()
    jobs_run_all()
    assert len(mail.outbox) == 1
