"""The panel the spending app adds to place pages (registered in apps.py)."""

from typing import Any

from joinedup.accounts.actors import Actor
from joinedup.core.panels import Panel
from joinedup.spending.selectors import counts_for_place


def place_panel(place: Any, user: Actor) -> Panel | None:
    if not getattr(user, "is_authenticated", False):
        return None
    counts = list(counts_for_place(place=place, user=user)[:10])
    return Panel(
        "The public pound here", "spending/panels/place.html", {"place": place, "counts": counts}, order=55
    )
