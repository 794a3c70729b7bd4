"""Coordinators' pages for rounds: list, create, preview, run and publish."""

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.matching import selectors, services
from joinedup.matching.forms import (
    RoundForm,
)
from joinedup.matching.models import (
    MatchRound,
    RoundStatus,
)
from joinedup.matching.views.doors import (
    GET_POST,
    _act,
    _fail,
    _get_round_for_user,
    _require_coordinator,
    _start_job,
)


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    return render(request, "matching/round_list.html", {"rounds": MatchRound.objects.all()[:100]})


@login_required
@GET_POST
def round_create(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.match_round_create(by=signed_in(request), data=form.round_data())
        except ValidationError as exc:
            _fail(request, exc)
        else:
            return redirect("matching:round-detail", round.pk)
    return render(request, "matching/round_form.html", {"form": form})


@login_required
@require_GET
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round = _get_round_for_user(request, round_id)
    context: dict[str, Any] = {"round": round, "preview": selectors.round_preview(round)}
    if round.status in (RoundStatus.READY, RoundStatus.PUBLISHED):
        context["matches"] = round.matches.select_related("person_a__user", "person_b__user", "third__user")[
            :500
        ]
        context["unmatched"] = round.unmatched.select_related("profile__user")[:500]
    return render(request, "matching/round_detail.html", context)


# round_run, secondments.scheme_run and events.event_seat are one shape: the shared work is in _start_job;
# each keeps its own door, service and detail URL (short views, see docs/architecture.md).
@login_required
@require_POST
def round_run(request: HttpRequest, round_id: int) -> HttpResponse:
    round = _get_round_for_user(request, round_id)
    start = partial(services.match_round_start, round=round, by=signed_in(request))
    return _start_job(request, start, redirect("matching:round-detail", round.pk))


@login_required
@require_POST
def round_publish(request: HttpRequest, round_id: int) -> HttpResponse:
    round = _get_round_for_user(request, round_id)
    return _act(
        request,
        partial(services.match_round_publish, round=round, by=signed_in(request)),
        "Published. The introductions are on their way.",
        redirect("matching:round-detail", round.pk),
    )
