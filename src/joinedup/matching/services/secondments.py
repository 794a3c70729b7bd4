"""Writes of secondment schemes: opportunities, applications, ranking, allocation, publishing."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.jobs.models import Job
from joinedup.jobs.registry import JobFailed
from joinedup.jobs.services import job_enqueue
from joinedup.matching import emails, selectors
from joinedup.matching.compute import Person
from joinedup.matching.models import (
    Application,
    Opportunity,
    SchemeStatus,
    SecondmentScheme,
)
from joinedup.matching.services.progress import Progress, _quiet
from joinedup.people.models import Profile


def scheme_create(*, by: User, name: str, closes_on: date | None) -> SecondmentScheme:
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


def scheme_start(*, scheme: SecondmentScheme, by: User) -> Job:
    if not scheme.applications.exists() or not scheme.opportunities.exists():
        raise ValidationError("An allocation needs at least one opportunity and one application.")
    if scheme.status == SchemeStatus.PUBLISHED:
        raise ValidationError("This allocation is already published.")
    # Same steps as rounds.match_round_start (queue the job, mark it running): see the note there.
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


def scheme_publish(*, scheme: SecondmentScheme, by: User | None = None) -> SecondmentScheme:
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
