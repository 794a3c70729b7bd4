"""Reads of places: search, what surrounds a place, and the history of what is known of it."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from joinedup.places import compute
from joinedup.places.compute import CouncilStats, Neighbour
from joinedup.places.models import Organisation, Place, PlaceKnowledge

PlaceNeighbour = Neighbour  # for other apps: a place compared with another, factor by factor

HISTORY_SHOWN = 20


def place_search(*, query: str = "", nation: str = "", region: str = "", kind: str = "") -> QuerySet[Place]:
    """Current places whose name (or one of its other spellings) contains `query`, narrowed by the filters."""
    places = Place.objects.filter(is_current=True)
    if query:
        places = places.filter(
            Q(name__icontains=query) | Q(official_name__icontains=query) | Q(alt_names__icontains=query)
        )
    filters = {"nation": nation, "region": region, "kind": kind}
    return places.filter(**{name: value for name, value in filters.items() if value})


def place_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The nations, regions and types that current places have, for the filter form (three small queries)."""
    current = Place.objects.filter(is_current=True).order_by()
    kinds = current.values_list("kind", "kind_name").distinct().order_by("kind_name")
    return {
        "nation": [(n, n) for n in current.values_list("nation", flat=True).distinct().order_by("nation")],
        "region": [
            (r, r)
            for r in current.exclude(region="").values_list("region", flat=True).distinct().order_by("region")
        ],
        "kind": list(kinds),
    }


def place_get(*, gss_code: str) -> Place:
    """Places are public reference data: any signed-in user may see any of them, retired ones included."""
    place = Place.objects.select_related("county", "combined_authority").filter(gss_code=gss_code).first()
    if place is None:
        raise Http404("No such place")
    return place


def place_neighbours(*, place: Place) -> dict[str, list[Place]]:
    """The places below this one: a county's districts, a combined authority's members."""
    return {
        "districts": list(place.districts.filter(is_current=True)),
        "members": list(place.member_places.filter(is_current=True)),
    }


def place_organisations(*, place: Place) -> list[Organisation]:
    return list(place.organisations.filter(is_active=True))


@dataclass(frozen=True)
class Change:
    when: Any
    who: str
    fields: list[str]


def place_knowledge_changes(*, knowledge: PlaceKnowledge) -> list[Change]:
    """The latest changes, newest first: who made each, when, and which fields it changed.

    One query: each record is compared with the one before it in memory (diff_against), not refetched.
    """
    if knowledge.pk is None:
        return []
    records = list(
        knowledge.history.select_related("history_user").order_by("-history_date")[: HISTORY_SHOWN + 1]
    )
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if older is None and len(records) > HISTORY_SHOWN:
            break  # the oldest one fetched only serves as the base of the one after it
        changed = _changed_fields(newer, older)
        who = newer.history_user.name if newer.history_user else "Someone since removed"
        changes.append(Change(when=newer.history_date, who=who, fields=changed))
    return changes


KNOWLEDGE_LABELS = {
    "partnership_history": "history of partnership working",
    "local_structures": "local structures",
    "local_priorities": "local priorities",
}


def _changed_fields(newer: Any, older: Any) -> list[str]:
    if older is None:  # the first version: everything written in it is new
        return [label for name, label in KNOWLEDGE_LABELS.items() if getattr(newer, name)]
    delta = newer.diff_against(older, included_fields=list(KNOWLEDGE_LABELS))
    return [KNOWLEDGE_LABELS[change.field] for change in delta.changes]


# ---- places like mine ------------------------------------------------------------------------------------

PLACES_LIKE_SHOWN = 8


def _council_stats() -> list[CouncilStats]:
    """Every current place's shipped statistics (about 400 rows, one query)."""
    rows = Place.objects.filter(is_current=True).values_list(
        "gss_code", "name", "kind", "kind_name", "nation", "population", "area_km2"
    )
    return [CouncilStats(*row) for row in rows.order_by("gss_code")]


def places_like(*, place: Place, k: int = PLACES_LIKE_SHOWN) -> list[Neighbour]:
    """The k councils most like this one on population, density, tier, type and nation (see engine/places.py)."""
    if not place.is_current:
        return []
    return compute.places_like(_council_stats(), place.gss_code, k)


def place_compare(*, place: Place, other: Place) -> Neighbour | None:
    """How `other` compares with `place`, factor by factor, and where it ranks among the places like `place`."""
    if not (place.is_current and other.is_current):
        return None
    return compute.place_compare(_council_stats(), place.gss_code, other.gss_code)


def place_by_gss(gss_code: str) -> Place | None:
    return Place.objects.filter(gss_code=gss_code, is_current=True).first()
