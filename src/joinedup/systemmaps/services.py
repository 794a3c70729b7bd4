"""Writes to system maps. Each change is one transaction and one attributed, undoable Change row.

A map never grows past the configured limits (`limits.map_limits`), whichever way factors and links come in.
Big maps are analysed by a background job that publishes the whole report at its end (`map_analysis_*`).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.registry import ProgressReporter
from joinedup.jobs.services import job_enqueue
from joinedup.situations.models import Situation
from joinedup.situations.selectors import membership_of
from joinedup.systemmaps.analysis import (
    PAGE_MAX_LOOPS,
    PageAnalysis,
    map_fingerprint,
    page_analysis,
    report_compute,
)
from joinedup.systemmaps.compute import (
    Analysis,
    CausalMap,
    analysis_to_dict,
    boundary_links,
    centre_reach,
    leverage_rank,
    loops_find,
)
from joinedup.systemmaps.limits import analysed_inline, analysis_time_limit, map_limits
from joinedup.systemmaps.models import Change, ChangeAction, Factor, Link, MapAnalysis, SystemMap

FACTOR_FIELDS = ("key", "label", "owner", "organisation", "description", "x", "y")
LINK_FIELDS = ("polarity", "delay", "strength")


def _perspective(user: Any, situation: Situation) -> str:
    membership = membership_of(user=user, situation=situation)
    return membership.perspective if membership else ""


def _factor_snapshot(factor: Factor) -> dict[str, Any]:
    return {
        "id": factor.pk,
        **{f: getattr(factor, f) for f in FACTOR_FIELDS},
        "added_by": factor.added_by_id,
        "perspective": factor.perspective,
    }


def _link_snapshot(link: Link) -> dict[str, Any]:
    return {
        "id": link.pk,
        "source": link.source_id,
        "target": link.target_id,
        **{f: getattr(link, f) for f in LINK_FIELDS},
        "added_by": link.added_by_id,
        "perspective": link.perspective,
    }


def _room_check(system_map: SystemMap, *, factors: int = 0, links: int = 0) -> None:
    """Refuse a change that would take the map past its factor or link limit (the map row is locked first,
    so two people adding at once cannot both take the last place)."""
    limits = map_limits()
    SystemMap.objects.select_for_update().filter(pk=system_map.pk).first()
    if factors and Factor.objects.filter(system_map=system_map).count() + factors > limits.max_factors:
        raise ValidationError(
            f"This map has reached the limit of {limits.max_factors:,} factors. "
            "Remove a factor, or start a new map, before adding another."
        )
    if links and Link.objects.filter(system_map=system_map).count() + links > limits.max_links:
        raise ValidationError(
            f"This map has reached the limit of {limits.max_links:,} links. "
            "Remove a link before adding another."
        )


def _record(system_map: SystemMap, user: Any, action: str, summary: str, **states: Any) -> Change:
    system_map.save(update_fields=["updated_at"])
    # An import is one event; edits come in bursts, so their analysis waits to gather the burst.
    delay = 0 if action == ChangeAction.IMPORT else ANALYSIS_DEBOUNCE_SECONDS
    map_analysis_schedule(system_map=system_map, delay_seconds=delay)
    return Change.objects.create(
        system_map=system_map,
        user=user,
        perspective=_perspective(user, system_map.situation),
        action=action,
        summary=summary[:500],
        **states,
    )


def system_map_create(*, situation: Situation, user: Any, title: str, description: str = "") -> SystemMap:
    system_map = SystemMap(situation=situation, title=title, description=description, created_by=user)
    system_map.full_clean()
    system_map.save()
    return system_map


def _next_key(system_map: SystemMap) -> str:
    taken = set(system_map.factors.values_list("key", flat=True))
    n = len(taken) + 1
    while f"f{n}" in taken:
        n += 1
    return f"f{n}"


@transaction.atomic
def factor_add(
    *,
    system_map: SystemMap,
    user: Any,
    label: str,
    owner: str = "",
    organisation: str = "",
    description: str = "",
    x: float | None = None,
    y: float | None = None,
) -> Factor:
    _room_check(system_map, factors=1)
    factor = Factor(
        system_map=system_map,
        key=_next_key(system_map),
        label=label.strip(),
        owner=owner,
        organisation=organisation.strip(),
        description=description.strip(),
        x=x,
        y=y,
        added_by=user,
        perspective=_perspective(user, system_map.situation),
    )
    factor.full_clean()
    factor.save()
    _record(
        system_map,
        user,
        ChangeAction.FACTOR_ADD,
        f"added the factor “{factor.label}”",
        after=_factor_snapshot(factor),
    )
    return factor


@transaction.atomic
def factor_update(*, factor: Factor, user: Any, **fields: Any) -> Factor:
    before = _factor_snapshot(factor)
    for name, value in fields.items():
        if name not in FACTOR_FIELDS or name == "key":
            raise ValueError(f"a factor has no editable field {name!r}")
        setattr(factor, name, value.strip() if isinstance(value, str) else value)
    factor.full_clean()
    factor.save()
    _record(
        factor.system_map,
        user,
        ChangeAction.FACTOR_EDIT,
        f"changed the factor “{factor.label}”",
        before=before,
        after=_factor_snapshot(factor),
    )
    return factor


def factor_move(*, factor: Factor, x: float, y: float) -> Factor:
    """Where a factor sits on the drawing. Not a change of the map's meaning, so not logged or undone."""
    Factor.objects.filter(pk=factor.pk).update(x=x, y=y)
    factor.x, factor.y = x, y
    return factor


@transaction.atomic
def factor_delete(*, factor: Factor, user: Any) -> None:
    before = _factor_snapshot(factor)
    links = Link.objects.filter(Q(source=factor) | Q(target=factor)).order_by("pk")
    before["links"] = [_link_snapshot(link) for link in links]
    system_map = factor.system_map
    factor.delete()
    count = len(before["links"])
    extra = f" and its {count} link{'s' if count != 1 else ''}" if count else ""
    _record(
        system_map,
        user,
        ChangeAction.FACTOR_DELETE,
        f"removed the factor “{before['label']}”{extra}",
        before=before,
    )


@transaction.atomic
def link_add(
    *,
    system_map: SystemMap,
    user: Any,
    source: Factor,
    target: Factor,
    polarity: str,
    delay: bool = False,
    strength: float = 1.0,
) -> Link:
    if source.system_map_id != system_map.pk or target.system_map_id != system_map.pk:
        raise ValidationError("Both factors must be on this map.")
    if Link.objects.filter(source=source, target=target).exists():
        raise ValidationError(f"There is already a link from “{source}” to “{target}”.")
    _room_check(system_map, links=1)
    link = Link(
        system_map=system_map,
        source=source,
        target=target,
        polarity=polarity,
        delay=delay,
        strength=strength,
        added_by=user,
        perspective=_perspective(user, system_map.situation),
    )
    _link_check(link)
    link.save()
    _record(
        system_map,
        user,
        ChangeAction.LINK_ADD,
        f"linked “{source}” to “{target}” ({polarity})",
        after=_link_snapshot(link),
    )
    return link


def _link_check(link: Link) -> None:
    link.full_clean(validate_constraints=False)
    if not link.strength > 0:
        raise ValidationError({"strength": "Strength must be more than 0."})


@transaction.atomic
def link_update(*, link: Link, user: Any, **fields: Any) -> Link:
    before = _link_snapshot(link)
    for name, value in fields.items():
        if name not in LINK_FIELDS:
            raise ValueError(f"a link has no editable field {name!r}")
        setattr(link, name, value)
    _link_check(link)
    link.save()
    _record(
        link.system_map,
        user,
        ChangeAction.LINK_EDIT,
        f"changed the link “{link.source}” to “{link.target}”",
        before=before,
        after=_link_snapshot(link),
    )
    return link


@transaction.atomic
def link_delete(*, link: Link, user: Any) -> None:
    before, system_map = _link_snapshot(link), link.system_map
    summary = f"removed the link “{link.source}” to “{link.target}”"
    link.delete()
    _record(system_map, user, ChangeAction.LINK_DELETE, summary, before=before)


class UndoRefused(Exception):
    """The change cannot be undone now (already undone, or what it needs is gone); the message says why."""


@transaction.atomic
def change_undo(*, change: Change, user: Any) -> Change:
    """Reverse one change and record the reversal as a new, attributed change."""
    change = Change.objects.select_for_update().get(pk=change.pk)
    if not change.can_undo:
        raise UndoRefused(
            "This change cannot be undone (it was undone already, or it is an import or an undo)."
        )
    _UNDO[change.action](change)
    Change.objects.filter(pk=change.pk).update(undone_at=timezone.now())
    return _record(
        change.system_map,
        user,
        ChangeAction.UNDO,
        f"undid: {change.summary}",
        undoes=change,
        before=change.after,
        after=change.before,
    )


def _state(value: Any) -> dict[str, Any]:
    """A snapshot saved by this module: always a dict where the action needs one."""
    if not isinstance(value, dict):
        raise UndoRefused("This change has no saved state to go back to.")
    return value


def _undo_add(change: Change) -> None:
    model = Factor if change.action == ChangeAction.FACTOR_ADD else Link
    deleted, _ = model.objects.filter(pk=_state(change.after)["id"], system_map=change.system_map).delete()
    if not deleted:
        raise UndoRefused("What this change added has been removed since.")


def _undo_edit(change: Change) -> None:
    model = Factor if change.action == ChangeAction.FACTOR_EDIT else Link
    before = _state(change.before)
    obj = model.objects.filter(pk=before["id"], system_map=change.system_map).first()
    if obj is None:
        raise UndoRefused("What this change edited has been removed since.")
    for name in FACTOR_FIELDS if model is Factor else LINK_FIELDS:
        setattr(obj, name, before[name])
    obj.save()


def _undo_factor_delete(change: Change) -> None:
    before = _state(change.before)
    if Factor.objects.filter(system_map=change.system_map, key=before["key"]).exists():
        raise UndoRefused(f"The map has another factor with the id {before['key']!r} now.")
    _undo_room_check(change.system_map, factors=1, links=len(before.get("links", [])))
    Factor.objects.create(
        pk=before["id"],
        system_map=change.system_map,
        added_by_id=before["added_by"],
        perspective=before["perspective"],
        **{f: before[f] for f in FACTOR_FIELDS},
    )
    for link in before.get("links", []):
        _link_restore(change.system_map, link)


def _undo_link_delete(change: Change) -> None:
    _undo_room_check(change.system_map, links=1)
    _link_restore(change.system_map, _state(change.before))


def _undo_room_check(system_map: SystemMap, *, factors: int = 0, links: int = 0) -> None:
    try:
        _room_check(system_map, factors=factors, links=links)
    except ValidationError as err:
        raise UndoRefused(" ".join(err.messages)) from err


def _link_restore(system_map: SystemMap, snap: dict[str, Any]) -> None:
    ends = Factor.objects.filter(system_map=system_map, pk__in=[snap["source"], snap["target"]]).count()
    if ends < len({snap["source"], snap["target"]}):
        raise UndoRefused("A factor this link joined has been removed since.")
    if Link.objects.filter(source_id=snap["source"], target_id=snap["target"]).exists():
        raise UndoRefused("The map has another link between those factors now.")
    Link.objects.create(
        pk=snap["id"],
        system_map=system_map,
        source_id=snap["source"],
        target_id=snap["target"],
        added_by_id=snap["added_by"],
        perspective=snap["perspective"],
        **{f: snap[f] for f in LINK_FIELDS},
    )


_UNDO: dict[str, Callable[[Change], None]] = {
    ChangeAction.FACTOR_ADD: _undo_add,
    ChangeAction.LINK_ADD: _undo_add,
    ChangeAction.FACTOR_EDIT: _undo_edit,
    ChangeAction.LINK_EDIT: _undo_edit,
    ChangeAction.FACTOR_DELETE: _undo_factor_delete,
    ChangeAction.LINK_DELETE: _undo_link_delete,
}


@transaction.atomic
def system_map_import(*, situation: Situation, user: Any, title: str, cmap: CausalMap) -> SystemMap:
    """A new map from a checked engine map: all of it, or (on any error) none of it."""
    limits = map_limits()
    if len(cmap.factors) > limits.max_factors or len(cmap.links) > limits.max_links:
        raise ValidationError(
            f"The map has {len(cmap.factors):,} factors and {len(cmap.links):,} links; the limits are "
            f"{limits.max_factors:,} factors and {limits.max_links:,} links per map."
        )
    too_long = [
        f"factor {f.id[:40]!r}: the id is longer than 100 characters" for f in cmap.factors if len(f.id) > 100
    ]
    too_long += [
        f"factor {f.id!r}: the label is longer than {limits.max_label} characters"
        for f in cmap.factors
        if len(f.label) > limits.max_label
    ]
    if too_long:
        raise ValidationError(too_long)
    system_map = system_map_create(situation=situation, user=user, title=title)
    perspective = _perspective(user, situation)
    factors = Factor.objects.bulk_create(
        Factor(
            system_map=system_map,
            key=f.id,
            label=f.label,
            owner=f.owner or "",
            organisation=f.organisation[:200],
            description=f.description,
            x=f.x,
            y=f.y,
            added_by=user,
            perspective=perspective,
        )
        for f in cmap.factors
    )
    by_key = {f.key: f for f in factors}
    Link.objects.bulk_create(
        Link(
            system_map=system_map,
            source=by_key[lk.source],
            target=by_key[lk.target],
            polarity=lk.polarity,
            delay=lk.delay,
            strength=lk.strength,
            added_by=user,
            perspective=perspective,
        )
        for lk in cmap.links
    )
    _record(
        system_map, user, ChangeAction.IMPORT, f"imported {len(factors)} factors and {len(cmap.links)} links"
    )
    return system_map


# --- the analysis of a map: inline for small maps, a background job for big ones --------------------------

ANALYSIS_JOB = "systemmaps.analyse"
# Edits in the drawing editor come in bursts; the job waits this long so a burst costs one analysis.
ANALYSIS_DEBOUNCE_SECONDS = 3.0
# Loops are the one part of the analysis whose cost can explode; the job gives them this share of its limit.
ANALYSIS_LOOP_SHARE = 0.5


class AnalysisTooSlow(Exception):
    """The analysis passed its time limit; nothing was published. The message says so in words."""


@dataclass
class AnalysisState:
    """What a map's page shows about its analysis: the report to show (if any), whether it is of the map as
    it is now, and the background job's progress or why it failed."""

    page: PageAnalysis | None
    report: dict[str, Any] | None
    current: bool
    job: Job | None = None
    failed: str = ""
    computed_at: Any = None

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.status in (JobStatus.QUEUED, JobStatus.RUNNING)


def _analysis_jobs(system_map: SystemMap) -> Any:
    return Job.objects.filter(kind=ANALYSIS_JOB, params__map_id=system_map.pk)


def map_analysis_schedule(*, system_map: SystemMap, delay_seconds: float = 0) -> Job | None:
    """Queue an analysis of a big map unless one is already waiting (debounce: it will read this change too).

    Small maps are analysed inline, so nothing is queued for them."""
    factors = Factor.objects.filter(system_map=system_map).count()
    links = Link.objects.filter(system_map=system_map).count()
    if analysed_inline(factors, links):
        return None
    if _analysis_jobs(system_map).filter(status=JobStatus.QUEUED).exists():
        return None
    return job_enqueue(kind=ANALYSIS_JOB, params={"map_id": system_map.pk}, delay_seconds=delay_seconds)


def map_analysis_state(*, system_map: SystemMap, cmap: CausalMap) -> AnalysisState:
    """The analysis a map's page shows, never computing a big map in the request.

    A small map (see `limits.analysed_inline`: up to 150 factors and 600 links by default) is analysed here,
    within the page's bounds (5,000 loops or 2 s of loop search, the rest well under a second at that size),
    so whoever just added a factor sees its effect at once without waiting for a worker. A big map shows its
    last completed analysis, marked if the map changed since, with the job's progress; if no job is waiting
    (the map was imported, or changed outside the site) one is queued, unless the last one failed after the
    map's last change (it would fail again), in which case its reason is shown.
    """
    if analysed_inline(len(cmap.factors), len(cmap.links)):
        inline = report_compute(cmap)
        return AnalysisState(page_analysis(inline), inline, current=True)
    stored = MapAnalysis.objects.filter(system_map=system_map).first()
    current = stored is not None and stored.fingerprint == map_fingerprint(cmap)
    job, failed = None, ""
    if not current:
        job = _analysis_jobs(system_map).order_by("-created_at", "-pk").first()
        if job is not None and job.status == JobStatus.FAILED and job.created_at >= system_map.updated_at:
            failed = job.error or "The analysis stopped unexpectedly."
        elif job is None or job.is_finished:
            job = map_analysis_schedule(system_map=system_map)
    report = stored.report if stored is not None else None
    return AnalysisState(
        page_analysis(report) if report is not None else None,
        report,
        current=current,
        job=job,
        failed=failed,
        computed_at=stored.computed_at if stored is not None else None,
    )


def map_analysis_run(*, system_map: SystemMap, progress: ProgressReporter | None = None) -> MapAnalysis:
    """Analyse the map as it is now and publish the report in one transaction at the end.

    Bounded by SYSTEMMAPS_ANALYSIS_TIME_LIMIT: the loop search gets half of it and stops itself; past the
    limit after any step, AnalysisTooSlow is raised and nothing is published."""
    from joinedup.systemmaps.selectors import system_map_to_engine

    report_progress = progress or (lambda percent, message="": None)
    limit = analysis_time_limit()
    start = time.monotonic()

    def check(step: str) -> None:
        if time.monotonic() - start > limit:
            raise AnalysisTooSlow(
                f"The analysis took longer than its limit of {limit:,.0f} seconds ({step}); nothing was "
                "published. A smaller map, or fewer links, would help."
            )

    report_progress(5, "Reading the map")
    version = SystemMap.objects.values_list("updated_at", flat=True).get(pk=system_map.pk)
    cmap = system_map_to_engine(system_map)
    fingerprint = map_fingerprint(cmap)
    report_progress(10, "Finding feedback loops")
    search = loops_find(cmap, max_length=8, max_loops=PAGE_MAX_LOOPS, time_limit=limit * ANALYSIS_LOOP_SHARE)
    check("finding loops")
    report_progress(40, "Ranking leverage")
    leverage = leverage_rank(cmap, search)
    check("ranking leverage")
    report_progress(75, "Finding links across boundaries and the centre's reach")
    result = Analysis(search, leverage, boundary_links(cmap, search), centre_reach(cmap, search))
    report = analysis_to_dict(cmap, result)
    check("writing the report")
    report_progress(95, "Publishing")
    return _map_analysis_publish(system_map, cmap, fingerprint, version, report, time.monotonic() - start)


@transaction.atomic
def _map_analysis_publish(
    system_map: SystemMap,
    cmap: CausalMap,
    fingerprint: str,
    version: Any,
    report: dict[str, Any],
    seconds: float,
) -> MapAnalysis:
    """Replace the stored analysis, unless a newer one (of a later version of the map) got there first."""
    stored = MapAnalysis.objects.select_for_update().filter(system_map=system_map).first()
    if stored is not None and stored.map_updated_at > version:
        return stored
    analysis, _ = MapAnalysis.objects.update_or_create(
        system_map=system_map,
        defaults={
            "fingerprint": fingerprint,
            "map_updated_at": version,
            "factor_count": len(cmap.factors),
            "link_count": len(cmap.links),
            "report": report,
            "seconds": round(seconds, 3),
            "computed_at": timezone.now(),
        },
    )
    return analysis
