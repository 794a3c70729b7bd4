"""The partnership's plan: who bears which cost, its deliverables and their milestones."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from joinedup.accounts.actors import signed_in
from joinedup.partnerships import selectors, services
from joinedup.partnerships.forms import CostForm, DeliverableForm, MilestoneForm
from joinedup.partnerships.models import CostLine, Deliverable, Partnership
from joinedup.partnerships.views.doors import _get_lead_partnership, _get_partnership_for_user, _simple_form


@login_required
def add_cost(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)

    def save(data: dict[str, Any]) -> None:
        services.partnership_add_cost(partnership=partnership, by=signed_in(request), **data)

    return _simple_form(request, partnership, CostForm(request.POST or None), "Who bears which cost", save)


# A button: the same small shape as the buttons in views/people.py, on purpose (see there).
@login_required
@require_POST
def remove_cost(request: HttpRequest, partnership_id: int, cost_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    cost = get_object_or_404(CostLine, pk=cost_id, partnership=partnership)
    services.partnership_remove_cost(cost=cost, by=signed_in(request))
    return redirect("partnerships:detail", partnership.pk)


@login_required
def add_deliverable(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership = _get_lead_partnership(request, partnership_id)
    form = DeliverableForm(request.POST or None, members=selectors.current_members(partnership))

    def save(data: dict[str, Any]) -> None:
        services.partnership_add_deliverable(partnership=partnership, by=signed_in(request), **data)

    return _simple_form(request, partnership, form, "Add a deliverable", save)


def _deliverable_for_lead_or_owner(
    request: HttpRequest, partnership_id: int, deliverable_id: int
) -> tuple[Partnership, Deliverable]:
    """A deliverable is updated, and given milestones, by a lead or by its owner."""
    partnership = _get_partnership_for_user(request, partnership_id)
    deliverable = get_object_or_404(Deliverable, pk=deliverable_id, partnership=partnership)
    if not (
        selectors.is_lead(user=request.user, partnership=partnership) or deliverable.owner == request.user
    ):
        raise PermissionDenied("Only a lead or the deliverable's owner can do this")
    return partnership, deliverable


@login_required
def edit_deliverable(request: HttpRequest, partnership_id: int, deliverable_id: int) -> HttpResponse:
    partnership, deliverable = _deliverable_for_lead_or_owner(request, partnership_id, deliverable_id)
    form = DeliverableForm(
        request.POST or None,
        members=selectors.current_members(partnership),
        instance=Deliverable.objects.get(pk=deliverable.pk),
    )

    def save(data: dict[str, Any]) -> None:
        services.partnership_update_deliverable(deliverable=deliverable, by=signed_in(request), data=data)

    return _simple_form(request, partnership, form, f"Update “{deliverable.title}”", save)


@login_required
def add_milestone(request: HttpRequest, partnership_id: int, deliverable_id: int) -> HttpResponse:
    partnership, deliverable = _deliverable_for_lead_or_owner(request, partnership_id, deliverable_id)

    def save(data: dict[str, Any]) -> None:
        services.partnership_add_milestone(deliverable=deliverable, by=signed_in(request), **data)

    return _simple_form(
        request,
        partnership,
        MilestoneForm(request.POST or None),
        f"Add a milestone to “{deliverable.title}”",
        save,
    )
