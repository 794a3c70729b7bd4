"""Rounds end to end through the services: preview, run as a job, publish, feedback, repeats avoided."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from joinedup.engine.matching import rounds
from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.services import jobs_run_all
from joinedup.matching import selectors, services
from joinedup.matching.models import Feedback, Match, MatchRound, Met, RoundStatus, Unmatched
from joinedup.people.models import Connection
from tests.matching.test_site_cast import make_cast, make_round, opt_in, run, run_and_publish

pytestmark = pytest.mark.django_db


def pairs_of(round):
    found = set()
    for m in round.matches.all():
        ids = m.member_ids
        found |= {frozenset((x, y)) for i, x in enumerate(ids) for y in ids[i + 1 :]}
    return found


def test_it_previews_the_eligible_people_by_side():
    cast = make_cast()
    preview = selectors.round_preview(make_round(cast))
    assert (preview["eligible"], preview["central"], preview["local"]) == (5, 3, 2)
    assert preview["problems"] == []


def test_it_says_before_running_that_a_round_has_too_few_people():
    cast = make_cast()
    round = make_round(cast, sectors=["central"])
    assert "both sides" in selectors.round_preview(round)["problems"][0]
    with pytest.raises(ValidationError, match="3 central and 0 local"):
        services.match_round_start(round=round, by=cast.coordinator)
    assert not Job.objects.exists()
    round.refresh_from_db()
    assert round.status == RoundStatus.DRAFT


def test_it_runs_as_a_job_and_keeps_the_matches_hidden_until_published():
    cast = make_cast()
    round = run(make_round(cast), cast)
    assert round.status == RoundStatus.READY
    assert round.matches.count() == 2
    assert not selectors.my_matches(cast.bob).exists()
    services.match_round_publish(round=round, by=cast.coordinator)
    assert selectors.my_matches(cast.bob).count() == 1
    job = Job.objects.get(kind="matching.run_round")
    assert job.status == JobStatus.DONE and job.progress == 100


def test_it_makes_a_group_of_three_when_numbers_are_odd():
    cast = make_cast()
    round = run(make_round(cast), cast)
    assert sum(1 for m in round.matches.all() if m.third_id) == 1
    seated = {pk for m in round.matches.all() for pk in m.member_ids}
    assert len(seated) == 5


def test_it_leaves_the_odd_one_out_and_says_why_without_trios():
    cast = make_cast()
    round = run(make_round(cast, trios=False), cast)
    left = Unmatched.objects.get(round=round)
    assert left.profile.sector == "central"
    assert "matched with someone they suited better" in left.reason


def test_it_explains_the_match_in_plain_words():
    cast = make_cast()
    round = run_and_publish(cast, trios=False)
    match = Match.objects.get(round=round, person_a__in=[cast.alice.profile, cast.bob.profile],
                              person_b__in=[cast.alice.profile, cast.bob.profile])  # fmt: skip
    reasons = selectors.match_reasons(match, cast.bob.profile)
    assert reasons[0] == "You both work on housing in Leeds"
    assert "Alice has worked in a council" in reasons


def test_it_sends_introductions_with_contact_details_only_on_publishing():
    cast = make_cast()
    round = run(make_round(cast), cast)
    assert len(mail.outbox) == 0
    services.match_round_publish(round=round, by=cast.coordinator)
    assert len(mail.outbox) == 0  # sent by a job, not in the request
    jobs_run_all()
    to_bob = [m for m in mail.outbox if m.to == [cast.bob.email]]
    assert len(to_bob) == 1
    match = selectors.my_matches(cast.bob).get()
    partner = [p for p in selectors.partners_of(match, cast.bob.profile)][0]
    assert partner.user.email in to_bob[0].body and "Why:" in to_bob[0].body


def test_it_tells_people_who_were_not_matched_why():
    cast = make_cast()
    run_and_publish(cast, trios=False)
    notes = [m for m in mail.outbox if m.subject.startswith("No introduction")]
    assert len(notes) == 1 and "because" in notes[0].body


def test_it_publishes_nothing_when_publishing_fails_part_way(monkeypatch):
    cast = make_cast()
    round = run(make_round(cast), cast)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(MatchRound, "save", broken)
    with pytest.raises(RuntimeError):
        services.match_round_publish(round=round, by=cast.coordinator)
    round.refresh_from_db()
    assert round.status == RoundStatus.READY and round.published_at is None
    jobs_run_all()
    assert not selectors.my_matches(cast.bob).exists() and len(mail.outbox) == 0
    assert not Job.objects.filter(kind="matching.send_introductions").exists()


def test_it_refuses_to_publish_twice():
    cast = make_cast()
    round = run_and_publish(cast)
    with pytest.raises(ValidationError):
        services.match_round_publish(round=round, by=cast.coordinator)


def test_it_fails_the_job_and_writes_nothing_when_the_engine_fails(monkeypatch):
    cast = make_cast()
    round = make_round(cast)
    services.match_round_start(round=round, by=cast.coordinator)

    def broken(*args, **kwargs):
        raise ValueError("the candidate graph is empty")

    # The services import the engine when they match (not at start-up), so patch it at its source.
    monkeypatch.setattr(rounds, "run_round", broken)
    jobs_run_all()
    job, round = Job.objects.get(kind="matching.run_round"), MatchRound.objects.get(pk=round.pk)
    assert job.status == JobStatus.FAILED and job.error == "the candidate graph is empty"
    assert round.status == RoundStatus.FAILED and round.error == "the candidate graph is empty"
    assert not Match.objects.exists() and not Unmatched.objects.exists()


def test_it_keeps_the_earlier_results_when_a_rerun_fails(monkeypatch):
    cast = make_cast()
    round = run(make_round(cast), cast)
    before = set(round.matches.values_list("pk", flat=True))
    monkeypatch.setattr(
        services.rounds, "_round_write", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk full"))
    )
    services.match_round_start(round=round, by=cast.coordinator)
    jobs_run_all()
    round.refresh_from_db()
    assert round.status == RoundStatus.FAILED and "disk full" in round.error
    assert set(round.matches.values_list("pk", flat=True)) == before


def test_it_never_repeats_a_pair_across_rounds():
    cast = make_cast()
    seen = set()
    for _ in range(2):
        round = run_and_publish(cast, trios=False)
        pairs = pairs_of(round)
        assert pairs and not (pairs & seen)
        seen |= pairs


def test_it_turns_a_met_pair_into_a_connection_that_later_rounds_avoid():
    cast = make_cast()
    run_and_publish(cast, trios=False, avoid_rounds=0)
    match = selectors.my_matches(cast.bob).get()
    services.match_feedback_give(match=match, profile=cast.bob.profile, met=Met.YES, useful="very")
    a, b = sorted(match.member_ids[:2])
    assert Connection.objects.filter(person_a_id=a, person_b_id=b, source="match").exists()
    later = run_and_publish(cast, trios=False, avoid_rounds=0)
    assert frozenset((a, b)) not in pairs_of(later)


def test_it_nudges_after_a_no_show_and_offers_a_rematch():
    cast = make_cast()
    run_and_publish(cast, trios=False)
    match = selectors.my_matches(cast.bob).get()
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.match_rematch_request(match=match, profile=cast.bob.profile)
    services.match_feedback_give(match=match, profile=cast.bob.profile, met=Met.NO_SHOW)
    partner = selectors.partners_of(match, cast.bob.profile)[0]
    assert [m.to for m in mail.outbox] == [[partner.user.email]]
    assert not Connection.objects.exists()
    services.match_rematch_request(match=match, profile=cast.bob.profile)
    assert Feedback.objects.get(profile=cast.bob.profile).rematch_requested
    assert selectors.round_preview(make_round(cast))["rematch_requests"] == 1


def test_it_respects_blocks_and_pauses():
    cast = make_cast()
    services.block_add(profile=cast.bob.profile, blocked=cast.alice.profile, reason="manager")
    opt_in(cast.erin, paused_until="2999-01-01")
    round = run(make_round(cast, trios=False), cast)
    assert frozenset((cast.alice.profile.pk, cast.bob.profile.pk)) not in pairs_of(round)
    assert cast.erin.profile.pk not in selectors.round_eligible_profiles(round).values_list("pk", flat=True)


def test_it_never_pairs_in_person_only_with_online_only():
    cast = make_cast()
    opt_in(cast.bob, mode="in_person")
    opt_in(cast.dan, mode="in_person")
    for user in cast.central:
        opt_in(user, mode="online")
    round = run(make_round(cast), cast)
    assert round.status == RoundStatus.READY and round.matches.count() == 0
    assert all("blocked" in u.reason for u in round.unmatched.all()) and round.unmatched.count() == 5


def test_it_filters_eligibility_by_place_and_policy_area():
    cast = make_cast()
    from tests import people_helpers as ph

    round = make_round(cast, policy_areas=[ph.policy_area("Housing")], places=[ph.place()])
    eligible = set(selectors.round_eligible_profiles(round).values_list("pk", flat=True))
    assert eligible == {cast.alice.profile.pk, cast.bob.profile.pk}


def test_it_enforces_mentor_capacity_with_a_waiting_list():
    cast = make_cast()
    opt_in(cast.carol, kind="mentoring", role="mentor", mentor_capacity=1)
    for user in (cast.bob, cast.dan):
        opt_in(user, kind="mentoring", role="mentee")
    round = run_and_publish(cast, kind="mentoring", name="Mentoring")
    assert round.matches.count() == 1
    waiting = Unmatched.objects.get(round=round)
    assert waiting.waiting
    # The mentor is now full: the next round has no mentor place, and says so before running.
    preview = selectors.round_preview(make_round(cast, kind="mentoring", name="Mentoring 2"))
    assert preview["full_mentors"] == 1 and preview["problems"]


def test_it_explains_a_group_of_three_pair_by_pair():
    cast = make_cast()
    run_and_publish(cast)
    match = selectors.my_matches(cast.bob).get()
    assert (
        cast.alice.profile.pk in match.member_ids
    )  # the strongest pair of the cast: housing, Leeds, both sides
    reasons = selectors.match_reasons(match, cast.bob.profile)
    expected = (
        "You and Alice work on housing in Leeds" if match.third_id else "You both work on housing in Leeds"
    )
    assert expected in reasons
    coordinator_view = selectors.match_reasons(match, None)
    assert any(r.startswith("Alice and Bob work on housing") or r.startswith("Bob and Alice work on housing")
               for r in coordinator_view)  # fmt: skip


def test_it_avoids_met_pairs_and_blocks_when_the_round_is_too_big_to_filter_in_sql(monkeypatch):
    # Large rounds read the pair tables whole and filter in Python (SQLite's parameter limit); same rules apply.
    monkeypatch.setattr(selectors.rounds, "FILTER_IN_LIMIT", 0)
    cast = make_cast()
    services.connection_ensure(a=cast.alice.profile, b=cast.bob.profile, source="match")
    services.block_add(profile=cast.dan.profile, blocked=cast.carol.profile)
    round = make_round(cast, trios=False)
    preview = selectors.round_preview(round)
    assert (preview["history_pairs"], preview["blocked_pairs"]) == (1, 1)
    pairs = pairs_of(run(round, cast))
    assert frozenset((cast.alice.profile.pk, cast.bob.profile.pk)) not in pairs
    assert frozenset((cast.dan.profile.pk, cast.carol.profile.pk)) not in pairs
    assert len(pairs) == 2


def test_it_gives_a_mentor_with_room_for_two_both_mentees():
    cast = make_cast()
    opt_in(cast.carol, kind="mentoring", role="mentor", mentor_capacity=2)
    for user in (cast.bob, cast.dan):
        opt_in(user, kind="mentoring", role="mentee")
    round = run_and_publish(cast, kind="mentoring", name="Mentoring")
    assert sorted(m.member_ids[0] if m.member_ids[1] == cast.carol.profile.pk else m.member_ids[1]
                  for m in round.matches.all()) == sorted([cast.bob.profile.pk, cast.dan.profile.pk])  # fmt: skip
    assert not Unmatched.objects.filter(round=round).exists()


def test_it_asks_for_feedback_only_once_the_meeting_date_has_come():
    import datetime

    cast = make_cast()
    run_and_publish(cast, meet_by=datetime.date(2999, 1, 1))
    assert selectors.pending_feedback(cast.bob) == []
    run_and_publish(cast, avoid_rounds=0, name="Undated")
    assert len(selectors.pending_feedback(cast.bob)) == 1


def test_it_does_not_call_a_mentor_unmatched_when_one_of_their_places_is_filled():
    cast = make_cast()
    opt_in(cast.carol, kind="mentoring", role="mentor", mentor_capacity=3)
    opt_in(cast.bob, kind="mentoring", role="mentee")
    round = run_and_publish(cast, kind="mentoring", name="Mentoring")
    assert round.matches.count() == 1
    assert not Unmatched.objects.filter(round=round).exists()
    assert [m.subject for m in mail.outbox if m.subject.startswith("No introduction")] == []


def _spy(monkeypatch, module, name):
    """Count the calls of `module.name`, still calling it."""
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_it_checks_and_gathers_a_round_once_per_page_start_and_job(client, monkeypatch):
    from joinedup.matching import compute

    cast = make_cast()
    round = make_round(cast)
    checks = _spy(monkeypatch, compute, "check_round")
    gathers = _spy(monkeypatch, selectors.rounds, "round_eligible_profiles")
    client.force_login(cast.coordinator)
    assert client.get(round.get_absolute_url()).status_code == 200
    assert (len(checks), len(gathers)) == (1, 1)
    services.match_round_start(round=round, by=cast.coordinator)
    assert (len(checks), len(gathers)) == (2, 2)
    jobs_run_all()
    assert (len(checks), len(gathers)) == (3, 3)
    round.refresh_from_db()
    assert round.status == RoundStatus.READY


def test_publishing_puts_the_introduction_in_each_matched_persons_notifications_and_no_second_email():
    from joinedup.notifications.models import Kind as NotificationKind
    from joinedup.notifications.models import Notification

    cast = make_cast()
    round = run(make_round(cast), cast)
    services.match_round_publish(round=round, by=cast.coordinator)
    matched = {p.user_id for m in round.matches.all() for p in selectors.partners_of(m, None)}
    notified = set(
        Notification.objects.filter(kind=NotificationKind.INTRODUCED).values_list("recipient", flat=True)
    )
    assert notified == matched and cast.bob.pk in notified
    jobs_run_all()
    assert len([m for m in mail.outbox if m.to == [cast.bob.email]]) == 1  # the introduction email only
