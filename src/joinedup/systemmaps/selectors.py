"""Reads of system maps. Every read starts from a situation this user may see."""

from django.db.models import QuerySet
from django.http import Http404

from joinedup.accounts.actors import Actor
from joinedup.situations.models import Situation
from joinedup.situations.selectors import situation_get_for_user
from joinedup.systemmaps.compute import CausalMap
from joinedup.systemmaps.compute import Factor as EngineFactor
from joinedup.systemmaps.compute import Link as EngineLink
from joinedup.systemmaps.models import Factor, Link, MapVersion, SystemMap


def system_map_get_for_user(*, user: Actor, map_id: int) -> SystemMap:
    """The map if this user may see its situation; 404 otherwise, so outsiders cannot tell it exists."""
    system_map = SystemMap.objects.filter(pk=map_id).first()
    if system_map is None:
        raise Http404("No such map")
    system_map.situation = situation_get_for_user(user=user, situation_id=system_map.situation_id)
    return system_map


def system_maps_of(situation: Situation) -> QuerySet[SystemMap]:
    return situation.system_maps.all()


def factors_of(system_map: SystemMap) -> QuerySet[Factor]:
    return system_map.factors.select_related("added_by")


def links_of(system_map: SystemMap) -> QuerySet[Link]:
    return system_map.links.select_related("source", "target", "added_by")


def system_map_to_engine(system_map: SystemMap) -> CausalMap:
    """The map as the engine's plain data; factor ids are the keys used in exported files.

    Read as plain rows, not model instances: a big map's page and its analysis job both start here."""
    factors = list(
        system_map.factors.order_by("pk").values_list(
            "pk", "key", "label", "owner", "organisation", "description", "x", "y"
        )
    )
    key_of = {row[0]: row[1] for row in factors}
    links = system_map.links.order_by("pk").values_list(
        "source_id", "target_id", "polarity", "delay", "strength"
    )
    return CausalMap.build(
        [
            EngineFactor(key, label, owner or None, organisation, description, x, y)
            for _, key, label, owner, organisation, description, x, y in factors
        ],
        [
            EngineLink(key_of[source], key_of[target], polarity, delay, strength)
            for source, target, polarity, delay, strength in links
        ],
    )


def versions_of(system_map: SystemMap) -> QuerySet[MapVersion]:
    return system_map.versions.select_related("created_by")


def version_to_engine(version: MapVersion) -> CausalMap:
    """A saved version as the engine's map (built without the checks: it was a valid map when saved)."""
    snap = version.snapshot
    return CausalMap(
        tuple(
            EngineFactor(f["key"], f["label"], f["owner"] or None, f["organisation"], f["description"])
            for f in snap["factors"]
        ),
        tuple(
            EngineLink(lk["source"], lk["target"], lk["polarity"], lk["delay"], lk["strength"])
            for lk in snap["links"]
        ),
    )
