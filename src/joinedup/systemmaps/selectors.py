"""Reads of system maps. Every read starts from a situation this user may see."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from joinedup.situations.models import Situation
from joinedup.situations.selectors import situation_get_for_user
from joinedup.systemmaps.compute import CausalMap
from joinedup.systemmaps.compute import Factor as EngineFactor
from joinedup.systemmaps.compute import Link as EngineLink
from joinedup.systemmaps.models import Factor, Link, SystemMap


def system_map_get_for_user(*, user: Any, map_id: int) -> SystemMap:
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
    """The map as the engine's plain data; factor ids are the keys used in exported files."""
    factors = list(system_map.factors.all())
    key_of = {f.pk: f.key for f in factors}
    return CausalMap.build(
        [
            EngineFactor(f.key, f.label, f.owner or None, f.organisation, f.description, f.x, f.y)
            for f in factors
        ],
        [
            EngineLink(key_of[lk.source_id], key_of[lk.target_id], lk.polarity, lk.delay, lk.strength)
            for lk in system_map.links.all()
        ],
    )
