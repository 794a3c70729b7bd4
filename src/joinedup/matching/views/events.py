"""Events: list, create, register, and the table plan."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.matching import selectors, services
from joinedup.matching.forms import (
    EventForm,
)
from joinedup.matching.views.doors import (
    GET_POST,
    _act,
    _get_event_for_user,
    _get_plan_for_user,
    _require_coordinator,
    _require_profile,
    _start_job,
)


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "matching/event_list.html", {"events": selectors.events_visible_to(request.user)[:100]}
    )


@login_required
@GET_POST
def event_create(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.event_create(by=signed_in(request), data=dict(form.cleaned_data))
        return redirect("matching:event-detail", event.pk)
    return render(
        request, "matching/form.html", {"form": form, "title": "New event", "button": "Create event"}
    )


@login_required
@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _get_event_for_user(request, event_id)
    registration = selectors.registration_of(event, request.user)
    context = {"event": event, "registration": registration, "count": event.registrations.count()}
    return render(request, "matching/event_detail.html", context)


@login_required
@require_POST
def event_register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _get_event_for_user(request, event_id)
    profile = _require_profile(request)
    return _act(
        request,
        partial(services.event_register, event=event, profile=profile),
        "You are registered.",
        redirect("matching:event-detail", event.pk),
    )


@login_required
@require_POST
def event_unregister(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _get_event_for_user(request, event_id)
    services.event_unregister(event=event, profile=_require_profile(request))
    messages.success(request, "Your place is cancelled.")
    return redirect("matching:event-detail", event.pk)


# Same shape as rounds.round_run and secondments.scheme_run (the shared work is in _start_job); see round_run.
@login_required
@require_POST
def event_seat(request: HttpRequest, event_id: int) -> HttpResponse:
    _require_coordinator(request)
    event = _get_event_for_user(request, event_id)
    start = partial(services.event_plan_start, event=event, by=signed_in(request))
    return _start_job(request, start, redirect("matching:event-detail", event.pk))


@login_required
@require_GET
def event_plan(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _get_plan_for_user(request, event_id)
    return render(
        request, "matching/table_plan.html", {"event": event, "tables": selectors.table_plan(event)}
    )
