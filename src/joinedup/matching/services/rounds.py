"""Writes of rounds: create, start, compute as a job (one transaction at the end), publish."""

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from joinedup.jobs.models import Job
from joinedup.jobs.registry import JobFailed
from joinedup.jobs.services import job_enqueue
from joinedup.matching import emails, selectors
from joinedup.matching.models import (
    Kind,
    Match,
    MatchRound,
    MentoringRole,
    RoundStatus,
    Unmatched,
)
from joinedup.notifications.models import Kind as NotificationKind
from joinedup.notifications.services import notify

if TYPE_CHECKING:
    # Only named in annotations: importing the engine's rounds at start-up brings in scikit-learn.
    from joinedup.matching.compute import Pair
from joinedup.accounts.models import User
from joinedup.matching.services.progress import Progress, _quiet


def match_round_create(*, by: User, data: dict[str, Any]) -> MatchRound:
    places, areas = data.pop("places", []), data.pop("policy_areas", [])
    with transaction.atomic():
        round = MatchRound(created_by=by, **data)
        round.full_clean()
        round.save()
        round.places.set(places)
        round.policy_areas.set(areas)
    return round


def match_round_start(*, round: MatchRound, by: User) -> Job:
    """Queue the round's job, after checking (before anything runs) that it can produce matches."""
    if round.status not in (RoundStatus.DRAFT, RoundStatus.FAILED, RoundStatus.READY):
        raise ValidationError(f"This round is {round.get_status_display().lower()}; it cannot be run now.")
    problems = selectors.round_preview(round)["problems"]
    if problems:
        raise ValidationError(problems)
    # Same steps as secondments.scheme_start (queue the job, mark it running): two models, kept apart until
    # MatchRound and SecondmentScheme share an abstract job model.
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


def match_round_publish(*, round: MatchRound, by: User) -> MatchRound:
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
        _notify_introduced(locked)
    return locked


def _notify_introduced(round: MatchRound) -> None:
    """Each matched person's inbox says so; the introduction email (with the contact details) is the email."""
    ids = Match.objects.filter(round=round).values_list("person_a_id", "person_b_id", "third_id")
    profiles = {pk for row in ids for pk in row if pk}
    notify(
        recipients=User.objects.filter(profile__in=profiles, is_active=True),
        kind=NotificationKind.INTRODUCED,
        object_key=f"round:{round.pk}",
        title=round.name,
        url=reverse("matching:home"),
        message=f"You have an introduction from “{round.name}”: see who, and why.",
        email=False,
    )


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
