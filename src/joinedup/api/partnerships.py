"""Partnerships in the JSON API: read-only, members only (404 to anyone else). Health-check results are the
same aggregates the results page shows — never a single response."""

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from joinedup.api.schemas import DETAIL_ERRORS, READ_ERRORS, ErrorOut
from joinedup.partnerships import selectors
from joinedup.partnerships.items import RATED_DIMENSIONS
from joinedup.partnerships.models import HealthCheck, Partnership

router = Router(tags=["partnerships"])


class PartnershipOut(Schema):
    id: int
    title: str
    kind: str
    state: str
    shared_outcome: str
    exit_criteria: str
    planned_exit_date: date | None


# The API's own copy of selectors.Score and selectors.Results, field for field on purpose: the published
# schema stays put when the internal records change.
class ScoreOut(Schema):
    mean: float | None
    withheld: bool


class ResultsOut(Schema):
    check_id: int
    responses: int
    withheld: bool
    overall: dict[str, ScoreOut]
    by_side: dict[str, dict[str, ScoreOut]]
    warnings: list[str]


def _partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    found = selectors.partnerships_visible_to(request.user).filter(pk=partnership_id).first()
    if found is None:
        raise Http404("No such partnership")
    return found


@router.get("/", response={200: list[PartnershipOut], **READ_ERRORS}, summary="Your partnerships")
def partnership_list(request: HttpRequest) -> Any:
    return selectors.partnerships_visible_to(request.user).order_by("title")


@router.get(
    "/{partnership_id}", response={200: PartnershipOut, **DETAIL_ERRORS}, summary="One partnership you are in"
)
def partnership_detail(request: HttpRequest, partnership_id: int) -> Partnership:
    return _partnership(request, partnership_id)


def _scores(scores: dict[str, selectors.Score]) -> dict[str, ScoreOut]:
    return {d: ScoreOut(mean=scores[d].mean, withheld=scores[d].withheld) for d in RATED_DIMENSIONS}


@router.get(
    "/{partnership_id}/checks/{check_id}/results",
    response={200: ResultsOut, 409: ErrorOut, **DETAIL_ERRORS},
    summary="Results of a closed health check (aggregates only)",
)
def check_results(request: HttpRequest, partnership_id: int, check_id: int) -> Any:
    partnership = _partnership(request, partnership_id)
    check = HealthCheck.objects.filter(pk=check_id, partnership=partnership).first()
    if check is None:
        raise Http404("No such health check")
    if not check.is_closed(timezone.localdate()):
        return Status(409, {"detail": "Results show only after the health check closes"})
    results = selectors.check_results(check, selectors.previous_check(check))
    return ResultsOut(
        check_id=check.pk,
        responses=results.n,
        withheld=results.withheld,
        overall=_scores(results.overall),
        by_side={side: _scores(scores) for side, scores in results.by_side.items()},
        warnings=results.warnings,
    )
