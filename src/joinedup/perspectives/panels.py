"""The "Conversations" panel on a situation's page."""

from joinedup.accounts.actors import Actor
from joinedup.core.panels import Panel
from joinedup.perspectives.selectors import conversations_of_situation
from joinedup.situations.models import Situation
from joinedup.situations.selectors import is_convener, situations_visible_to


def situation_conversations_panel(situation: Situation, user: Actor) -> Panel | None:
    if not situations_visible_to(user).filter(pk=situation.pk).exists():
        return None
    return Panel(
        title="Conversations",
        template="perspectives/panel.html",
        context={
            "conversations": list(conversations_of_situation(situation)),
            "situation": situation,
            "can_convene": is_convener(user=user, situation=situation),
        },
        order=20,
    )
