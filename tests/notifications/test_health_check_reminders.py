"""Health-check rounds notify their partnership's participants once each: opened, closing tomorrow, closed."""

from datetime import timedelta

import pytest

from joinedup.notifications.models import Kind, Notification
from joinedup.notifications.reminders import reminders_emit
from tests.partnerships.cast import make_cast, make_partnership, open_check

pytestmark = pytest.mark.django_db


def test_a_round_notifies_opened_closing_and_results_once_each():
    cast = make_cast()
    partnership = make_partnership(cast, complete=True)
    check = open_check(partnership, cast.central_lead)
    people = set(partnership.participants.filter(left_on__isnull=True).values_list("user_id", flat=True))
    opened, closes = check.opens_on, check.closes_on
    for day in [
        opened,
        opened,
        closes - timedelta(days=1),
        closes + timedelta(days=1),
        closes + timedelta(days=1),
    ]:
        reminders_emit(on=day)
    for kind in (Kind.HEALTH_CHECK_OPENED, Kind.HEALTH_CHECK_CLOSING, Kind.RESULTS_RELEASED):
        got = list(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))
        assert sorted(got) == sorted(people), kind


def test_the_charter_rhythm_notifies_leads_and_champions_once_per_step():
    from datetime import date

    from joinedup.partnerships import services

    cast = make_cast()
    p = make_partnership(cast, complete=True)
    services.partnership_update_charter(
        partnership=p,
        by=cast.central_lead,
        data={"start_date": date(2026, 1, 10), "planned_exit_date": date(2027, 6, 30)},
    )
    for day in [
        date(2026, 4, 10),
        date(2026, 4, 20),
        date(2026, 11, 10),
    ]:  # the plan (twice in its month), the review
        reminders_emit(on=day)
    got = Notification.objects.filter(kind=Kind.CHARTER_REVIEW_DUE)
    people = {cast.central_lead.pk, cast.local_lead.pk, cast.central_champion.pk, cast.local_champion.pk}
    assert set(got.values_list("recipient", flat=True)) == people
    assert got.count() == 2 * len(people)  # one per step each, however often the run asks
    assert got.filter(message__contains="review the charter").count() == len(people)
