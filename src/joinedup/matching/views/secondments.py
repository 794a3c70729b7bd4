"""Secondments: the board, schemes, opportunities, applications, ranking and allocation."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.matching import selectors, services
from joinedup.matching.forms import (
    ApplicationForm,
    HostRankingForm,
    OpportunityForm,
    SchemeForm,
)
from joinedup.matching.models import (
    SecondmentScheme,
)
from joinedup.matching.views.doors import (
    GET_POST,
    _act,
    _fail,
    _get_opportunity_for_user,
    _get_scheme_for_user,
    _require_coordinator,
    _require_profile,
    _start_job,
)


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
        scheme = services.scheme_create(by=signed_in(request), **form.cleaned_data)
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
        if signed_in(request).is_coordinator
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
    # Same ending as scheme_create above and same start as scheme_detail: short views of one shape, each with
    # its own form, title, door and template (see docs/architecture.md, Repetition that stays).
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


# Same shape as rounds.round_run and events.event_seat (the shared work is in _start_job); see
# rounds.round_run.
@login_required
@require_POST
def scheme_run(request: HttpRequest, scheme_id: int) -> HttpResponse:
    _require_coordinator(request)
    scheme = _get_scheme_for_user(request, scheme_id)
    start = partial(services.scheme_start, scheme=scheme, by=signed_in(request))
    return _start_job(request, start, redirect("matching:scheme-detail", scheme.pk))


@login_required
@require_POST
def scheme_publish(request: HttpRequest, scheme_id: int) -> HttpResponse:
    _require_coordinator(request)
    scheme = _get_scheme_for_user(request, scheme_id)
    return _act(
        request,
        partial(services.scheme_publish, scheme=scheme, by=signed_in(request)),
        "Allocation published. Every applicant is being told by email.",
        redirect("matching:scheme-detail", scheme.pk),
    )
