"""Writes of matching. Jobs compute and write a result in one transaction; publishing is a second, atomic step."""

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.jobs.models import Job
from joinedup.jobs.registry import JobFailed
from joinedup.jobs.services import job_enqueue
from joinedup.matching import emails, selectors
from joinedup.matching.compute import Person, seat_tables
from joinedup.matching.models import (
    Application,
    Block,
    Event,
    Feedback,
    Kind,
    Match,
    MatchRound,
    MentoringRole,
    Met,
    Opportunity,
    Preference,
    Registration,
    RoundStatus,
    SchemeStatus,
    SecondmentScheme,
    Unmatched,
)
from joinedup.people.models import Connection, Profile

if TYPE_CHECKING:
    # Only named in annotations: importing the engine's rounds at start-up brings in scikit-learn.
    from joinedup.matching.compute import Pair

Progress = Callable[[int, str], None]


def _quiet(percent: int, message: str = "") -> None:
    del percent, message


# Preferences and blocks -----------------------------------------------------------------------------------------


def preference_save(*, profile: Profile, kind: str, data: dict[str, Any]) -> Preference:
    pref = Preference.objects.filter(profile=profile, kind=kind).first() or Preference(
        profile=profile, kind=kind
    )
    for name in ("active", "paused_until", "mode", "location", "role", "mentor_capacity"):
        if name in data:
            setattr(pref, name, data[name])
    if kind != Kind.MENTORING:
        pref.role = MentoringRole.NONE
    elif not pref.role and pref.active:
        raise ValidationError({"role": "Say whether you want to mentor or be mentored."})
    pref.full_clean()
    pref.save()
    return pref


def block_add(*, profile: Profile, blocked: Profile, reason: str = "") -> Block:
    if blocked.pk == profile.pk:
        raise ValidationError("You cannot block yourself.")
    block, _ = Block.objects.get_or_create(profile=profile, blocked=blocked, defaults={"reason": reason})
    return block


def block_remove(*, profile: Profile, block_id: int) -> None:
    Block.objects.filter(profile=profile, pk=block_id).delete()


# Rounds ---------------------------------------------------------------------------------------------------------


def match_round_create(*, by: Any, data: dict[str, Any]) -> MatchRound:
    places, areas = data.pop("places", []), data.pop("policy_areas", [])
    with transaction.atomic():
        round = MatchRound(created_by=by, **data)
        round.full_clean()
        round.save()
        round.places.set(places)
        round.policy_areas.set(areas)
    return round


def match_round_start(*, round: MatchRound, by: Any) -> Job:
    """Queue the round's job, after checking (before anything runs) that it can produce matches."""
    if round.status not in (RoundStatus.DRAFT, RoundStatus.FAILED, RoundStatus.READY):
        raise ValidationError(f"This round is {round.get_status_display().lower()}; it cannot be run now.")
    problems = selectors.round_preview(round)["problems"]
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        job = job_enqueue(kind="matching.run_round", params={"round_id": round.pk}, owner=by)
        MatchRound.objects.filter(pk=round.pk).update(status=RoundStatus.RUNNING, job=job, error="")
    round.refresh_from_db()
    return job


def match_round_compute(*, round_id: int, progress: Progress = _quiet) -> dict[str, Any]:
    """The job's work: match, then write every match and every reason in one transaction at the end."""
    round = MatchRound.objects.get(pk=round_id)
    # Imported here, not at the top: the engine's rounds bring in scikit-learn (~2 s), which web start-up and
    # every page that does not match would otherwise pay for.
    from joinedup.matching.compute import run_round

    try:
        progress(5, "Gathering the eligible people")
        inputs = selectors.round_inputs(round)
        problems = selectors.round_problems(round, inputs.people)
        if problems:
            raise JobFailed(" ".join(problems))
        progress(25, f"Matching {len(inputs.profiles)} people")
        result = run_round(
            inputs.people, selectors.round_settings(round), regions=inputs.regions,
            history=inputs.history, blocked=inputs.blocked,
        )  # fmt: skip
        progress(75, f"Saving {len(result.pairs)} matches")
        _round_write(round, inputs, result.pairs, result.unmatched, result.stats)
    except Exception as exc:
        reason = str(exc) if isinstance(exc, JobFailed | ValueError) else f"It failed unexpectedly ({exc})"
        MatchRound.objects.filter(pk=round_id).update(status=RoundStatus.FAILED, error=reason)
        raise JobFailed(reason) from exc
    progress(100, "Ready to publish")
    return {"round_id": round.pk, "pairs": len(result.pairs), "unmatched": len(result.unmatched),
            "next_url": round.get_absolute_url()}  # fmt: skip


def _round_write(
    round: MatchRound, inputs: selectors.RoundInputs, pairs: Sequence["Pair"], unmatched: dict[str, str],
    stats: dict[str, Any],
) -> None:  # fmt: skip
    arranged = Counter(
        selectors.filter_in(Match.objects.all(), "arranger_id", set(inputs.profiles)).values_list(
            "arranger_id", flat=True
        )
    )
    matches = [_match(round, inputs, p, arranged) for p in pairs]
    left = _unmatched(round, inputs, unmatched, pairs)
    with transaction.atomic():
        round.matches.all().delete()
        round.unmatched.all().delete()
        Match.objects.bulk_create(matches)
        Unmatched.objects.bulk_create(left)
        stats = {k: v for k, v in stats.items() if isinstance(v, int | float)}
        MatchRound.objects.filter(pk=round.pk).update(status=RoundStatus.READY, stats=stats, error="")


def _match(round: MatchRound, inputs: selectors.RoundInputs, pair: "Pair", arranged: Counter[int]) -> Match:
    ids = [selectors.profile_pk(x) for x in (pair.a, pair.b, pair.third) if x]
    profiles = [inputs.profiles[i] for i in ids]
    # Whoever has arranged fewer meetings before arranges this one (ties: the first of the pair).
    arranger = min(profiles[:2], key=lambda p: arranged[p.pk])
    arranged[arranger.pk] += 1
    return Match(
        round=round, person_a=profiles[0], person_b=profiles[1], third=profiles[2] if len(profiles) > 2 else None,
        arranger=arranger, score=round_score(pair.score + pair.third_score), parts=pair.parts,
        facts=selectors.match_facts(inputs, ids, pair.parts),
    )  # fmt: skip


def round_score(value: float) -> float:
    return float(f"{value:.4f}")


def _unmatched(
    round: MatchRound, inputs: selectors.RoundInputs, reasons: dict[str, str], pairs: Sequence["Pair"]
) -> list[Unmatched]:
    # A mentor with room for several appears once per place: they are unmatched only if no place was filled.
    seated = {selectors.profile_pk(x) for p in pairs for x in (p.a, p.b, p.third) if x}
    rows: dict[int, Unmatched] = {}
    for person_id, reason in reasons.items():
        pk = selectors.profile_pk(person_id)
        if pk in seated or pk in rows:
            continue
        waiting = round.kind == Kind.MENTORING and _role(inputs, pk) == MentoringRole.MENTEE
        rows[pk] = Unmatched(round=round, profile=inputs.profiles[pk], reason=reason, waiting=waiting)
    for pk in inputs.full_mentors:
        reason = "you already mentor as many people as you said you could"
        rows[pk] = Unmatched(round=round, profile=inputs.profiles[pk], reason=reason)
    return list(rows.values())


def _role(inputs: selectors.RoundInputs, pk: int) -> str:
    pref = inputs.preferences.get(pk)
    return pref.role if pref else ""


def match_round_publish(*, round: MatchRound, by: Any) -> MatchRound:
    """Show the matches to their people, all at once; the introductions are sent by a job queued in the same
    transaction (thousands of emails do not belong in a web request, and a rolled-back publish sends none)."""
    with transaction.atomic():
        locked = MatchRound.objects.select_for_update().get(pk=round.pk)
        if locked.status != RoundStatus.READY:
            raise ValidationError("Only a round whose matches are ready can be published.")
        locked.status = RoundStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        job_enqueue(kind="matching.send_introductions", params={"round_id": locked.pk}, owner=by)
    return locked


def match_round_send_introductions(*, round_id: int, progress: Progress = _quiet) -> dict[str, Any]:
    round = MatchRound.objects.get(pk=round_id, status=RoundStatus.PUBLISHED)
    related = ("person_a__user", "person_b__user", "third__user", "arranger__user", "person_a__organisation",
               "person_b__organisation", "third__organisation")  # fmt: skip
    matches = list(Match.objects.filter(round=round).select_related(*related))
    progress(10, f"Sending {len(matches)} introductions")
    emails.send_introductions(round, matches)
    progress(80, "Telling the people who were not matched")
    emails.send_not_matched(round, list(round.unmatched.select_related("profile__user")))
    return {"matches": len(matches), "next_url": round.get_absolute_url()}


# Feedback, nudges and rematches ---------------------------------------------------------------------------------


def match_feedback_give(
    *, match: Match, profile: Profile, met: str, useful: str = "", comment: str = ""
) -> Feedback:
    """Record how an introduction went. Met pairs become connections; a no-show nudges the other person."""
    if met != Met.YES:
        useful = ""
    with transaction.atomic():
        feedback, _ = Feedback.objects.update_or_create(
            match=match, profile=profile, defaults={"met": met, "useful": useful, "comment": comment}
        )
        feedback.full_clean()
        if met == Met.YES:
            for other in selectors.partners_of(match, profile):
                connection_ensure(a=profile, b=other, source="match")
    if met == Met.NO_SHOW:
        for other in selectors.partners_of(match, profile):
            emails.send_nudge(match, other, profile)
    return feedback


def connection_ensure(*, a: Profile, b: Profile, source: str) -> Connection:
    low, high = sorted([a.pk, b.pk])
    connection, _ = Connection.objects.get_or_create(
        person_a_id=low, person_b_id=high, defaults={"source": source}
    )
    return connection


def match_rematch_request(*, match: Match, profile: Profile) -> Feedback:
    """After a no-show: the person goes into the next round of the kind; the pair is never matched again."""
    feedback = Feedback.objects.filter(match=match, profile=profile).first()
    if feedback is None or feedback.met != Met.NO_SHOW:
        raise ValidationError("You can ask for a rematch once you have told us the meeting did not happen.")
    feedback.rematch_requested = True
    feedback.save(update_fields=["rematch_requested", "updated_at"])
    Preference.objects.filter(profile=profile, kind=match.round.kind).update(active=True, paused_until=None)
    return feedback


# Secondments ----------------------------------------------------------------------------------------------------


def scheme_create(*, by: Any, name: str, closes_on: date | None) -> SecondmentScheme:
    scheme = SecondmentScheme(name=name, closes_on=closes_on, created_by=by)
    scheme.full_clean()
    scheme.save()
    return scheme


def opportunity_create(*, host: Profile, data: dict[str, Any]) -> Opportunity:
    scheme = data["scheme"]
    if scheme.status != SchemeStatus.OPEN:
        raise ValidationError("This scheme no longer takes opportunities.")
    opportunity = Opportunity(host=host, **data)
    opportunity.full_clean()
    opportunity.save()
    return opportunity


def application_save(
    *, scheme: SecondmentScheme, applicant: Profile, ranking: Sequence[int], statement: str = ""
) -> Application:
    if scheme.status != SchemeStatus.OPEN:
        raise ValidationError("Applications to this scheme have closed.")
    valid = set(scheme.opportunities.exclude(host=applicant).values_list("pk", flat=True))
    if not ranking:
        raise ValidationError("Rank at least one opportunity.")
    if len(set(ranking)) != len(ranking) or not set(ranking) <= valid:
        raise ValidationError("Rank each opportunity at most once, and only other hosts' opportunities.")
    app, _ = Application.objects.update_or_create(
        scheme=scheme, applicant=applicant, defaults={"ranking": list(ranking), "statement": statement}
    )
    return app


def opportunity_rank(*, opportunity: Opportunity, host: Profile, ranking: Sequence[int]) -> Opportunity:
    """The host's own order of the applicants who chose the opportunity; those left out are not acceptable."""
    if opportunity.host_id != host.pk:
        raise ValidationError("Only the host can rank the applicants.")
    if opportunity.scheme.status not in (SchemeStatus.OPEN, SchemeStatus.READY, SchemeStatus.FAILED):
        raise ValidationError("The allocation has been published; rankings can no longer change.")
    chose = {a.applicant_id for a in opportunity.scheme.applications.all() if opportunity.pk in a.ranking}
    if len(set(ranking)) != len(ranking) or not set(ranking) <= chose:
        raise ValidationError(
            "Rank each applicant at most once, and only applicants who chose this opportunity."
        )
    opportunity.ranking = list(ranking)
    opportunity.save(update_fields=["ranking"])
    return opportunity


def scheme_start(*, scheme: SecondmentScheme, by: Any) -> Job:
    if not scheme.applications.exists() or not scheme.opportunities.exists():
        raise ValidationError("An allocation needs at least one opportunity and one application.")
    if scheme.status == SchemeStatus.PUBLISHED:
        raise ValidationError("This allocation is already published.")
    with transaction.atomic():
        job = job_enqueue(kind="matching.allocate_secondments", params={"scheme_id": scheme.pk}, owner=by)
        SecondmentScheme.objects.filter(pk=scheme.pk).update(status=SchemeStatus.RUNNING, job=job, error="")
    scheme.refresh_from_db()
    return job


def scheme_compute(*, scheme_id: int, progress: Progress = _quiet) -> dict[str, Any]:
    """Deferred acceptance (applicants propose); hosts rank who chose them by compatibility. One transaction."""
    scheme = SecondmentScheme.objects.get(pk=scheme_id)
    # Imported here: the engine's secondments bring in scikit-learn (see match_round_compute).
    from joinedup.matching.compute import secondments as sec

    try:
        progress(10, "Reading opportunities and applications")
        apps = list(scheme.applications.select_related("applicant__user", "applicant__organisation"))
        opps = {o.pk: o for o in scheme.opportunities.select_related("host__organisation", "place")}
        prefs = {str(a.applicant_id): [f"o{o}" for o in a.ranking if o in opps] for a in apps}
        score = _secondment_scores(apps, list(opps.values()), prefs)
        progress(50, "Allocating")
        explicit = {f"o{pk}": [str(a) for a in o.ranking] for pk, o in opps.items() if o.ranking}
        host_prefs = sec.host_preferences(prefs, explicit, score)
        assignment = sec.deferred_acceptance(
            prefs, host_prefs, {f"o{pk}": o.capacity for pk, o in opps.items()}
        )
        reasons = sec.unplaced_reasons(prefs, host_prefs, assignment)
        with transaction.atomic():
            for a in apps:
                placed = assignment.get(str(a.applicant_id))
                a.allocated = opps[int(placed[1:])] if placed else None
                a.reason = "" if placed else reasons.get(str(a.applicant_id), "")
            Application.objects.bulk_update(apps, ["allocated", "reason"])
            stats = {
                "applicants": len(apps),
                "placed": len(assignment),
                "places": sum(o.capacity for o in opps.values()),
            }
            SecondmentScheme.objects.filter(pk=scheme.pk).update(
                status=SchemeStatus.READY, stats=stats, error=""
            )
    except Exception as exc:
        reason = str(exc) if isinstance(exc, JobFailed | ValueError) else f"It failed unexpectedly ({exc})"
        SecondmentScheme.objects.filter(pk=scheme_id).update(status=SchemeStatus.FAILED, error=reason)
        raise JobFailed(reason) from exc
    progress(100, "Ready to publish")
    return {**stats, "next_url": scheme.get_absolute_url()}


def _secondment_scores(
    apps: Sequence[Application], opps: Sequence[Opportunity], prefs: dict[str, list[str]]
) -> dict[tuple[str, str], float]:
    experience = selectors.career_sectors([a.applicant_id for a in apps])
    applicants = [selectors.person_of(a.applicant, experience.get(a.applicant_id, set())) for a in apps]
    hosts = [_host_person(o) for o in opps]
    pairs = [(a, h) for a, hs in prefs.items() for h in hs]
    from joinedup.matching.compute import secondments as sec  # see match_round_compute

    return sec.compatibility(applicants, hosts, pairs)


def _host_person(o: Opportunity) -> Person:
    host = o.host
    return Person(
        id=f"o{o.pk}", sector=host.sector, organisation=host.organisation.slug if host.organisation else "",
        level="manager", places=(o.place.gss_code,) if o.place else (),
        policy_areas=tuple(a.slug for a in host.policy_areas.all()), offers=o.description, seeks=o.skills_sought,
    )  # fmt: skip


def scheme_publish(*, scheme: SecondmentScheme, by: Any = None) -> SecondmentScheme:
    """Show the allocation, all at once; the applicants' emails are sent by a job queued in the same transaction
    (as a round's introductions: not in the web request, and none for a rolled-back publish)."""
    with transaction.atomic():
        locked = SecondmentScheme.objects.select_for_update().get(pk=scheme.pk)
        if locked.status != SchemeStatus.READY:
            raise ValidationError("Only an allocation that is ready can be published.")
        locked.status = SchemeStatus.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at"])
        job_enqueue(kind="matching.send_allocations", params={"scheme_id": locked.pk}, owner=by)
    return locked


def scheme_send_allocations(*, scheme_id: int, progress: Progress = _quiet) -> dict[str, Any]:
    scheme = SecondmentScheme.objects.get(pk=scheme_id, status=SchemeStatus.PUBLISHED)
    applications = list(scheme.applications.select_related("applicant__user", "allocated", "scheme"))
    progress(10, f"Telling {len(applications)} applicants")
    for application in applications:
        emails.send_allocation(application)
    return {"applicants": len(applications), "next_url": scheme.get_absolute_url()}


# Events ---------------------------------------------------------------------------------------------------------


def event_create(*, by: Any, data: dict[str, Any]) -> Event:
    event = Event(created_by=by, **data)
    event.full_clean()
    event.save()
    return event


def event_register(*, event: Event, profile: Profile) -> Registration:
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.registrations.filter(profile=profile).exists():
            return locked.registrations.get(profile=profile)
        if locked.registrations.count() >= locked.capacity:
            raise ValidationError("This event is full.")
        return Registration.objects.create(event=locked, profile=profile)


def event_unregister(*, event: Event, profile: Profile) -> None:
    event.registrations.filter(profile=profile).delete()


def event_plan_start(*, event: Event, by: Any) -> Job:
    if event.registrations.count() < 2:
        raise ValidationError("A table plan needs at least two people registered.")
    with transaction.atomic():
        job = job_enqueue(kind="matching.seat_event", params={"event_id": event.pk}, owner=by)
        Event.objects.filter(pk=event.pk).update(job=job, plan_error="")
    return job


def event_plan_compute(*, event_id: int, progress: Progress = _quiet) -> dict[str, Any]:
    """Seat the registrants so each table mixes sectors and levels and sits people who have not met."""
    event = Event.objects.get(pk=event_id)
    try:
        regs = list(event.registrations.select_related("profile__user", "profile__organisation"))
        profiles = {r.profile_id: r.profile for r in regs}
        experience = selectors.career_sectors(profiles)
        people = [selectors.person_of(p, experience.get(pk, set())) for pk, p in profiles.items()]
        known = _known_pairs(set(profiles))
        progress(30, f"Seating {len(people)} people")
        seating = seat_tables(people, event.table_size, known, seed=event.pk)
        seat = {selectors.profile_pk(x): n for n, t in enumerate(seating.tables, start=1) for x in t}
        with transaction.atomic():
            for r in regs:
                r.table = seat.get(r.profile_id)
            Registration.objects.bulk_update(regs, ["table"])
            stats = {"tables": len(seating.tables), "mix": seating.mix}
            Event.objects.filter(pk=event.pk).update(
                plan_stats=stats, planned_at=timezone.now(), plan_error=""
            )
    except Exception as exc:
        reason = str(exc) if isinstance(exc, JobFailed | ValueError) else f"It failed unexpectedly ({exc})"
        Event.objects.filter(pk=event_id).update(plan_error=reason)
        raise JobFailed(reason) from exc
    progress(100, "Table plan ready")
    return {"tables": len(seating.tables), "next_url": event.get_absolute_url()}


def _known_pairs(among: set[int]) -> list[tuple[str, str]]:
    pairs = selectors.filter_in(Connection.objects.all(), "person_a_id", among).values_list(
        "person_a_id", "person_b_id"
    )
    published = Match.objects.filter(round__status=RoundStatus.PUBLISHED)
    matched = selectors.filter_in(published, "person_a_id", among).values_list("person_a_id", "person_b_id")
    return [(str(a), str(b)) for a, b in [*pairs, *matched] if a in among and b in among]
