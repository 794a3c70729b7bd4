"""Panels the situations app adds to the dashboard and to place pages (registered in apps.py)."""

from typing import Any

from joinedup.accounts.actors import Actor, User
from joinedup.core.panels import Panel
from joinedup.situations.models import Situation
from joinedup.situations.selectors import situations_visible_to

DASHBOARD_SHOWN = 10
PLACE_SHOWN = 20


def dashboard_panel(_obj: Any, user: Actor) -> Panel | None:
    """The situations this person is a member of, newest first (shown to everyone signed in, even if none)."""
    if not isinstance(user, User):
        return None
    situations = Situation.objects.filter(memberships__user=user).order_by("-created_at")[:DASHBOARD_SHOWN]
    return Panel("Your situations", "situations/_dashboard_panel.html", {"situations": situations}, order=200)


def place_panel(place: Any, user: Actor) -> Panel | None:
    """On a place page: the situations that touch the place, of those this user may see."""
    if not isinstance(user, User):
        return None
    situations = situations_visible_to(user).filter(places=place)
    context = {
        "situations": list(situations.order_by("-created_at")[:PLACE_SHOWN]),
        "situations_count": situations.count(),
    }
    return Panel("Situations here", "situations/_place_panel.html", context, order=10)
