"""Every matching page tried by each persona: coordinator, a participant in the match, another participant
(404 for what is not theirs), anonymous (sign in), and the wrong method (405); side effects checked."""

import datetime

import pytest
from django.urls import reverse

from joinedup.jobs.models import Job
from joinedup.matching import selectors, services
from joinedup.matching.models import Block, Feedback, Kind, MatchRound, Preference, Registration, RoundStatus
from joinedup.people.models import Connection
from tests import people_helpers as ph
from tests.matching.test_site_cast import make_cast, make_round, run_and_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    cast = make_cast()
    round = run_and_publish(cast, trios=False)
    match = selectors.my_matches(cast.bob).get()
    other = selectors.my_matches(cast.dan).get()
    scheme = services.scheme_create(by=cast.coordinator, name="Spring secondments", closes_on=None)
    opportunity = services.opportunity_create(host=cast.bob.profile, data={
        "scheme": scheme, "title": "Housing delivery", "duration_months": 6, "description": "Delivery work",
        "skills_sought": "Analysis", "capacity": 1, "how_it_ends": "Handover"})  # fmt: skip
    event = services.event_create(
        by=cast.coordinator, data={"title": "Development day", "starts_on": datetime.date(2027, 3, 1)}
    )
    services.event_register(event=event, profile=cast.bob.profile)
    return cast, round, match, other, scheme, opportunity, event


def names(world):
    cast, round, match, other, scheme, opportunity, event = world
    return {
        "coordinator_get": [("round-list", []), ("round-create", []), ("round-detail", [round.pk]),
                            ("scheme-create", []), ("event-create", [])],
        "coordinator_post": [("round-run", [round.pk]), ("round-publish", [round.pk]), ("scheme-run", [scheme.pk]),
                             ("scheme-publish", [scheme.pk]), ("event-seat", [event.pk])],
        "everyone_get": [("home", []), ("preferences", []), ("bridges", []), ("board", []), ("event-list", []),
                         ("scheme-detail", [scheme.pk]), ("apply", [scheme.pk]), ("opportunity-detail", [opportunity.pk]),
                         ("opportunity-create", []), ("event-detail", [event.pk]), ("network", [ph.place().gss_code])],
        "post_only": [("block-add", []), ("block-remove", [1]), ("event-register", [event.pk]),
                      ("event-unregister", [event.pk]), ("match-rematch", [match.pk])],
    }  # fmt: skip


def url(name, args):
    return reverse(f"matching:{name}", args=args)


def all_urls(world):
    found = [url(n, a) for group in names(world).values() for n, a in group]
    cast, round, match, other, scheme, opportunity, event = world
    return found + [
        url("match-detail", [match.pk]),
        url("match-feedback", [match.pk]),
        url("event-plan", [event.pk]),
    ]


def test_it_sends_anonymous_visitors_to_sign_in(client, world):
    for u in all_urls(world):
        response = client.get(u)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], u


def test_it_lets_coordinators_use_their_pages(client, world):
    cast = world[0]
    client.force_login(cast.coordinator)
    for name, args in names(world)["coordinator_get"] + names(world)["everyone_get"]:
        assert client.get(url(name, args)).status_code == 200, name


def test_it_hides_coordinator_pages_from_participants(client, world):
    cast = world[0]
    client.force_login(cast.bob)
    for name, args in names(world)["coordinator_get"]:
        assert client.get(url(name, args)).status_code == 404, name
    for name, args in names(world)["coordinator_post"]:
        assert client.post(url(name, args)).status_code == 404, name
    assert not Job.objects.filter(kind="matching.allocate_secondments").exists()


def test_it_shows_participants_the_shared_pages(client, world):
    cast = world[0]
    client.force_login(cast.olly)
    for name, args in names(world)["everyone_get"]:
        assert client.get(url(name, args)).status_code == 200, name


def test_it_rejects_the_wrong_method(client, world):
    cast = world[0]
    client.force_login(cast.coordinator)
    for name, args in names(world)["coordinator_post"] + names(world)["post_only"]:
        assert client.get(url(name, args)).status_code == 405, name
    for name, args in names(world)["coordinator_get"][:1] + names(world)["everyone_get"][:1]:
        assert client.put(url(name, args)).status_code == 405, name


def test_it_shows_a_match_and_its_reasons_to_its_people_only(client, world):
    cast, round, match, other, *_ = world
    client.force_login(cast.bob)
    page = client.get(url("match-detail", [match.pk])).content.decode()
    partner = selectors.partners_of(match, cast.bob.profile)[0]
    assert partner.user.email in page and "Why you were introduced" in page
    for outsider in (cast.dan, cast.olly):
        client.force_login(outsider)
        assert client.get(url("match-detail", [match.pk])).status_code == 404
        assert client.get(url("match-feedback", [match.pk])).status_code == 404
        assert client.post(url("match-rematch", [match.pk])).status_code == 404
    client.force_login(cast.coordinator)
    page = client.get(url("match-detail", [match.pk])).content.decode()
    assert "Why you were introduced" in page and "mailto:" not in page
    assert client.get(url("match-feedback", [match.pk])).status_code == 404


def test_it_hides_unpublished_matches_from_their_people(client, world):
    cast = world[0]
    round = make_round(cast, avoid_rounds=0, trios=False)
    services.match_round_start(round=round, by=cast.coordinator)
    from joinedup.jobs.services import jobs_run_all

    jobs_run_all()
    hidden = MatchRound.objects.get(pk=round.pk).matches.filter(person_b=cast.bob.profile).first() or \
        MatchRound.objects.get(pk=round.pk).matches.filter(person_a=cast.bob.profile).first()  # fmt: skip
    client.force_login(cast.bob)
    assert client.get(url("match-detail", [hidden.pk])).status_code == 404


def test_it_records_feedback_and_makes_a_connection(client, world):
    cast, round, match, *_ = world
    client.force_login(cast.bob)
    response = client.post(
        url("match-feedback", [match.pk]), {"met": "yes", "useful": "very", "comment": "Great"}
    )
    assert response.status_code == 302
    assert Feedback.objects.get(profile=cast.bob.profile).useful == "very"
    assert Connection.objects.filter(source="match").count() == 1


def test_it_asks_whether_a_meeting_was_useful(client, world):
    cast, round, match, *_ = world
    client.force_login(cast.bob)
    response = client.post(url("match-feedback", [match.pk]), {"met": "yes"})
    assert response.status_code == 200 and "Say whether the meeting was useful" in response.content.decode()
    assert not Feedback.objects.exists()


def test_it_offers_a_rematch_after_a_no_show(client, world):
    cast, round, match, *_ = world
    client.force_login(cast.bob)
    client.post(url("match-feedback", [match.pk]), {"met": "no_show"})
    assert "Ask for a rematch" in client.get(url("match-detail", [match.pk])).content.decode()
    client.post(url("match-rematch", [match.pk]))
    assert Feedback.objects.get().rematch_requested


def test_it_creates_runs_and_publishes_a_round(client, world):
    cast = world[0]
    client.force_login(cast.coordinator)
    response = client.post(url("round-create", []), {"name": "April coffee", "kind": "coffee", "line_rule": "cross",
                                                     "avoid_rounds": 0, "trios": "on", "weight_text": "2"})  # fmt: skip
    round = MatchRound.objects.get(name="April coffee")
    assert response["Location"] == round.get_absolute_url() and round.weights == {"text": 2.0}
    assert "Eligible people" in client.get(round.get_absolute_url()).content.decode()
    response = client.post(url("round-run", [round.pk]))
    assert response["Location"] == reverse(
        "jobs:detail", args=[round.job_id if round.job_id else Job.objects.latest("created_at").pk]
    )
    from joinedup.jobs.services import jobs_run_all

    jobs_run_all()
    client.post(url("round-publish", [round.pk]))
    round.refresh_from_db()
    assert round.status == RoundStatus.PUBLISHED


def test_it_shows_the_too_few_people_problem_before_running(client, world):
    cast = world[0]
    client.force_login(cast.coordinator)
    round = make_round(cast, sectors=["local"])
    page = client.get(round.get_absolute_url()).content.decode()
    assert "This round cannot run yet" in page and "Run the round" not in page
    response = client.post(url("round-run", [round.pk]), follow=True)
    assert "0 central and 2 local" in response.content.decode()
    assert MatchRound.objects.get(pk=round.pk).status == RoundStatus.DRAFT


def test_it_saves_opt_in_pause_and_blocks(client, world):
    cast = world[0]
    client.force_login(cast.olly)
    client.post(url("preferences", []), {"kind": "coffee", "coffee-active": "on", "coffee-paused_until": "2030-01-01",
                                         "coffee-mode": "online", "coffee-location": ""})  # fmt: skip
    pref = Preference.objects.get(profile=cast.olly.profile, kind=Kind.COFFEE)
    assert pref.active and str(pref.paused_until) == "2030-01-01" and pref.mode == "online"
    response = client.post(url("preferences", []), {"kind": "mentoring", "mentoring-active": "on", "mentoring-mode": "either",
                                                    "mentoring-mentor_capacity": "1"}, follow=True)  # fmt: skip
    assert "Say whether you want to mentor" in response.content.decode()
    client.post(url("block-add", []), {"email": cast.alice.email, "reason": "manager"})
    block = Block.objects.get(profile=cast.olly.profile)
    assert block.blocked == cast.alice.profile
    client.force_login(cast.bob)
    client.post(url("block-remove", [block.pk]))
    assert Block.objects.filter(pk=block.pk).exists()  # someone else's block is not theirs to remove
    client.force_login(cast.olly)
    client.post(url("block-remove", [block.pk]))
    assert not Block.objects.exists()


def test_it_shows_the_table_plan_to_registrants_and_coordinators_only(client, world):
    cast, *_, event = world
    client.force_login(cast.coordinator)
    assert client.get(url("event-plan", [event.pk])).status_code == 200
    client.force_login(cast.bob)
    assert client.get(url("event-plan", [event.pk])).status_code == 200
    client.force_login(cast.olly)
    assert client.get(url("event-plan", [event.pk])).status_code == 404
    client.post(url("event-register", [event.pk]))
    assert Registration.objects.filter(profile=cast.olly.profile).exists()
    client.post(url("event-unregister", [event.pk]))
    assert not Registration.objects.filter(profile=cast.olly.profile).exists()


def test_it_applies_with_a_ranking(client, world):
    cast, round, match, other, scheme, opportunity, event = world
    client.force_login(cast.alice)
    client.post(url("apply", [scheme.pk]), {f"rank_{opportunity.pk}": "1", "statement": "Keen"})
    assert scheme.applications.get().ranking == [opportunity.pk]
    client.force_login(cast.bob)  # the host cannot apply to their own opportunity: it is not offered
    assert f"rank_{opportunity.pk}" not in client.get(url("apply", [scheme.pk])).content.decode()


def test_it_shows_the_current_match_on_the_dashboard(client, world):
    cast = world[0]
    client.force_login(cast.bob)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Your introductions" in page and "Tell us how" in page
    client.force_login(cast.olly)
    assert "Your introductions" not in client.get(reverse("core:dashboard")).content.decode()


def test_it_shows_how_the_partner_would_like_to_meet(client, world):
    cast, round, match, *_ = world
    partner = selectors.partners_of(match, cast.bob.profile)[0]
    services.preference_save(
        profile=partner, kind="coffee", data={"mode": "in_person", "location": "Leeds station"}
    )
    client.force_login(cast.bob)
    assert "in person only, leeds station" in client.get(url("match-detail", [match.pk])).content.decode()
