"""The matching panels of the dashboard and of a place's page."""

from typing import Any

from joinedup.accounts.actors import Actor
from joinedup.core.panels import Panel
from joinedup.matching.models import (
    Match,
)
from joinedup.matching.selectors.matches import _published_with, my_matches, partners_of, pending_feedback
from joinedup.matching.selectors.rounds import profile_of
from joinedup.places.models import Place


def dashboard_panel(obj: Any, user: Actor) -> Panel | None:
    """The person's latest introduction and any feedback still owed."""
    profile = profile_of(user)
    if profile is None:
        return None
    # Most people have no published introduction: a two-table question first, since planning the wide join
    # that shows one costs the database more than answering it.
    if not Match.objects.filter(_published_with(profile)).exists():
        return None
    latest = my_matches(user).first()
    pending = pending_feedback(user)
    if latest is None and not pending:
        return None
    partners = partners_of(latest, profile_of(user)) if latest else []
    context = {"latest": latest, "partners": partners, "pending": pending}
    return Panel(
        title="Your introductions", template="matching/_dashboard_panel.html", context=context, order=20
    )


def place_panel(place: Place, user: Actor) -> Panel | None:
    """On a place page: where to see its ties across the line and its bridge-builders."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Panel(
        title="Ties across the line",
        template="matching/_place_panel.html",
        context={"place": place},
        order=60,
    )
