from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joinedup.jobs.models import Job
from joinedup.matching import selectors, services
from joinedup.matching.forms import (
    ApplicationForm,
    BlockForm,
    BridgeForm,
    EventForm,
    FeedbackForm,
    HostRankingForm,
    OpportunityForm,
    PreferenceForm,
    RoundForm,
    SchemeForm,
)
from joinedup.matching.models import (
    Event,
    Feedback,
    Kind,
    Match,
    MatchRound,
    Opportunity,
    Preference,
    RoundStatus,
    SecondmentScheme,
)
from joinedup.people.models import Profile
from joinedup.places.models import Place

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


# Participants --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    context = {
        "matches": selectors.my_matches(request.user)[:20],
        "unmatched": selectors.my_unmatched(request.user)[:10],
        "pending": selectors.pending_feedback(request.user),
        "preferences": Preference.objects.filter(profile=profile) if profile else [],
        "rounds": MatchRound.objects.all()[:10] if request.user.is_coordinator else [],  # type: ignore[union-attr]
    }
    return render(request, "matching/home.html", context)


@login_required
@GET_POST
def preferences(request: HttpRequest) -> HttpResponse:
    profile = _require_profile(request)
    existing = {p.kind: p for p in Preference.objects.filter(profile=profile)}
    posted = request.POST.get("kind") if request.method == "POST" else None
    forms = {}
    for kind, label in Kind.choices:
        instance = existing.get(kind) or Preference(profile=profile, kind=kind, active=False)
        data = request.POST if posted == kind else None
        forms[kind] = (label, PreferenceForm(data, instance=instance, kind=kind))
    if posted in forms and forms[posted][1].is_valid():
        try:
            services.preference_save(profile=profile, kind=posted, data=forms[posted][1].cleaned_data)
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, f"Your {forms[posted][0].lower()} settings are saved.")
            return redirect("matching:preferences")
    context = {
        "forms": forms,
        "blocks": profile.match_blocks.select_related("blocked__user"),
        "block_form": BlockForm(),
    }
    return render(request, "matching/preferences.html", context)


@login_required
@require_POST
def block_add(request: HttpRequest) -> HttpResponse:
    profile = _require_profile(request)
    form = BlockForm(request.POST)
    if form.is_valid():
        try:
            services.block_add(
                profile=profile, blocked=form.cleaned_data["email"], reason=form.cleaned_data["reason"]
            )
            messages.success(request, "You will not be paired with them.")
        except ValidationError as exc:
            _fail(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("matching:preferences")


@login_required
@require_POST
def block_remove(request: HttpRequest, block_id: int) -> HttpResponse:
    profile = _require_profile(request)
    services.block_remove(profile=profile, block_id=block_id)
    return redirect("matching:preferences")


@login_required
@require_GET
def match_detail(request: HttpRequest, match_id: int) -> HttpResponse:
    match = _get_match_for_user(request, match_id)
    profile = selectors.profile_of(request.user)
    mine = profile is not None and profile.pk in match.member_ids
    viewer = profile if mine else None
    context = {
        "match": match,
        "mine": mine,
        "partners": selectors.partners_of(match, viewer),
        "reasons": selectors.match_reasons(match, viewer),
        "feedback": Feedback.objects.filter(match=match, profile=profile).first() if mine else None,
        "arranging": mine and match.arranger_id == profile.pk,  # type: ignore[union-attr]
        "meeting": selectors.meeting_preferences(match) if mine else {},
    }
    return render(request, "matching/match_detail.html", context)


@login_required
@GET_POST
def match_feedback(request: HttpRequest, match_id: int) -> HttpResponse:
    match, profile = _get_own_match(request, match_id)
    existing = Feedback.objects.filter(match=match, profile=profile).first()
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.match_feedback_give(match=match, profile=profile, met=data["met"], useful=data["useful"] or "",
                                     comment=data["comment"])  # fmt: skip
        messages.success(request, "Thank you. Your feedback is saved.")
        return redirect("matching:match-detail", match.pk)
    return render(request, "matching/feedback.html", {"match": match, "form": form})


@login_required
@require_POST
def match_rematch(request: HttpRequest, match_id: int) -> HttpResponse:
    match, profile = _get_own_match(request, match_id)
    return _act(
        request,
        partial(services.match_rematch_request, match=match, profile=profile),
        "You will be matched again in the next round.",
        redirect("matching:match-detail", match.pk),
    )


# Coordinators: rounds ---------------------------------------------------------------------------------------------


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
            round = services.match_round_create(by=request.user, data=form.round_data())
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


@login_required
@require_POST
def round_run(request: HttpRequest, round_id: int) -> HttpResponse:
    round = _get_round_for_user(request, round_id)
    start = partial(services.match_round_start, round=round, by=request.user)
    return _start_job(request, start, redirect("matching:round-detail", round.pk))


@login_required
@require_POST
def round_publish(request: HttpRequest, round_id: int) -> HttpResponse:
    round = _get_round_for_user(request, round_id)
    return _act(
        request,
        partial(services.match_round_publish, round=round, by=request.user),
        "Published. The introductions are on their way.",
        redirect("matching:round-detail", round.pk),
    )


# Bridge builders and networks -------------------------------------------------------------------------------------


@login_required
@require_GET
def bridges(request: HttpRequest) -> HttpResponse:
    form = BridgeForm(request.GET or None)
    found = None
    if form.is_valid():
        data = form.cleaned_data
        found = selectors.bridge_builders(
            user=request.user, place=data["place"], policy_area=data["policy_area"]
        )
    return render(request, "matching/bridges.html", {"form": form, "found": found})


@login_required
@require_GET
def network(request: HttpRequest, gss_code: str) -> HttpResponse:
    place = get_object_or_404(Place, gss_code=gss_code)
    result = selectors.place_network(user=request.user, place=place)
    return render(request, "matching/network.html", {"place": place, "network": result})


# Secondments ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def board(request: HttpRequest) -> HttpResponse:
    schemes = SecondmentScheme.objects.prefetch_related("opportunities__place", "opportunities__host__user")
    return render(request, "matching/board.html", {"schemes": schemes[:50]})


@login_required
@GET_POST
def scheme_create(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request)
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scheme = services.scheme_create(by=request.user, **form.cleaned_data)
        return redirect("matching:scheme-detail", scheme.pk)
    return render(
        request, "matching/form.html", {"form": form, "title": "New secondment scheme", "button": "Create"}
    )


@login_required
@require_GET
def scheme_detail(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = _get_scheme_for_user(request, scheme_id)
    profile = selectors.profile_of(request.user)
    context = {
        "scheme": scheme,
        "opportunities": scheme.opportunities.select_related("place", "host__user"),
        "mine": scheme.applications.filter(applicant=profile).select_related("allocated").first()
        if profile
        else None,
        "applications": scheme.applications.select_related("applicant__user", "allocated")
        if request.user.is_coordinator  # type: ignore[union-attr]
        else None,
    }
    return render(request, "matching/scheme_detail.html", context)


@login_required
@GET_POST
def opportunity_create(request: HttpRequest) -> HttpResponse:
    profile = _require_profile(request)
    form = OpportunityForm(request.POST or None, initial={"scheme": request.GET.get("scheme")})
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(host=profile, data=dict(form.cleaned_data))
        except ValidationError as exc:
            _fail(request, exc)
        else:
            return redirect("matching:opportunity-detail", opportunity.pk)
    return render(
        request, "matching/form.html", {"form": form, "title": "Offer a secondment", "button": "Post it"}
    )


@login_required
@require_GET
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = _get_opportunity_for_user(request, opportunity_id)
    return render(request, "matching/opportunity_detail.html", {"o": opportunity})


@login_required
@GET_POST
def opportunity_rank(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = _get_opportunity_for_user(request, opportunity_id)
    profile = selectors.profile_of(request.user)
    if profile is None or opportunity.host_id != profile.pk:
        raise Http404("No such page")  # applicants' names and statements are for the host alone
    applications = [a for a in opportunity.scheme.applications.select_related("applicant__user",
                    "applicant__organisation") if opportunity.pk in a.ranking]  # fmt: skip
    form = HostRankingForm(request.POST or None, applicants=[a.applicant for a in applications],
                           initial_ranking=opportunity.ranking)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_rank(
                opportunity=opportunity, host=profile, ranking=form.cleaned_data["ranking"]
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, "Your ranking is saved.")
            return redirect("matching:opportunity-detail", opportunity.pk)
    context = {"o": opportunity, "form": form, "applications": applications}
    return render(request, "matching/host_rank.html", context)


@login_required
@GET_POST
def apply(request: HttpRequest, scheme_id: int) -> HttpResponse:
    scheme = _get_scheme_for_user(request, scheme_id)
    profile = _require_profile(request)
    opportunities = list(scheme.opportunities.exclude(host=profile).select_related("place"))
    existing = scheme.applications.filter(applicant=profile).first()
    form = ApplicationForm(request.POST or None, opportunities=opportunities,
                           initial_ranking=existing.ranking if existing else [],
                           initial={"statement": existing.statement if existing else ""})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.application_save(scheme=scheme, applicant=profile, ranking=form.cleaned_data["ranking"],
                                      statement=form.cleaned_data["statement"])  # fmt: skip
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, "Your choices are saved. You can change them until applications close.")
            return redirect("matching:scheme-detail", scheme.pk)
    return render(request, "matching/apply.html", {"scheme": scheme, "form": form})


@login_required
@require_POST
def scheme_run(request: HttpRequest, scheme_id: int) -> HttpResponse:
    _require_coordinator(request)
    scheme = _get_scheme_for_user(request, scheme_id)
    start = partial(services.scheme_start, scheme=scheme, by=request.user)
    return _start_job(request, start, redirect("matching:scheme-detail", scheme.pk))


@login_required
@require_POST
def scheme_publish(request: HttpRequest, scheme_id: int) -> HttpResponse:
    _require_coordinator(request)
    scheme = _get_scheme_for_user(request, scheme_id)
    return _act(
        request,
        partial(services.scheme_publish, scheme=scheme, by=request.user),
        "Allocation published. Every applicant is being told by email.",
        redirect("matching:scheme-detail", scheme.pk),
    )


# Events ---------------------------------------------------------------------------------------------------------


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
        event = services.event_create(by=request.user, data=dict(form.cleaned_data))
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


@login_required
@require_POST
def event_seat(request: HttpRequest, event_id: int) -> HttpResponse:
    _require_coordinator(request)
    event = _get_event_for_user(request, event_id)
    start = partial(services.event_plan_start, event=event, by=request.user)
    return _start_job(request, start, redirect("matching:event-detail", event.pk))


@login_required
@require_GET
def event_plan(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _get_plan_for_user(request, event_id)
    return render(
        request, "matching/table_plan.html", {"event": event, "tables": selectors.table_plan(event)}
    )
