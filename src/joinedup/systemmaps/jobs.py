"""Background jobs: analyse a big system map. Thin: load the map, call the service, say how it ended."""

from typing import Any

from joinedup.jobs.registry import JobFailed, ProgressReporter, job_handler
from joinedup.systemmaps.models import SystemMap
from joinedup.systemmaps.services import ANALYSIS_JOB, AnalysisTooSlow, map_analysis_run


@job_handler(ANALYSIS_JOB)
def map_analyse(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    system_map = SystemMap.objects.filter(pk=int(params.get("map_id") or 0)).first()
    if system_map is None:
        raise JobFailed("The map no longer exists")
    try:
        analysis = map_analysis_run(system_map=system_map, progress=progress)
    except AnalysisTooSlow as err:
        raise JobFailed(str(err)) from err
    return {
        "analysis_id": analysis.pk,
        "factors": analysis.factor_count,
        "links": analysis.link_count,
        "seconds": analysis.seconds,
    }
