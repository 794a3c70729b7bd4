"""The "System maps" panel on a situation's page."""

from django.db.models import Count

from joinedup.accounts.actors import Actor
from joinedup.core.panels import Panel
from joinedup.situations.models import Situation
from joinedup.situations.selectors import situations_visible_to


def situation_maps_panel(situation: Situation, user: Actor) -> Panel | None:
    if not situations_visible_to(user).filter(pk=situation.pk).exists():
        return None
    maps = situation.system_maps.annotate(
        factor_count=Count("factors", distinct=True), link_count=Count("links", distinct=True)
    )
    return Panel(
        title="System maps",
        template="systemmaps/panel.html",
        context={"maps": list(maps), "situation": situation},
        order=30,
    )
