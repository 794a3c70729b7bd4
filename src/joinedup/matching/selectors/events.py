"""Reads for events: which a person may see, their registration, and the table plan."""

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from joinedup.accounts.actors import Actor
from joinedup.matching.models import (
    Event,
    Registration,
)
from joinedup.matching.selectors.rounds import profile_of


def events_visible_to(user: Actor) -> QuerySet[Event]:
    return Event.objects.annotate(registered=Count("registrations"))


def registration_of(event: Event, user: Actor) -> Registration | None:
    profile = profile_of(user)
    return event.registrations.filter(profile=profile).first() if profile else None


def table_plan(event: Event) -> list[dict[str, Any]]:
    """The tables of an event, each with its people and its mix (as the seating job reported it)."""
    regs = event.registrations.exclude(table=None).select_related("profile__user", "profile__organisation")
    tables: dict[int, list[Registration]] = {}
    for r in regs.order_by("table", "profile__sort_name"):
        tables.setdefault(r.table or 0, []).append(r)
    mix = event.plan_stats.get("mix", [])
    return [
        {"number": n, "people": rs, "mix": mix[n - 1] if 0 < n <= len(mix) else {}}
        for n, rs in sorted(tables.items())
    ]


def today() -> date:
    return timezone.localdate()
