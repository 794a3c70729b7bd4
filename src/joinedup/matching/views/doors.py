"""The doors: every object view of matching fetches through one of these, and the shared responses."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from joinedup.jobs.models import Job
from joinedup.matching import selectors
from joinedup.matching.models import (
    Event,
    Match,
    MatchRound,
    Opportunity,
    RoundStatus,
    SecondmentScheme,
)
from joinedup.people.models import Profile

GET_POST = require_http_methods(["GET", "POST"])


# The doors: every object view fetches through one of these ------------------------------------------------------


def _require_coordinator(request: HttpRequest) -> None:
    # Running rounds is coordinators' work; to others these pages do not exist.
    if not getattr(request.user, "is_coordinator", False):
        raise Http404("No such page")


def _require_profile(request: HttpRequest) -> Profile:
    profile = selectors.profile_of(request.user)
    if profile is None:
        raise Http404("You need a profile to take part")
    return profile


def _get_round_for_user(request: HttpRequest, round_id: int) -> MatchRound:
    _require_coordinator(request)
    return get_object_or_404(MatchRound, pk=round_id)


def _get_match_for_user(request: HttpRequest, match_id: int) -> Match:
    """A match is seen by its own people once published (and by coordinators): 404 for everyone else."""
    match = selectors.matches_visible_to(request.user).filter(pk=match_id).first()
    if match is None:
        raise Http404("No such match")
    return match


def _get_own_match(request: HttpRequest, match_id: int) -> tuple[Match, Profile]:
    """Feedback and rematches are for the match's own people only, not coordinators."""
    match = _get_match_for_user(request, match_id)
    profile = selectors.profile_of(request.user)
    if profile is None or profile.pk not in match.member_ids or match.round.status != RoundStatus.PUBLISHED:
        raise Http404("No such match")
    return match, profile


def _get_scheme_for_user(request: HttpRequest, scheme_id: int) -> SecondmentScheme:
    return get_object_or_404(SecondmentScheme, pk=scheme_id)


def _get_opportunity_for_user(request: HttpRequest, opportunity_id: int) -> Opportunity:
    return get_object_or_404(
        Opportunity.objects.select_related("scheme", "host__user", "place"), pk=opportunity_id
    )


def _get_event_for_user(request: HttpRequest, event_id: int) -> Event:
    return get_object_or_404(Event, pk=event_id)


def _get_plan_for_user(request: HttpRequest, event_id: int) -> Event:
    """A table plan names everyone at the event: for its coordinators and its registrants only."""
    event = _get_event_for_user(request, event_id)
    if (
        not getattr(request.user, "is_coordinator", False)
        and selectors.registration_of(event, request.user) is None
    ):
        raise Http404("No such table plan")
    return event


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _start_job(request: HttpRequest, start: Callable[[], Job], back: HttpResponse) -> HttpResponse:
    """Start a background job and follow its progress; if it cannot start, go back and say why."""
    try:
        job = start()
    except ValidationError as exc:
        _fail(request, exc)
        return back
    return redirect("jobs:detail", job.pk)


def _act(request: HttpRequest, action: Callable[[], Any], done: str, back: HttpResponse) -> HttpResponse:
    """Do what the button asks and say so, or say why it could not be done; either way, go back."""
    try:
        action()
        messages.success(request, done)
    except ValidationError as exc:
        _fail(request, exc)
    return back
