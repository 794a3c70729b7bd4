"""Background jobs of matching: thin handlers that call the services (which write in one transaction)."""

from typing import Any

from joinedup.jobs.registry import ProgressReporter, job_handler
from joinedup.matching import services


# One handler per job kind, each a one-line call into services: the job registry needs a named function per
# kind.
@job_handler("matching.run_round")
def run_round(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    return services.match_round_compute(round_id=int(params["round_id"]), progress=progress)


@job_handler("matching.send_introductions")
def send_introductions(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    return services.match_round_send_introductions(round_id=int(params["round_id"]), progress=progress)


@job_handler("matching.allocate_secondments")
def allocate_secondments(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    return services.scheme_compute(scheme_id=int(params["scheme_id"]), progress=progress)


@job_handler("matching.seat_event")
def seat_event(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    return services.event_plan_compute(event_id=int(params["event_id"]), progress=progress)


@job_handler("matching.send_allocations")
def send_allocations(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    return services.scheme_send_allocations(scheme_id=int(params["scheme_id"]), progress=progress)
