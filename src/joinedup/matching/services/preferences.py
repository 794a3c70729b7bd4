"""Writes of a person's matching preferences and blocks."""

from typing import Any

from django.core.exceptions import ValidationError

from joinedup.matching.meetings import SLOTS
from joinedup.matching.models import (
    Block,
    Kind,
    MentoringRole,
    Preference,
)
from joinedup.people.models import Profile


def preference_save(*, profile: Profile, kind: str, data: dict[str, Any]) -> Preference:
    pref = Preference.objects.filter(profile=profile, kind=kind).first() or Preference(
        profile=profile, kind=kind
    )
    for name in (
        "active", "paused_until", "mode", "location", "availability", "group_of_three", "role", "mentor_capacity",
    ):  # fmt: skip
        if name in data:
            setattr(pref, name, data[name])
    stated = set(pref.availability or [])
    pref.availability = [slot for slot in SLOTS if slot in stated]  # in week order, each once
    if kind == Kind.MENTORING:
        pref.group_of_three = False  # mentoring is one to one
    if kind != Kind.MENTORING:
        pref.role = MentoringRole.NONE
    elif not pref.role and pref.active:
        raise ValidationError({"role": "Say whether you want to mentor or be mentored."})
    pref.full_clean()
    pref.save()
    return pref


def block_add(*, profile: Profile, blocked: Profile, reason: str = "") -> Block:
    if blocked.pk == profile.pk:
        raise ValidationError("You cannot block yourself.")
    block, _ = Block.objects.get_or_create(profile=profile, blocked=blocked, defaults={"reason": reason})
    return block


def block_remove(*, profile: Profile, block_id: int) -> None:
    Block.objects.filter(profile=profile, pk=block_id).delete()
