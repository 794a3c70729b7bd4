"""The panel the people app adds beside a place page (registered in apps.py)."""

from typing import Any

from joinedup.accounts.actors import Actor
from joinedup.core.panels import Panel
from joinedup.people.selectors import profiles_visible_to

PLACE_SHOWN = 20


def place_panel(place: Any, user: Actor) -> Panel | None:
    """Who knows this place, of the profiles this user may see."""
    if not getattr(user, "is_authenticated", False):
        return None
    people = profiles_visible_to(user).filter(places=place).select_related("user", "organisation")
    context = {
        "place": place,
        "people": list(people.order_by("user__name")[:PLACE_SHOWN]),
        "people_count": people.count(),
    }
    return Panel("People who know it", "people/_place_panel.html", context, order=10)
