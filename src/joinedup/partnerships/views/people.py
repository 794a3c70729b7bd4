"""Who is in the partnership: its people, their declarations of interest, and its champions."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from joinedup.accounts.actors import User, signed_in
from joinedup.core.ratelimits import by_user, rate_limited
from joinedup.partnerships import selectors, services
from joinedup.partnerships.forms import ChampionForm, DeclarationForm, ParticipantForm, PersonByEmailForm
from joinedup.partnerships.models import Champion, Participant, Partnership
from joinedup.partnerships.views.doors import _get_lead_partnership, _get_partnership_for_user, _simple_form


def _add_by_email(
    request: HttpRequest,
    partnership: Partnership,
    form: PersonByEmailForm,
    heading: str,
    add: Callable[[User, dict[str, Any]], None],
    done: str,
) -> HttpResponse:
    """Add a person by their email address. The page says the same whether or not the address has an account,
    so it cannot be used to find out who has one."""

    def save(data: dict[str, Any]) -> None:
        if data["user"] is not None:
            add(data["user"], data)
        messages.success(request, f"If {data['email']} has a Joined Up account, {done}.")

    return _simple_form(request, partnership, form, heading, save)


# add_participant and add_champion (below) are one shape: the shared work is in _add_by_email; what repeats is
# the decorators and the closure, which differ in the service called and its one field (role, is_senior).
@login_required
@rate_limited("add-person", by_user)
def add_participant(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)

    def add(user: User, data: dict[str, Any]) -> None:
        services.partnership_add_participant(
            partnership=partnership, user=user, role=data["role"], by=signed_in(request)
        )

    form = ParticipantForm(request.POST or None)
    return _add_by_email(request, partnership, form, "Add a person", add, "they are now in the partnership")


# The buttons (remove a person, a champion has left, remove a cost) are small views of one shape on purpose:
# each has its own URL, permission, object and message, and a shared helper would only pass them all in.
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


# The same shape as add_participant and the buttons above, on purpose: what they share is in _add_by_email; what
# is left is each one's own form, service and words.
@login_required
@rate_limited("add-person", by_user)
def add_champion(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)

    def add(user: User, data: dict[str, Any]) -> None:
        services.partnership_add_champion(
            partnership=partnership, user=user, is_senior=data["is_senior"], by=signed_in(request)
        )

    form = ChampionForm(request.POST or None)
    return _add_by_email(request, partnership, form, "Add a champion", add, "they are now a champion")


@login_required
@require_POST
def champion_left(request: HttpRequest, partnership_id: int, champion_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    champion = get_object_or_404(Champion, pk=champion_id, partnership=partnership, left_on=None)
    services.partnership_champion_left(champion=champion, by=signed_in(request))
    messages.success(request, f"{champion.user} is recorded as having left as champion.")
    return redirect("partnerships:detail", partnership.pk)
