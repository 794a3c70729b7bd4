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
