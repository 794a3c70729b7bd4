"""Who is in the partnership: its people, their declarations of interest, and its champions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from joinedup.accounts.actors import signed_in
from joinedup.core.ratelimits import by_user, rate_limited
from joinedup.partnerships import selectors, services
from joinedup.partnerships.forms import ChampionForm, DeclarationForm, ParticipantForm
from joinedup.partnerships.models import Champion, Participant
from joinedup.partnerships.views.doors import _get_lead_partnership, _get_partnership_for_user, _simple_form


@login_required
@rate_limited("add-person", by_user)
def add_participant(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)

    def save(data: dict[str, Any]) -> None:
        if data["user"] is not None:
            services.partnership_add_participant(
                partnership=partnership, user=data["user"], role=data["role"], by=signed_in(request)
            )
        messages.success(
            request, f"If {data['email']} has a Joined Up account, they are now in the partnership."
        )

    return _simple_form(request, partnership, ParticipantForm(request.POST or None), "Add a person", save)


@login_required
@require_POST
def remove_participant(request: HttpRequest, partnership_id: int, participant_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    participant = get_object_or_404(Participant, pk=participant_id, partnership=partnership, left_on=None)
    services.partnership_remove_participant(participant=participant, by=signed_in(request))
    messages.success(request, f"{participant.user} has left the partnership.")
    return redirect("partnerships:detail", partnership.pk)


@login_required
def declare(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_partnership_for_user(request, partnership_id)
    me = selectors.participant_of(user=request.user, partnership=partnership)
    if me is None:
        raise PermissionDenied("Only people in the partnership declare their interests")
    form = DeclarationForm(
        request.POST or None, initial={"represents": me.represents, "conflicts": me.conflicts}
    )

    def save(data: dict[str, Any]) -> None:
        services.partnership_declare(participant=me, by=signed_in(request), **data)
        messages.success(request, "Declaration saved.")

    return _simple_form(request, partnership, form, "Which hat are you wearing?", save)


@login_required
@rate_limited("add-person", by_user)
def add_champion(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)

    def save(data: dict[str, Any]) -> None:
        if data["user"] is not None:
            services.partnership_add_champion(
                partnership=partnership, user=data["user"], is_senior=data["is_senior"], by=signed_in(request)
            )
        messages.success(request, f"If {data['email']} has a Joined Up account, they are now a champion.")

    return _simple_form(request, partnership, ChampionForm(request.POST or None), "Add a champion", save)


@login_required
@require_POST
def champion_left(request: HttpRequest, partnership_id: int, champion_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    champion = get_object_or_404(Champion, pk=champion_id, partnership=partnership, left_on=None)
    services.partnership_champion_left(champion=champion, by=signed_in(request))
    messages.success(request, f"{champion.user} is recorded as having left as champion.")
    return redirect("partnerships:detail", partnership.pk)
