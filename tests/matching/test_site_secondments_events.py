"""Secondment allocation (stable, by deferred acceptance) and event table plans, through the services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from joinedup.engine.matching import secondments as sec
from joinedup.engine.matching.secondments import blocking_pairs
from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.services import jobs_run_all
from joinedup.matching import selectors, services
from joinedup.matching.models import Application, Registration, SchemeStatus
from tests import people_helpers as ph
from tests.matching.test_site_cast import make_cast

pytestmark = pytest.mark.django_db


def opportunity(scheme, host, title, capacity=1, **extra):
    data = {"scheme": scheme, "title": title, "duration_months": 6, "description": f"{title} work",
            "skills_sought": "Data analysis", "capacity": capacity, "how_it_ends": "Return with a handover",
            "place": ph.place(), **extra}  # fmt: skip
    return services.opportunity_create(host=host.profile, data=data)


@pytest.fixture
def scheme_world():
    cast = make_cast()
    scheme = services.scheme_create(by=cast.coordinator, name="Spring secondments", closes_on=None)
    o1 = opportunity(scheme, cast.bob, "Housing delivery in Leeds")
    o2 = opportunity(scheme, cast.dan, "Schools in Bradford", capacity=2)
    for user, ranking in ((cast.alice, [o1, o2]), (cast.carol, [o1, o2]), (cast.erin, [o1])):
        services.application_save(scheme=scheme, applicant=user.profile, ranking=[o.pk for o in ranking])
    return cast, scheme, o1, o2


def test_it_allocates_secondments_stably_and_publishes_them(scheme_world):
    cast, scheme, o1, o2 = scheme_world
    services.scheme_start(scheme=scheme, by=cast.coordinator)
    jobs_run_all()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.READY
    apps = {a.applicant_id: a for a in Application.objects.all()}
    placed = {a.applicant_id: a.allocated_id for a in apps.values() if a.allocated_id}
    # Three applicants, three places, and everyone ranked the one-place Leeds post first: all placed, Leeds once.
    assert list(placed.values()).count(o1.pk) == 1
    assert scheme.stats["placed"] == len(placed)
    # No applicant and host would both rather have each other, with the hosts' orders the service used.
    prefs = {str(a.applicant_id): [f"o{o}" for o in a.ranking] for a in apps.values()}
    score = services.secondments._secondment_scores(list(apps.values()), [o1, o2], prefs)
    hosts = sec.host_preferences(prefs, {}, score)
    assignment = {str(k): f"o{v}" for k, v in placed.items()}
    assert blocking_pairs(prefs, hosts, {f"o{o1.pk}": 1, f"o{o2.pk}": 2}, assignment) == []
    services.scheme_publish(scheme=scheme, by=cast.coordinator)
    assert len(mail.outbox) == 0  # sent by a job, not in the request
    jobs_run_all()
    assert len(mail.outbox) == 3
    assert Job.objects.get(kind="matching.send_allocations").status == JobStatus.DONE
    unplaced = [a for a in apps.values() if not a.allocated_id]
    assert all(a.reason for a in unplaced)


def test_it_refuses_rankings_of_unknown_or_own_opportunities(scheme_world):
    cast, scheme, o1, o2 = scheme_world
    with pytest.raises(ValidationError):
        services.application_save(scheme=scheme, applicant=cast.bob.profile, ranking=[o1.pk])
    with pytest.raises(ValidationError):
        services.application_save(scheme=scheme, applicant=cast.alice.profile, ranking=[o1.pk, o1.pk])
    with pytest.raises(ValidationError):
        services.application_save(scheme=scheme, applicant=cast.alice.profile, ranking=[])


def test_it_fails_an_allocation_without_placing_anyone(scheme_world, monkeypatch):
    cast, scheme, o1, o2 = scheme_world
    monkeypatch.setattr(sec, "deferred_acceptance", lambda *a: (_ for _ in ()).throw(ValueError("bad ranks")))
    services.scheme_start(scheme=scheme, by=cast.coordinator)
    jobs_run_all()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.FAILED and scheme.error == "bad ranks"
    assert Job.objects.get().status == JobStatus.FAILED
    assert not Application.objects.exclude(allocated=None).exists()
    with pytest.raises(ValidationError):
        services.scheme_publish(scheme=scheme)


def test_it_seats_an_event_in_mixed_tables():
    cast = make_cast()
    event = services.event_create(by=cast.coordinator, data={"title": "Development day", "starts_on": datetime.date(2027, 3, 1),
                                                             "table_size": 3, "capacity": 10})  # fmt: skip
    for user in [*cast.central, *cast.local]:
        services.event_register(event=event, profile=user.profile)
    services.event_plan_start(event=event, by=cast.coordinator)
    jobs_run_all()
    plan = selectors.table_plan(event.__class__.objects.get(pk=event.pk))
    assert [len(t["people"]) for t in plan] == [3, 2]
    for t in plan:
        assert {r.profile.sector for r in t["people"]} == {"central", "local"}
    assert not Registration.objects.filter(table=None).exists()


def test_it_stops_registrations_when_an_event_is_full():
    cast = make_cast()
    event = services.event_create(by=cast.coordinator, data={"title": "Safe space", "starts_on": datetime.date(2027, 3, 1),
                                                             "kind": "safe_space", "capacity": 2})  # fmt: skip
    services.event_register(event=event, profile=cast.alice.profile)
    services.event_register(event=event, profile=cast.bob.profile)
    with pytest.raises(ValidationError, match="full"):
        services.event_register(event=event, profile=cast.carol.profile)
    with pytest.raises(ValidationError):
        services.event_plan_start(event=services.event_create(by=cast.coordinator, data={
            "title": "Empty", "starts_on": datetime.date(2027, 3, 1)}), by=cast.coordinator)  # fmt: skip


def test_it_seats_people_who_have_met_apart():
    cast = make_cast()
    services.connection_ensure(a=cast.alice.profile, b=cast.bob.profile, source="match")
    event = services.event_create(by=cast.coordinator, data={"title": "Safe space", "starts_on": datetime.date(2027, 3, 1),
                                                             "kind": "safe_space", "table_size": 2})  # fmt: skip
    for user in (cast.alice, cast.bob, cast.carol, cast.dan):
        services.event_register(event=event, profile=user.profile)
    services.event_plan_compute(event_id=event.pk)
    seats = dict(Registration.objects.values_list("profile__user__email", "table"))
    assert seats[cast.alice.email] != seats[cast.bob.email]
    event.refresh_from_db()
    assert [t["known_pairs"] for t in event.plan_stats["mix"]] == [0, 0]
    assert all(t["sectors"] == {"central": 1, "local": 1} for t in event.plan_stats["mix"])


def test_it_follows_the_hosts_own_ranking(scheme_world):
    cast, scheme, o1, o2 = scheme_world
    services.opportunity_rank(opportunity=o1, host=cast.bob.profile, ranking=[cast.erin.profile.pk])
    services.scheme_compute(scheme_id=scheme.pk)
    placed = dict(Application.objects.values_list("applicant_id", "allocated_id"))
    assert placed == {cast.erin.profile.pk: o1.pk, cast.alice.profile.pk: o2.pk, cast.carol.profile.pk: o2.pk}


def test_it_refuses_a_ranking_by_someone_other_than_the_host(scheme_world):
    cast, scheme, o1, o2 = scheme_world
    with pytest.raises(ValidationError):
        services.opportunity_rank(opportunity=o1, host=cast.dan.profile, ranking=[cast.erin.profile.pk])
    with pytest.raises(ValidationError):  # Olly did not choose it
        services.opportunity_rank(opportunity=o1, host=cast.bob.profile, ranking=[cast.olly.profile.pk])


def test_it_lets_only_the_host_rank_through_the_page(client, scheme_world):
    cast, scheme, o1, o2 = scheme_world
    from django.urls import reverse

    url = reverse("matching:opportunity-rank", args=[o1.pk])
    for outsider in (cast.alice, cast.coordinator, cast.dan):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(cast.bob)
    page = client.get(url).content.decode()
    assert "Carol Clark" in page and "Erin Evans" in page
    client.post(url, {f"rank_{cast.erin.profile.pk}": "1", f"rank_{cast.alice.profile.pk}": "2"})
    o1.refresh_from_db()
    assert o1.ranking == [cast.erin.profile.pk, cast.alice.profile.pk]
    client.logout()
    assert client.get(url).status_code == 302
