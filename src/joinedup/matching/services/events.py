"""Writes of events: create, register, and the table plan computed as a job."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.jobs.models import Job
from joinedup.jobs.registry import JobFailed
from joinedup.jobs.services import job_enqueue
from joinedup.matching import selectors
from joinedup.matching.compute import seat_tables
from joinedup.matching.models import (
    Event,
    Match,
    Registration,
    RoundStatus,
)
from joinedup.matching.services.progress import Progress, _quiet
from joinedup.people.models import Connection, Profile


def event_create(*, by: User, data: dict[str, Any]) -> Event:
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


def event_plan_start(*, event: Event, by: User) -> Job:
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
