"""Writes to the partnership's plan: who bears which cost, its deliverables and their milestones."""

from typing import Any

from django.db import transaction

from joinedup.accounts.models import User
from joinedup.core.history import record_who
from joinedup.partnerships.models import CostLine, Deliverable, Milestone, Partnership
from joinedup.partnerships.services.charter import charter_changed, charter_item_add


@transaction.atomic
def partnership_add_cost(*, partnership: Partnership, by: User, **fields: Any) -> CostLine:
    return charter_item_add(CostLine(partnership=partnership, **fields), partnership=partnership, by=by)


@transaction.atomic
def partnership_remove_cost(*, cost: CostLine, by: User) -> None:
    partnership = cost.partnership
    record_who(cost, by).delete()
    charter_changed(partnership=partnership, by=by)


@transaction.atomic
def partnership_add_deliverable(*, partnership: Partnership, by: User, **fields: Any) -> Deliverable:
    return charter_item_add(Deliverable(partnership=partnership, **fields), partnership=partnership, by=by)


@transaction.atomic
def partnership_update_deliverable(
    *, deliverable: Deliverable, by: User, data: dict[str, Any]
) -> Deliverable:
    """Progress (status, per cent) is tracking; a new title, owner or due date is a change to the charter."""
    charter_change = any(
        name in data and getattr(deliverable, name) != data[name]
        for name in ("title", "description", "owner", "due_date")
    )
    for name, value in data.items():
        setattr(deliverable, name, value)
    deliverable.full_clean()
    record_who(deliverable, by).save()
    if charter_change:
        charter_changed(partnership=deliverable.partnership, by=by)
    return deliverable


@transaction.atomic
def partnership_add_milestone(*, deliverable: Deliverable, by: User, **fields: Any) -> Milestone:
    milestone = Milestone(deliverable=deliverable, **fields)
    milestone.full_clean()
    record_who(milestone, by).save()
    return milestone
