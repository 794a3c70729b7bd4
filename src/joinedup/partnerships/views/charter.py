"""The partnership and its charter: list, start, read, edit, confirm, move on, close, and its history."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from joinedup.accounts.actors import signed_in
from joinedup.partnerships import selectors, services
from joinedup.partnerships.forms import CharterForm, ExitReviewForm, PartnershipCreateForm
from joinedup.partnerships.models import Partnership, Side, State
from joinedup.partnerships.views.doors import _ask_first, _get_lead_partnership, _get_partnership_for_user


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    partnerships = selectors.partnerships_visible_to(request.user).order_by("state", "title")
    return render(request, "partnerships/list.html", {"partnerships": partnerships})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    form = PartnershipCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        partnership = services.partnership_create(by=signed_in(request), **data)
        messages.success(request, "Partnership started. Next, fill in the rest of the charter.")
        return redirect("partnerships:edit", partnership.pk)
    return render(request, "partnerships/create.html", {"form": form})


def _detail_context(request: HttpRequest, partnership: Partnership) -> dict[str, Any]:
    participants = partnership.participants.select_related("user", "organisation")
    confirmations = {c.side: c for c in partnership.confirmations.select_related("user")}
    return {
        "partnership": partnership,
        "me": selectors.participant_of(user=request.user, partnership=partnership),
        "is_lead": selectors.is_lead(user=request.user, partnership=partnership),
        "participants": [p for p in participants if p.left_on is None],
        "former": [p for p in participants if p.left_on is not None],
        "champions": partnership.champions.select_related("user", "organisation"),
        "costs": partnership.costs.all(),
        "deliverables": partnership.deliverables.select_related("owner").prefetch_related("milestones"),
        "central_confirmation": confirmations.get(Side.CENTRAL),
        "local_confirmation": confirmations.get(Side.LOCAL),
        # Offered until both sides have confirmed: an agreed charter has nothing left to confirm.
        "can_confirm": partnership.state != State.CLOSED
        and not (Side.CENTRAL in confirmations and Side.LOCAL in confirmations),
        "next_step": selectors.next_charter_step(partnership, timezone.localdate()),
        "problems": services.agreement_problems(partnership),
        "checks": partnership.health_checks.order_by("-opens_on"),
        "today": timezone.localdate(),
        "reminders": selectors.reminders_for(partnership, timezone.localdate()),
        "latest": selectors.latest_results(partnership),
    }


@login_required
def detail(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_partnership_for_user(request, partnership_id)
    return render(request, "partnerships/detail.html", _detail_context(request, partnership))


@login_required
def edit(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    form = CharterForm(request.POST or None, instance=Partnership.objects.get(pk=partnership.pk))
    if request.method == "POST" and form.is_valid():
        had_confirmations = partnership.confirmations.exists() or partnership.state != State.EXPLORING
        changed = services.partnership_update_charter(
            partnership=partnership, by=signed_in(request), data=dict(form.cleaned_data)
        )
        if changed and had_confirmations:
            messages.success(
                request,
                "Charter saved. Because it changed, the leads' confirmations were "
                "withdrawn: both leads need to confirm it again.",
            )
        elif changed:
            messages.success(request, "Charter saved.")
        return redirect("partnerships:detail", partnership.pk)
    return render(
        request,
        "partnerships/form.html",
        {"partnership": partnership, "form": form, "heading": "Edit the charter"},
    )


@login_required
@require_POST
def confirm(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    try:
        services.partnership_confirm(partnership=partnership, by=signed_in(request))
    except ValidationError as exc:
        context = _detail_context(request, partnership)
        context["action_errors"] = list(exc.messages)
        context["action_errors_title"] = "The charter cannot be agreed yet"
        return render(request, "partnerships/detail.html", context, status=400)
    partnership.refresh_from_db()
    if partnership.state == State.AGREED:
        messages.success(request, "Both sides have confirmed the charter: the partnership is agreed.")
    else:
        messages.success(request, "You confirmed the charter for your side.")
    return redirect("partnerships:detail", partnership.pk)


@login_required
@require_POST
def transition(request: HttpRequest, partnership_id: int, action: str) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    if action == "start-exit" and partnership.state == State.ACTIVE:
        ask = _ask_first(
            request,
            partnership,
            heading="Start the exit?",
            explain=[
                "The partnership stops being active and moves towards closing. Next, a lead closes it with an "
                "exit review.",
                "An exiting partnership cannot become active again.",
            ],
            button="Yes, start the exit",
            back=partnership.get_absolute_url(),
        )
        if ask is not None:
            return ask
    try:
        services.partnership_transition(partnership=partnership, action=action, by=signed_in(request))
    except ValidationError as exc:
        context = _detail_context(request, partnership)
        context["action_errors"] = list(exc.messages)
        context["action_errors_title"] = "That cannot be done yet"
        return render(request, "partnerships/detail.html", context, status=400)
    messages.success(request, f"The partnership is now {partnership.get_state_display().lower()}.")
    return redirect("partnerships:detail", partnership.pk)


@login_required
def close(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    if partnership.state != State.EXITING:
        messages.error(request, "Start the exit before closing the partnership.")
        return redirect("partnerships:detail", partnership.pk)
    form = ExitReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.partnership_close(
            partnership=partnership, by=signed_in(request), review=dict(form.cleaned_data)
        )
        messages.success(request, "Partnership closed. Thank you for the exit review.")
        return redirect("partnerships:detail", partnership.pk)
    return render(
        request,
        "partnerships/form.html",
        {
            "partnership": partnership,
            "form": form,
            "heading": "Exit review",
            "lede": "A short, honest assessment. It becomes a draft lesson others can learn from.",
            "button": "Close the partnership",
        },
    )


@login_required
def history(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_partnership_for_user(request, partnership_id)
    entries = selectors.charter_history(partnership)
    return render(request, "partnerships/history.html", {"partnership": partnership, "entries": entries})
