"""Writes to the charter: start a partnership, change its charter, confirm it, move it on, close it.

A changed charter is not the charter that was agreed: each change withdraws the leads' confirmations.
"""

import logging
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.core.history import record_who
from joinedup.partnerships.models import (
    CHARTER_FIELDS,
    Confirmation,
    ExitReview,
    Participant,
    ParticipantRole,
    Partnership,
    Side,
    State,
    side_of_organisation,
)
from joinedup.partnerships.signals import exit_review_submitted
from joinedup.people.models import Profile
from joinedup.places.models import Organisation

logger = logging.getLogger(__name__)
M = TypeVar("M", bound=models.Model)

# The next state each transition leads to, and the state it starts from.
TRANSITIONS: dict[str, tuple[str, str]] = {
    "activate": (State.AGREED, State.ACTIVE),
    "start-exit": (State.ACTIVE, State.EXITING),
}


def profile_organisation(user: User) -> Organisation | None:
    """The organisation a person gave in their profile, if any."""
    profile = Profile.objects.filter(user=user).select_related("organisation").first()
    return profile.organisation if profile else None


@transaction.atomic
def partnership_create(*, title: str, shared_outcome: str, kind: str, by: User, **fields: Any) -> Partnership:
    places = fields.pop("places", [])
    partnership = record_who(
        Partnership(title=title, shared_outcome=shared_outcome, kind=kind, created_by=by, **fields), by
    )
    partnership.full_clean()
    partnership.save()
    partnership.places.set(places)
    org = profile_organisation(by)
    participant = record_who(
        Participant(
            partnership=partnership,
            user=by,
            organisation=org,
            side=side_of_organisation(org),
            role=ParticipantRole.LEAD,
        ),
        by,
    )
    participant.save()
    return partnership


def _withdraw_confirmations(*, partnership: Partnership, by: User) -> bool:
    """A changed charter is not the charter that was agreed: the confirmations go and an agreed partnership
    goes back to exploring. Changes the partnership in memory; returns whether it needs saving."""
    deleted, _ = Confirmation.objects.filter(partnership=partnership).delete()
    if not deleted and partnership.state == State.EXPLORING:
        return False
    partnership.confirmations_withdrawn_at = timezone.now()
    partnership.confirmations_withdrawn_by = by
    if partnership.state == State.AGREED:
        partnership.state = State.EXPLORING
    return True


def charter_changed(*, partnership: Partnership, by: User) -> None:
    if _withdraw_confirmations(partnership=partnership, by=by):
        record_who(partnership, by).save()


def charter_item_add(item: M, *, partnership: Partnership, by: User) -> M:
    """Save a new part of the charter (a cost, a deliverable, a champion): validated, its history recorded, and
    the leads' confirmations withdrawn, since the charter they agreed has changed."""
    item.full_clean()
    record_who(item, by).save()
    charter_changed(partnership=partnership, by=by)
    return item


@transaction.atomic
def partnership_update_charter(*, partnership: Partnership, by: User, data: dict[str, Any]) -> list[str]:
    """Apply charter changes; returns the names of the fields that changed."""
    places = data.pop("places", None)
    changed = [name for name in CHARTER_FIELDS if name in data and getattr(partnership, name) != data[name]]
    for name in changed:
        setattr(partnership, name, data[name])
    if places is not None and set(partnership.places.all()) != set(places):
        partnership.places.set(places)
        changed.append("places")
    if not changed:
        return []
    partnership.full_clean()
    _withdraw_confirmations(partnership=partnership, by=by)
    record_who(partnership, by).save()
    return changed


def agreement_problems(partnership: Partnership) -> list[str]:
    """Everything that stops the charter being agreed, each said plainly."""
    problems = []
    if not partnership.shared_outcome.strip():
        problems.append("Write the shared outcome.")
    if not partnership.exit_criteria.strip():
        problems.append("Add the exit criteria: how you will know it is time to end or hand over.")
    if partnership.planned_exit_date is None:
        problems.append("Add a planned exit date.")
    if not partnership.costs.exists():
        problems.append("Say who bears which costs (central, local or shared), with amounts or a note.")
    problems.extend(champion_problems(partnership))
    return problems


def champion_problems(partnership: Partnership) -> list[str]:
    current = partnership.champions.filter(left_on=None, is_senior=True)
    problems = []
    for side, name in ((Side.CENTRAL, "central"), (Side.LOCAL, "local")):
        if not current.filter(side=side).exists():
            problems.append(f"Add a senior champion on the {name} side.")
    return problems


def _lead_side(*, partnership: Partnership, user: User) -> str:
    lead = Participant.objects.filter(
        partnership=partnership, user=user, role=ParticipantRole.LEAD, left_on=None
    ).first()
    if lead is None or lead.side not in {Side.CENTRAL, Side.LOCAL}:
        raise ValidationError("Only the central or local lead can confirm the charter for their side.")
    return lead.side


@transaction.atomic
def partnership_confirm(*, partnership: Partnership, by: User) -> Partnership:
    """A lead confirms the charter for their side; with both sides confirmed it is agreed."""
    _lock(partnership)
    if partnership.state not in {State.EXPLORING, State.AGREED, State.ACTIVE, State.EXITING}:
        raise ValidationError("A closed partnership's charter can no longer be confirmed.")
    side = _lead_side(partnership=partnership, user=by)
    problems = agreement_problems(partnership)
    if problems:
        raise ValidationError(problems)
    Confirmation.objects.update_or_create(
        partnership=partnership, side=side, defaults={"user": by, "confirmed_at": timezone.now()}
    )
    sides = set(partnership.confirmations.values_list("side", flat=True))
    if {Side.CENTRAL, Side.LOCAL} <= sides:
        if partnership.state == State.EXPLORING:
            partnership.state = State.AGREED
        partnership.confirmations_withdrawn_at = None
        partnership.confirmations_withdrawn_by = None
        record_who(partnership, by).save()
    return partnership


def _lock(partnership: Partnership) -> None:
    """Serialise writes that read-then-decide on one partnership (two leads confirming at the same moment)."""
    fresh = Partnership.objects.select_for_update().get(pk=partnership.pk)
    partnership.state = fresh.state
    partnership.confirmations_withdrawn_at = fresh.confirmations_withdrawn_at


@transaction.atomic
def partnership_transition(*, partnership: Partnership, action: str, by: User) -> Partnership:
    if action not in TRANSITIONS:
        raise ValidationError(f"Unknown action {action!r}.")
    _lock(partnership)
    start, end = TRANSITIONS[action]
    if partnership.state != start:
        raise ValidationError(
            f"This can only be done when the partnership is {State(start).label.lower()}; "
            f"it is {partnership.get_state_display().lower()}."
        )
    if end == State.ACTIVE:
        problems = champion_problems(partnership)
        if problems:
            raise ValidationError(problems)
    partnership.state = end
    record_who(partnership, by).save()
    return partnership


@transaction.atomic
def partnership_close(*, partnership: Partnership, by: User, review: dict[str, str]) -> ExitReview:
    """Close with an exit review; the review becomes a draft lesson when the learning library is installed
    (it receives signals.exit_review_submitted)."""
    _lock(partnership)
    if partnership.state != State.EXITING:
        raise ValidationError("Start the exit before closing: the partnership must be exiting.")
    exit_review = ExitReview(partnership=partnership, submitted_by=by, **review)
    exit_review.full_clean()
    exit_review.save()
    partnership.state = State.CLOSED
    record_who(partnership, by).save()
    _lesson_from_exit_review(exit_review)
    return exit_review


def _lesson_from_exit_review(exit_review: ExitReview) -> None:
    # The learning library, when installed, connects to this signal (partnerships never imports it).
    if not exit_review_submitted.send(sender=ExitReview, exit_review=exit_review):
        logger.info("No app takes exit reviews; exit review %s kept without a lesson", exit_review.pk)
