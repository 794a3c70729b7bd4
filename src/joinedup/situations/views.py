"""Situation pages. Every view fetches the situation through `_get_situation_for_user`: outsiders get 404."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.core.panels import panels_for
from joinedup.core.ratelimits import by_user, rate_limited
from joinedup.situations import services
from joinedup.situations.forms import MemberInviteForm, MembershipForm, SituationCreateForm, SituationForm
from joinedup.situations.history import situation_history
from joinedup.situations.models import Membership, Situation
from joinedup.situations.selectors import is_convener, membership_of, situation_get_for_user, situations_of


def _get_situation_for_user(request: HttpRequest, situation_id: int, *, convener: bool = False) -> Situation:
    """The situation if this user may see it (404 otherwise); with convener=True, 403 for plain members."""
    situation = situation_get_for_user(user=request.user, situation_id=situation_id)
    if convener and not is_convener(user=request.user, situation=situation):
        raise PermissionDenied("Only the situation's conveners can do this")
    return situation


def _get_membership(situation: Situation, membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), pk=membership_id, situation=situation)


def _form_data(form: Any) -> dict[str, Any]:
    data = form.cleaned_data
    return {k: data[k] for k in ("title", "framing", "places", "policy_areas")}


@login_required
@require_http_methods(["GET"])
def situation_list(request: HttpRequest) -> HttpResponse:
    situations = situations_of(request.user).prefetch_related("places")
    return render(request, "situations/list.html", {"situations": situations})


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = SituationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        situation = services.situation_create(
            created_by=signed_in(request), perspective=form.cleaned_data["perspective"], **_form_data(form)
        )
        messages.success(request, f"You started “{situation.title}” and are its convener.")
        return redirect(situation)
    return render(request, "situations/form.html", {"form": form, "situation": None})


@login_required
@require_http_methods(["GET"])
def detail(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id)
    context = {
        "situation": situation,
        "memberships": situation.memberships.select_related("user__profile__organisation"),
        "places": situation.places.all(),
        "policy_areas": situation.policy_areas.all(),
        "my_membership": membership_of(user=request.user, situation=situation),
        "can_convene": is_convener(user=request.user, situation=situation),
        "panels": panels_for("situation", situation, request.user),
    }
    return render(request, "situations/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id, convener=True)
    form = SituationForm(request.POST or None, instance=situation)
    if request.method == "POST" and form.is_valid():
        services.situation_update(
            situation=situation,
            actor=signed_in(request),
            status=form.cleaned_data["status"],
            **_form_data(form),
        )
        messages.success(request, "Your changes are saved.")
        return redirect(situation)
    return render(request, "situations/form.html", {"form": form, "situation": situation})


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("add-person", by_user)
def members(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id, convener=True)
    form = MemberInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        try:
            if user is not None:
                services.membership_add(
                    situation=situation,
                    actor=signed_in(request),
                    user=user,
                    perspective=form.cleaned_data["perspective"],
                    role=form.cleaned_data["role"],
                )
        except ValidationError as exc:
            form.add_error("email", exc.message_dict.get("email", exc.messages))
        else:
            # The same answer whether or not the address has an account.
            email = form.cleaned_data["email"]
            messages.success(
                request, f"If {email} has a Joined Up account, they are now a member (see the list)."
            )
            return redirect("situations:members", situation.pk)
    rows = [
        (m, MembershipForm(instance=m, prefix=f"m{m.pk}"))
        for m in situation.memberships.select_related("user")
    ]
    return render(request, "situations/members.html", {"situation": situation, "form": form, "rows": rows})


@login_required
@require_POST
def member_update(request: HttpRequest, situation_id: int, membership_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id, convener=True)
    membership = _get_membership(situation, membership_id)
    form = MembershipForm(request.POST, instance=membership, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, "Choose a role and a perspective from the lists.")
        return redirect("situations:members", situation.pk)
    membership.refresh_from_db()  # the form wrote to the instance; the service decides what is saved
    try:
        services.membership_update(membership=membership, actor=signed_in(request), **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{membership.user} is now {membership.get_role_display().lower()}.")
    return redirect("situations:members", situation.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, situation_id: int, membership_id: int) -> HttpResponse:
    """Conveners remove anyone; every member may leave (remove themselves)."""
    situation = _get_situation_for_user(request, situation_id)
    membership = _get_membership(situation, membership_id)
    leaving = membership.user_id == request.user.pk
    if not leaving and not is_convener(user=request.user, situation=situation):
        raise PermissionDenied("Only the situation's conveners can remove members")
    try:
        services.membership_remove(membership=membership, actor=signed_in(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(situation if leaving else reverse("situations:members", args=[situation.pk]))
    if leaving:
        messages.success(request, f"You have left “{situation.title}”.")
        return redirect("situations:list")
    messages.success(request, f"{membership.user} is no longer a member.")
    return redirect("situations:members", situation.pk)


@login_required
@require_http_methods(["GET"])
def history(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id)
    return render(
        request, "situations/history.html", {"situation": situation, "changes": situation_history(situation)}
    )
