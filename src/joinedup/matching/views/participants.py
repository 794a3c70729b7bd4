"""Participants' pages: home, preferences, blocks, a match, feedback and rematches."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.core.ratelimits import by_user, rate_limited
from joinedup.matching import selectors, services
from joinedup.matching.forms import (
    BlockForm,
    FeedbackForm,
    PreferenceForm,
)
from joinedup.matching.models import (
    Feedback,
    Kind,
    MatchRound,
    Preference,
)
from joinedup.matching.views.doors import (
    GET_POST,
    _act,
    _fail,
    _get_match_for_user,
    _get_own_match,
    _require_profile,
)
from joinedup.people.selectors import profiles_visible_to


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    context = {
        "matches": selectors.my_matches(request.user)[:20],
        "unmatched": selectors.my_unmatched(request.user)[:10],
        "pending": selectors.pending_feedback(request.user),
        "preferences": Preference.objects.filter(profile=profile) if profile else [],
        "rounds": MatchRound.objects.all()[:10] if signed_in(request).is_coordinator else [],
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
@rate_limited("add-person", by_user)
def block_add(request: HttpRequest) -> HttpResponse:
    profile = _require_profile(request)
    form = BlockForm(request.POST)
    if form.is_valid():
        blocked, email = form.cleaned_data["profile"], form.cleaned_data["email"]
        try:
            if blocked is not None:
                services.block_add(profile=profile, blocked=blocked, reason=form.cleaned_data["reason"])
            messages.success(
                request, f"If {email} has a Joined Up account, you will not be paired with them."
            )
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
        "arranging": mine and profile is not None and match.arranger_id == profile.pk,
        "meeting": selectors.meeting_preferences(match) if mine else {},
        "plan": selectors.meeting_plan(match) if mine else None,
        # Linked where their profile settings let this reader see it (connections-only profiles open once met).
        "profile_links": set(
            profiles_visible_to(request.user).filter(pk__in=match.member_ids).values_list("pk", flat=True)
        ),
    }
    return render(request, "matching/match_detail.html", context)


@login_required
@require_GET
def match_calendar(request: HttpRequest, match_id: int) -> HttpResponse:
    """The introduction's calendar invitation, for the people introduced only (others get 404)."""
    match, _ = _get_own_match(request, match_id)
    calendar = selectors.match_ics(match)
    if calendar is None:
        messages.info(request, "You have no half-day in common; the person arranging it will propose a time.")
        return redirect("matching:match-detail", match.pk)
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="introduction-{match.pk}.ics"'
    return response


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
        # Alike in shape to secondments.apply's ending and scheme_run's start: short views of one
        # shape, each with its own message, template and door.
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
