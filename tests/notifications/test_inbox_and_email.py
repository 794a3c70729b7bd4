"""The inbox and its unread count, preferences, emails at once with one-click unsubscribe, failed sends."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from joinedup.accounts.models import Role
from joinedup.jobs.services import jobs_run_all
from joinedup.notifications import reminders
from joinedup.notifications.forms import KIND_GROUPS
from joinedup.notifications.mail import unsubscribe_token
from joinedup.notifications.models import Delivery, DeliveryStatus, Frequency, Kind, Notification, Preference
from joinedup.notifications.services import notify
from joinedup.situations.services import situation_update
from tests import people_helpers as h

pytestmark = pytest.mark.django_db


def _notify(users, kind=Kind.INTRODUCED, message="You were introduced", **extra):
    return notify(
        recipients=users, kind=kind, object_key="situation:1", title="Temporary accommodation",
        url="/situations/1/", message=message, **extra,
    )  # fmt: skip


def test_the_header_counts_unread_and_opening_one_marks_it_read(cast, client):
    [first, _second] = _notify([cast.member]) + _notify([cast.member], message="Again")
    client.force_login(cast.member)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert re.search(r"Notifications <span class=\"ju-count\">2<", page)
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.url == "/situations/1/"
    assert re.search(r"ju-count\">1<", client.get("/dashboard/").content.decode())
    client.post(reverse("notifications:mark-all-read"))
    assert "ju-count" not in client.get("/dashboard/").content.decode()


def test_nobody_opens_another_persons_notification(cast, client):
    [n] = _notify([cast.member])
    client.force_login(cast.outsider)
    assert client.post(reverse("notifications:open", args=[n.pk])).status_code == 404
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_a_situation_change_notifies_its_members_but_not_whoever_made_it(cast):
    s = cast.situation
    situation_update(
        situation=s, actor=cast.convener, title=s.title, framing=s.framing, status="active", places=[],
        policy_areas=[],
    )  # fmt: skip
    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (cast.member.pk, Kind.SITUATION_CHANGED)
    ]


def test_at_once_sends_one_email_with_both_parts_and_one_click_unsubscribe(cast, client):
    Preference.objects.create(user=cast.member, kind=Kind.INTRODUCED, frequency=Frequency.IMMEDIATE)
    _notify([cast.member, cast.outsider])  # the outsider keeps the default: daily digest
    jobs_run_all()
    [message] = mail.outbox
    assert message.to == [cast.member.email] and "You were introduced" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>").split("localhost:8000", 1)[1]
    response = client.post(url, {"List-Unsubscribe": "One-Click"})  # a mail client: no session, no CSRF
    assert response.status_code == 200
    assert Preference.objects.get(user=cast.member, kind=Kind.INTRODUCED).frequency == Frequency.OFF
    assert Preference.objects.filter(user=cast.member, frequency=Frequency.OFF).count() == 1


def test_a_forged_unsubscribe_link_does_nothing(cast, client):
    token = unsubscribe_token(user_id=cast.member.pk)
    forged = signing.dumps({"u": cast.outsider.pk, "k": "all"}, salt="another")
    assert client.post(reverse("notifications:unsubscribe", args=[forged])).status_code == 400
    assert client.get(reverse("notifications:unsubscribe", args=[token])).status_code == 200  # asks first
    assert not Preference.objects.exists()


def test_preferences_are_saved_per_kind_with_the_hour(cast, client):
    client.force_login(cast.member)
    data = {f"kind_{k.value}": Frequency.WEEKLY for k in Kind} | {"hour": "18", "weekday": "2"}
    data["kind_invited"] = Frequency.OFF
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert '<option value="18" selected>' in page
    assert Preference.objects.get(user=cast.member, kind=Kind.INVITED).frequency == Frequency.OFF


def test_every_kind_is_chosen_once_under_its_heading_with_a_full_size_select(cast, client):
    grouped = [k for _heading, kinds in KIND_GROUPS for k in kinds]
    assert sorted(grouped) == sorted(Kind) and len(grouped) == len(set(grouped))
    client.force_login(cast.member)
    page = client.get(reverse("notifications:preferences")).content.decode()
    headings = re.findall(r'<h2 class="govuk-fieldset__heading">([^<]+)</h2>', page)
    assert headings == [heading for heading, _kinds in KIND_GROUPS]
    selects = re.findall(r"<select [^>]*>", page)
    assert len(selects) == len(Kind) + 2 and all('class="govuk-select' in s for s in selects)
    assert page.index("A deliverable is overdue") > page.index("Partnerships you lead")


def test_a_send_that_keeps_failing_is_retried_then_shown_to_coordinators_and_the_notification_stays(
    cast, client
):
    Preference.objects.create(user=cast.member, kind=Kind.INTRODUCED, frequency=Frequency.IMMEDIATE)
    _notify([cast.member])
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("relay refused")):
        for _attempt in range(5):
            DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))
            jobs_run_all()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 5)
    assert not DBTaskResult.objects.ready().exists()  # it gave up
    assert Notification.objects.filter(recipient=cast.member).count() == 1
    client.force_login(cast.member)
    assert client.get(reverse("notifications:failed")).status_code == 403
    coordinator = h.person("co@example.gov.uk", "Cody Coordinator", role=Role.COORDINATOR)
    client.force_login(coordinator)
    assert "relay refused" in client.get(reverse("notifications:failed")).content.decode()


def test_reminder_sources_are_emitted_once_per_key(cast):
    def charter_reviews(on):  # stands in for partnerships.selectors.charter_reminders_due (house branch)
        yield reminders.Reminder(
            recipients=[cast.member, cast.convener], kind=Kind.CHARTER_REVIEW_DUE, object_key="partnership:7",
            title="Leeds housing partnership", url="/partnerships/7/", message="The charter review is due",
            dedupe_key=f"charter-review:7:{on}",
        )  # fmt: skip

    reminders.register("test-charters", charter_reviews)
    try:
        today = timezone.localdate()
        assert reminders.reminders_emit(on=today) == 2
        assert reminders.reminders_emit(on=today) == 0  # a second run, or a retried job
        assert reminders.reminders_emit(on=today + timedelta(days=90)) == 2
    finally:
        reminders.unregister("test-charters")
    assert Notification.objects.filter(kind=Kind.CHARTER_REVIEW_DUE).count() == 4


def test_a_new_conversation_tells_the_situations_other_members_it_awaits_their_votes(cast):
    from joinedup.perspectives.services import conversation_create

    conversation = conversation_create(
        situation=cast.situation, created_by=cast.convener, title="What works", question="What works here?"
    )
    [n] = Notification.objects.filter(kind=Kind.VOTES_AWAITED)
    assert n.recipient == cast.member and n.url == conversation.get_absolute_url()
