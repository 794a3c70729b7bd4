from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from joinedup.core.panels import panels_for
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


def test_it_emails_reminders_once_a_day(active):
    cast, p = active
    call_command("partnership-reminders")
    first = {m.to[0]: m.body for m in mail.outbox}
    assert set(first) == {cast.central_lead.email, cast.local_lead.email}
    assert "a health check is due" in first[cast.central_lead.email]
    call_command("partnership-reminders")
    assert len(mail.outbox) == 2
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    call_command("partnership-reminders", "--date", tomorrow)
    assert len(mail.outbox) == 4


def test_it_emails_members_when_a_check_opens(active):
    cast, p = active
    open_check(p, cast.central_lead)
    call_command("partnership-reminders")
    assert any(m.to == [cast.local_member.email] and "health check is open" in m.body for m in mail.outbox)
