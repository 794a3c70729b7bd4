"""Writes to who is in a partnership: its people, their declarations, and its champions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.core.history import record_who
from joinedup.partnerships.models import Champion, Participant, Partnership, side_of_organisation
from joinedup.partnerships.services.charter import charter_item_add, profile_organisation
from joinedup.partnerships.services.checks import invite_to_open_rounds
from joinedup.places.models import Organisation


@transaction.atomic
def partnership_add_participant(
    *, partnership: Partnership, user: User, role: str, by: User, organisation: Organisation | None = None
) -> Participant:
    organisation = organisation or profile_organisation(user)
    existing = Participant.objects.filter(partnership=partnership, user=user).first()
    if existing and existing.left_on is None:
        raise ValidationError(f"{user} is already in this partnership")
    participant = existing or Participant(partnership=partnership, user=user)
    participant.organisation = organisation
    participant.side = side_of_organisation(organisation)
    participant.role = role
    participant.left_on = None
    participant.full_clean()
    record_who(participant, by).save()
    invite_to_open_rounds(participant)
    return participant


@transaction.atomic
def partnership_remove_participant(*, participant: Participant, by: User) -> None:
    participant.left_on = timezone.localdate()
    record_who(participant, by).save()


@transaction.atomic
def partnership_declare(
    *, participant: Participant, represents: str, conflicts: str, by: User
) -> Participant:
    participant.represents = represents
    participant.conflicts = conflicts
    participant.declared_on = timezone.localdate()
    participant.full_clean()
    record_who(participant, by).save()
    return participant


@transaction.atomic
def partnership_add_champion(*, partnership: Partnership, user: User, is_senior: bool, by: User) -> Champion:
    organisation = profile_organisation(user)
    champion = Champion(
        partnership=partnership,
        user=user,
        organisation=organisation,
        side=side_of_organisation(organisation),
        is_senior=is_senior,
    )
    return charter_item_add(champion, partnership=partnership, by=by)


@transaction.atomic
def partnership_champion_left(*, champion: Champion, by: User, left_on: date | None = None) -> Champion:
    champion.left_on = left_on or timezone.localdate()
    record_who(champion, by).save()
    return champion
