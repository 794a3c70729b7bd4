import io
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from joinedup.core.panels import panels_for
from joinedup.notifications.models import Kind, Notification
from joinedup.notifications.reminders import reminders_emit
from joinedup.partnerships import services
from joinedup.partnerships.models import Side
from joinedup.partnerships.selectors import reminders_for, reminders_for_user
from tests.partnerships.cast import agree, make_cast, make_partnership, open_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def active():
    cast = make_cast()
    p = make_partnership(cast, complete=True)
    agree(cast, p)
    services.partnership_transition(partnership=p, action="activate", by=cast.central_lead)
    return cast, p


def messages_for(p, today):
    return [r.message for r in reminders_for(p, today)]


def test_it_reminds_when_the_exit_date_is_near(active):
    cast, p = active
    assert not any("exit date" in m for m in messages_for(p, date(2027, 6, 1)))
    assert any("planned exit date is in 20 days" in m for m in messages_for(p, date(2027, 9, 10)))


def test_it_reminds_about_an_overdue_deliverable(active):
    cast, p = active
    d = services.partnership_add_deliverable(partnership=p, by=cast.central_lead, title="Joint triage",
                                             due_date=date(2027, 1, 1))  # fmt: skip
    assert any("“Joint triage” was due on 1 January 2027" in m for m in messages_for(p, date(2027, 1, 2)))
    services.partnership_update_deliverable(deliverable=d, by=cast.central_lead, data={"status": "completed"})
    assert not any("Joint triage" in m for m in messages_for(p, date(2027, 1, 2)))


def test_it_reminds_when_a_champion_has_left(active):
    cast, p = active
    services.partnership_champion_left(champion=p.champions.get(side=Side.LOCAL), by=cast.local_lead)
    found = messages_for(p, timezone.localdate())
    assert any("no senior champion on the local side — Chris Chief has left as champion" in m for m in found)


def test_it_reminds_that_a_health_check_is_due_then_open(active):
    cast, p = active
    assert any("a health check is due" in m for m in messages_for(p, timezone.localdate()))
    open_check(p, cast.central_lead)
    found = messages_for(p, timezone.localdate())
    assert not any("a health check is due" in m for m in found)
    assert any("a health check is open until" in m for m in found)


def test_it_shows_leads_everything_and_members_only_open_checks(active):
    cast, p = active
    services.partnership_champion_left(champion=p.champions.get(side=Side.LOCAL), by=cast.local_lead)
    open_check(p, cast.central_lead)
    lead = [r.message for r in reminders_for_user(cast.central_lead)]
    member = [r.message for r in reminders_for_user(cast.central_member)]
    assert any("champion" in m for m in lead) and any("health check is open" in m for m in lead)
    assert member and all("health check is open" in m for m in member)


def test_it_adds_a_dashboard_panel_with_reminders(active, client):
    cast, p = active
    panels = panels_for("dashboard", cast.central_lead, cast.central_lead)
    panel = next(panel for panel in panels if panel.title == "Your partnerships")
    assert p in panel.context["partnerships"]
    assert panel.context["reminders"]
    assert not [
        x for x in panels_for("dashboard", cast.outsider, cast.outsider) if x.title == "Your partnerships"
    ]
    client.force_login(cast.central_lead)
    page = client.get("/dashboard/").content.decode()
    if "Your partnerships" in page:  # once the lead renders dashboard panels
        assert "a health check is due" in page


def _standing(kind=None):
    found = Notification.objects.exclude(kind__in=[Kind.HEALTH_CHECK_OPENED, Kind.HEALTH_CHECK_CLOSING,
                                                   Kind.RESULTS_RELEASED, Kind.CHARTER_REVIEW_DUE])  # fmt: skip
    return found.filter(kind=kind) if kind else found


def test_leads_are_notified_of_standing_reminders_once_a_week_and_never_emailed_directly(active):
    cast, p = active
    services.partnership_champion_left(champion=p.champions.get(side=Side.LOCAL), by=cast.local_lead)
    monday = date(2027, 3, 1)
    for day in (monday, monday, monday + timedelta(days=4)):  # twice on Monday, again on Friday
        call_command("partnership-reminders", "--date", day.isoformat(), stdout=io.StringIO())
    leads = {cast.central_lead.pk, cast.local_lead.pk}
    for kind in (Kind.HEALTH_CHECK_DUE, Kind.CHAMPION_MISSING):
        assert sorted(_standing(kind).values_list("recipient", flat=True)) == sorted(leads), kind
    assert "no senior champion on the local side" in _standing(Kind.CHAMPION_MISSING).first().message
    assert not mail.outbox  # emails go out through the notifications' own sending, as each lead chose
    notifications_run(monday + timedelta(days=7))  # the daily run emits them too: a new week, a new line
    assert _standing(Kind.CHAMPION_MISSING).count() == 2 * len(leads)


def test_members_hear_of_an_open_check_once_not_from_two_sources(active):
    cast, p = active
    check = open_check(p, cast.central_lead)
    notifications_run(check.opens_on)
    call_command("partnership-reminders", "--date", check.opens_on.isoformat(), stdout=io.StringIO())
    member = Notification.objects.filter(recipient=cast.local_member)
    assert list(member.values_list("kind", flat=True)) == [Kind.HEALTH_CHECK_OPENED]
    assert not _standing().filter(recipient=cast.local_member).exists()
    assert not _standing(Kind.HEALTH_CHECK_DUE).exists()  # the open round is recent


def notifications_run(day):
    reminders_emit(on=day)
