"""Introductions that lead to a meeting: proposed times, the .ics invitation, "did you meet?" a week later,
groups of three on request, and secondments that name the host organisation and its contact."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from joinedup.jobs.services import jobs_run_all
from joinedup.matching import selectors, services
from joinedup.matching.meetings import LONDON, common_slots, proposed_times
from joinedup.matching.models import Application, FollowUp, Match, Met
from tests.matching.test_site_cast import make_cast, opt_in, run_and_publish

# --- the rule for times (plain Python) ---------------------------------------------------------------------------


def test_times_are_the_half_days_everyone_stated_and_silence_constrains_nobody():
    assert common_slots([["tue-am", "wed-pm"], ["wed-pm", "thu-am"], []]) == {"wed-pm"}
    assert common_slots([["mon-am"], ["tue-am"]]) == set()
    # Friday 4 December 2026: the next Wednesday afternoon is the 9th, then the 16th.
    times = proposed_times([["wed-pm"], []], after=date(2026, 12, 4), count=2)
    assert times == [
        datetime(2026, 12, 9, 14, 0, tzinfo=LONDON),
        datetime(2026, 12, 16, 14, 0, tzinfo=LONDON),
    ]


def test_no_time_is_proposed_past_the_meet_by_date_or_on_a_weekend():
    times = proposed_times([[]], after=date(2026, 12, 4), until=date(2026, 12, 7), count=5)
    assert [t.date() for t in times] == [date(2026, 12, 7), date(2026, 12, 7)]  # Monday am and pm only


# --- the calendar invitation ---------------------------------------------------------------------------------------


def _parse(data: bytes):
    (event,) = Calendar.from_ical(data).walk("VEVENT")
    return event


@pytest.mark.django_db
def test_each_introduction_email_carries_an_ics_event_with_every_person_as_attendee():
    cast = make_cast()
    for user in [*cast.central, *cast.local]:
        opt_in(user, availability=["tue-am", "thu-pm"])
    opt_in(cast.bob, availability=["thu-pm"])
    run_and_publish(cast, trios=False)
    match = selectors.my_matches(cast.bob).get()
    to_bob = next(m for m in mail.outbox if m.to == [cast.bob.email] and "introduction" in m.subject)
    ((name, content, mimetype),) = to_bob.attachments
    assert name == "invitation.ics" and mimetype.startswith("text/calendar")
    event = _parse(content if isinstance(content, bytes) else content.encode())
    emails = sorted(str(a).removeprefix("mailto:") for a in event.get("attendee"))
    assert emails == sorted(p.user.email for p in selectors.partners_of(match, None))
    start = event.decoded("dtstart").astimezone(LONDON)
    assert (start.weekday(), start.hour) == (3, 14)  # Thursday afternoon: the only half-day both can make
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert str(event.get("organizer")).removeprefix("mailto:") == match.arranger.user.email
    assert "Thursday" in to_bob.body


@pytest.mark.django_db
def test_the_calendar_file_is_for_the_people_introduced_only(client):
    cast = make_cast()
    run_and_publish(cast, trios=False)
    match = selectors.my_matches(cast.bob).get()
    url = reverse("matching:match-calendar", args=[match.pk])
    client.force_login(cast.bob)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert _parse(response.content).get("uid") == f"match-{match.pk}@joinedup"
    page = client.get(reverse("matching:match-detail", args=[match.pk])).content.decode()
    assert url in page and reverse("people:detail", args=[match.person_a_id]) in page
    client.force_login(cast.olly)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_with_no_half_day_in_common_no_time_is_invented():
    cast = make_cast()
    for user in cast.central:
        opt_in(user, availability=["mon-am"])
    for user in cast.local:
        opt_in(user, availability=["fri-pm"])
    run_and_publish(cast, trios=False)
    match = selectors.my_matches(cast.bob).get()
    assert selectors.meeting_plan(match).times == [] and selectors.match_ics(match) is None
    to_bob = next(m for m in mail.outbox if m.to == [cast.bob.email] and "introduction" in m.subject)
    assert to_bob.attachments == []


# --- did you meet? ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_week_later_those_who_have_not_said_are_asked_once():
    cast = make_cast()
    round = run_and_publish(cast, trios=False)
    match = selectors.my_matches(cast.bob).get()
    services.match_feedback_give(match=match, profile=cast.bob.profile, met=Met.YES, useful="very")
    mail.outbox.clear()
    published = round.published_at
    assert services.match_follow_ups_send(now=published + timedelta(days=6)) == 0
    sent = services.match_follow_ups_send(now=published + timedelta(days=7, hours=1))
    asked = {m.to[0] for m in mail.outbox}
    everyone = {
        p.user.email for m in Match.objects.filter(round=round) for p in selectors.partners_of(m, None)
    }
    assert asked == everyone - {cast.bob.email} and sent == len(asked)
    assert all("Did you meet?" in m.subject for m in mail.outbox)
    # A second (or retried) run asks nobody again.
    assert services.match_follow_ups_send(now=published + timedelta(days=8)) == 0
    assert FollowUp.objects.count() == len(asked)
    # Introductions older than five weeks are left alone.
    FollowUp.objects.all().delete()
    assert services.match_follow_ups_send(now=published + timedelta(days=40)) == 0


# --- groups of three on request -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("asker", ["alice", "carol", "erin"])
def test_whoever_asks_for_a_group_of_three_is_the_one_who_joins_a_pair(asker):
    cast = make_cast()  # three central, two local: one central person makes a group of three
    opt_in(getattr(cast, asker), group_of_three=True)
    round = run_and_publish(cast)
    trio = round.matches.exclude(third=None).get()
    assert trio.third_id == getattr(cast, asker).profile.pk


# --- secondments: host organisation and contact --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_secondment_allocation_names_the_host_organisation_and_contact_and_proposes_a_meeting():
    cast = make_cast()
    scheme = services.scheme_create(by=cast.coordinator, name="Spring secondments", closes_on=None)
    council = cast.bob.profile.organisation
    data = {"scheme": scheme, "title": "Housing delivery in Leeds", "duration_months": 6, "description": "Delivery",
            "skills_sought": "Data", "capacity": 1, "how_it_ends": "Return with a handover",
            "host_organisation": council, "contact_name": "Priya Shah", "contact_email": "priya.shah@leeds.gov.uk"}  # fmt: skip
    offered = services.opportunity_create(host=cast.bob.profile, data=data)
    services.application_save(scheme=scheme, applicant=cast.alice.profile, ranking=[offered.pk])
    services.scheme_start(scheme=scheme, by=cast.coordinator)
    jobs_run_all()
    services.scheme_publish(scheme=scheme, by=cast.coordinator)
    jobs_run_all()
    application = Application.objects.select_related("allocated__host_organisation").get(scheme=scheme)
    opportunity = application.allocated
    assert opportunity is not None and opportunity.host_organisation is not None
    to_applicant = next(m for m in mail.outbox if m.to == [application.applicant.user.email])
    assert opportunity.host_organisation.name in to_applicant.body and "Priya Shah" in to_applicant.body
    ((_, content, _),) = to_applicant.attachments
    event = _parse(content if isinstance(content, bytes) else content.encode())
    attendees = {str(a).removeprefix("mailto:") for a in event.get("attendee")}
    assert {"priya.shah@leeds.gov.uk", application.applicant.user.email} <= attendees
    assert event.decoded("dtstart") > timezone.now()


@pytest.mark.django_db
def test_the_preferences_page_keeps_stated_half_days_and_the_wish_for_a_group(client):
    cast = make_cast()
    client.force_login(cast.alice)
    url = reverse("matching:preferences")
    page = client.get(url).content.decode()
    assert 'value="tue-am"' in page and "group of three" in page
    response = client.post(url, {"kind": "coffee", "coffee-active": "on", "coffee-mode": "either",
                                 "coffee-availability": ["thu-pm", "tue-am", "sun-am"]})  # fmt: skip
    assert response.status_code == 200  # a half-day that does not exist is refused, nothing saved
    assert "Select a valid choice" in response.content.decode()
    client.post(url, {"kind": "coffee", "coffee-active": "on", "coffee-mode": "either",
                      "coffee-availability": ["thu-pm", "tue-am"], "coffee-group_of_three": "on"})  # fmt: skip
    pref = cast.alice.profile.match_preferences.get(kind="coffee")
    assert pref.availability == ["tue-am", "thu-pm"] and pref.group_of_three
