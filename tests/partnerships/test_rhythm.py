"""The partnership keeps its rhythm: dates that make sense, no confirming twice, two steps for what cannot be
undone, and charter reminders (a plan at three months, a review at about ten, an outcome prompt at exit)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from joinedup.partnerships import selectors, services
from joinedup.partnerships.models import HealthCheck, State
from tests.partnerships.cast import agree, make_cast, make_partnership, open_check

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def charter_data(p, **changes):
    data = {
        "shared_outcome": p.shared_outcome,
        "title": p.title,
        "kind": p.kind,
        "programme": p.programme_id or "",
        "start_date": "2026-04-01",
        "planned_exit_date": "2027-09-30",
        "exit_criteria": p.exit_criteria,
    }
    data.update(changes)
    return data


def test_the_charter_refuses_an_exit_date_before_its_start(client, cast):
    p = make_partnership(cast)
    client.force_login(cast.central_lead)
    url = reverse("partnerships:edit", args=[p.pk])
    response = client.post(url, charter_data(p, planned_exit_date="2026-03-31"))
    assert response.status_code == 200
    assert "The planned exit date must be the same as or after the start date (1 April 2026)" in (
        response.content.decode()
    )
    p.refresh_from_db()
    assert p.start_date is None and p.planned_exit_date is None
    # The same day is fine.
    assert client.post(url, charter_data(p, planned_exit_date="2026-04-01")).status_code == 302


def test_the_model_and_the_service_refuse_it_too(cast):
    p = make_partnership(cast)
    p.start_date, p.planned_exit_date = date(2026, 4, 1), date(2026, 1, 1)
    with pytest.raises(ValidationError) as caught:
        p.full_clean()
    assert "planned_exit_date" in caught.value.message_dict
    p.refresh_from_db()
    with pytest.raises(ValidationError):
        services.partnership_update_charter(
            partnership=p,
            by=cast.central_lead,
            data={"start_date": date(2026, 4, 1), "planned_exit_date": date(2025, 12, 31)},
        )


def test_confirm_is_offered_until_the_charter_is_agreed(client, cast):
    p = make_partnership(cast, complete=True)
    client.force_login(cast.central_lead)
    button = "Confirm the charter for my side"
    assert button in client.get(p.get_absolute_url()).content.decode()
    services.partnership_confirm(partnership=p, by=cast.central_lead)
    assert button in client.get(p.get_absolute_url()).content.decode()  # the other side has not yet
    agree(cast, p)
    assert p.state == State.AGREED
    assert button not in client.get(p.get_absolute_url()).content.decode()
    # A changed charter withdraws the confirmations: it is offered again.
    services.partnership_update_charter(partnership=p, by=cast.central_lead, data={"timescale": "Two years"})
    assert button in client.get(p.get_absolute_url()).content.decode()


def test_one_click_does_not_close_a_health_check(client, cast):
    p = make_partnership(cast, complete=True)
    check = open_check(p, cast.central_lead)
    client.force_login(cast.central_lead)
    url = reverse("partnerships:close-check", args=[p.pk, check.pk])
    page = client.post(url)
    assert page.status_code == 200
    assert "Close this health check now?" in page.content.decode()
    assert "This cannot be undone" in page.content.decode()
    assert not HealthCheck.objects.get(pk=check.pk).is_closed(timezone.localdate())
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    assert HealthCheck.objects.get(pk=check.pk).is_closed(timezone.localdate())


def test_one_click_does_not_start_the_exit(client, cast):
    p = make_partnership(cast, complete=True)
    agree(cast, p)
    services.partnership_transition(partnership=p, action="activate", by=cast.central_lead)
    client.force_login(cast.central_lead)
    url = reverse("partnerships:transition", args=[p.pk, "start-exit"])
    assert "Start the exit?" in client.post(url).content.decode()
    p.refresh_from_db()
    assert p.state == State.ACTIVE
    client.post(url, {"confirmed": "yes"})
    p.refresh_from_db()
    assert p.state == State.EXITING


def test_add_months_keeps_the_day_or_the_end_of_a_shorter_month():
    assert selectors.add_months(date(2026, 4, 15), 3) == date(2026, 7, 15)
    assert selectors.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert selectors.add_months(date(2026, 5, 31), 10) == date(2027, 3, 31)


def started(cast, start, exit_on):
    p = make_partnership(cast, complete=True)
    services.partnership_update_charter(
        partnership=p, by=cast.central_lead, data={"start_date": start, "planned_exit_date": exit_on}
    )
    return p


def test_charter_reminders_fall_due_at_three_months_ten_months_and_exit(cast):
    p = started(cast, date(2026, 1, 10), date(2027, 6, 30))
    due = lambda on: [(r.partnership, r.kind, r.due_on) for r in selectors.charter_reminders_due(on)]  # noqa: E731
    assert due(date(2026, 4, 9)) == []
    assert due(date(2026, 4, 10)) == [(p, "plan", date(2026, 4, 10))]
    assert due(date(2026, 5, 10)) == [(p, "plan", date(2026, 4, 10))]  # still due a month on: no run loses it
    assert due(date(2026, 5, 11)) == []
    assert due(date(2026, 11, 10)) == [(p, "review", date(2026, 11, 10))]
    assert due(date(2027, 6, 30)) == [(p, "outcome", date(2027, 6, 30))]


def test_each_reminder_goes_to_the_current_leads_and_champions_with_one_key(cast):
    p = started(cast, date(2026, 1, 10), date(2027, 6, 30))
    champion = p.champions.get(user=cast.local_champion)
    services.partnership_champion_left(champion=champion, by=cast.central_lead)
    (reminder,) = selectors.charter_reminders_due(date(2026, 4, 20))
    assert set(reminder.to) == {cast.central_lead, cast.local_lead, cast.central_champion}
    assert cast.central_member not in reminder.to and cast.local_champion not in reminder.to
    assert reminder.key == f"charter-plan:{p.pk}:2026-04-10"
    assert reminder.key == selectors.charter_reminders_due(date(2026, 5, 1))[0].key
    with pytest.raises(AttributeError):
        reminder.kind = "review"  # frozen: a reminder is a fact about a date


def test_a_closed_partnership_or_one_without_dates_has_no_charter_reminders(cast):
    p = make_partnership(cast)
    assert selectors.charter_reminders_due(timezone.localdate()) == []
    p.start_date = date(2026, 1, 10)
    p.state = State.CLOSED
    p.save()
    assert selectors.charter_reminders_due(date(2026, 4, 10)) == []


def test_the_partnership_page_says_what_is_due(client, cast):
    today = timezone.localdate()
    start = today - timedelta(days=200)  # the plan (three months on) is past its month; the review is next
    p = started(cast, start, today + timedelta(days=400))
    client.force_login(cast.local_member)
    page = client.get(p.get_absolute_url()).content.decode()
    review = selectors.add_months(start, 10)
    assert f"Review due on {review.day} {review:%B %Y}" in page
