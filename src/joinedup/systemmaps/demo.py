"""The demo's system map: why people wait to leave hospital, with three named loops.

Made through the services by the demo situation's convener, in the demo situation on adult social care (so it goes
when the situation does). The loops are what the map's analysis finds; the description names them, as a group
mapping the system would.
"""

from joinedup.situations.demo import demo_situation
from joinedup.systemmaps.models import Owner, Polarity
from joinedup.systemmaps.services import factor_add, link_add, system_map_create

TITLE = "Why people wait to leave hospital"
DESCRIPTION = (
    "Three loops we keep coming back to. "
    "The discharge spiral (reinforcing): waits for home care keep people in hospital longer, they lose "
    "independence, need more care when they leave, and the waiting list grows. "
    "The burnout loop (reinforcing): pressure on care staff raises turnover, fewer carers mean longer waits and "
    "more pressure. "
    "The short-term fix (balancing): longer waits bring emergency grants, which buy temporary capacity and shorten "
    "waits, until the grant ends."
)
FACTORS = {
    "wait": ("People waiting for home care", Owner.LOCAL),
    "stay": ("Days in hospital after being fit to leave", Owner.OTHER),
    "independence": ("Independence when they leave", Owner.COMMUNITY),
    "need": ("Care needed after discharge", Owner.LOCAL),
    "pressure": ("Pressure on care staff", Owner.LOCAL),
    "turnover": ("Care staff turnover", Owner.OTHER),
    "carers": ("Care workers available", Owner.LOCAL),
    "grants": ("Emergency discharge grants", Owner.CENTRAL),
    "temporary": ("Temporary care capacity", Owner.LOCAL),
    "targets": ("National discharge targets", Owner.CENTRAL),
}
LINKS = (
    ("wait", "stay", Polarity.SAME, False),
    ("stay", "independence", Polarity.OPPOSITE, False),
    ("independence", "need", Polarity.OPPOSITE, False),
    ("need", "wait", Polarity.SAME, True),
    ("wait", "pressure", Polarity.SAME, False),
    ("pressure", "turnover", Polarity.SAME, True),
    ("turnover", "carers", Polarity.OPPOSITE, False),
    ("carers", "wait", Polarity.OPPOSITE, False),
    ("wait", "grants", Polarity.SAME, True),
    ("grants", "temporary", Polarity.SAME, False),
    ("temporary", "wait", Polarity.OPPOSITE, False),
    ("targets", "pressure", Polarity.SAME, False),
)


def demo_system_map_create(seed: int) -> str:
    situation = demo_situation(area_slug="adult-social-care")
    if situation is None or situation.created_by is None:
        return "skipped (no demo situation on adult social care)"
    user = situation.created_by
    system_map = system_map_create(situation=situation, user=user, title=TITLE, description=DESCRIPTION)
    factors = {
        key: factor_add(system_map=system_map, user=user, label=label, owner=owner)
        for key, (label, owner) in FACTORS.items()
    }
    for source, target, polarity, delay in LINKS:
        link_add(
            system_map=system_map,
            user=user,
            source=factors[source],
            target=factors[target],
            polarity=polarity,
            delay=delay,
        )
    return f"“{TITLE}”: {len(FACTORS)} factors, {len(LINKS)} links, three named loops"
