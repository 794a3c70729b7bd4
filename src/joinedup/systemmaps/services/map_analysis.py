"""The analysis of a map: inline for small maps, a background job for big ones."""

import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.registry import ProgressReporter
from joinedup.jobs.services import job_enqueue
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
from joinedup.systemmaps.limits import analysed_inline, analysis_time_limit
from joinedup.systemmaps.models import Factor, Link, MapAnalysis, SystemMap

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
