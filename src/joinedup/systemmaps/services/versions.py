"""Saved versions of a map, to compare with later ("what changed since the last workshop")."""

from typing import Any

from django.db import transaction
from django.db.models import Max

from joinedup.accounts.models import User
from joinedup.systemmaps.models import MapVersion, SystemMap

VERSION_FACTOR_FIELDS = ("key", "label", "owner", "organisation", "description")
VERSION_LINK_FIELDS = ("polarity", "delay", "strength")


def _snapshot(system_map: SystemMap) -> dict[str, Any]:
    factors = list(system_map.factors.order_by("pk").values("pk", *VERSION_FACTOR_FIELDS))
    key_of = {f.pop("pk"): f["key"] for f in factors}
    links = [
        {"source": key_of[row.pop("source_id")], "target": key_of[row.pop("target_id")], **row}
        for row in system_map.links.order_by("pk").values("source_id", "target_id", *VERSION_LINK_FIELDS)
    ]
    return {"factors": factors, "links": links}


@transaction.atomic
def map_version_save(*, system_map: SystemMap, user: User, name: str) -> MapVersion:
    """Keep the map as it is now under `name`, numbered after the map's last version."""
    SystemMap.objects.select_for_update().filter(pk=system_map.pk).first()
    last = MapVersion.objects.filter(system_map=system_map).aggregate(n=Max("number"))["n"] or 0
    snapshot = _snapshot(system_map)
    version = MapVersion(
        system_map=system_map,
        number=last + 1,
        name=name.strip(),
        snapshot=snapshot,
        factor_count=len(snapshot["factors"]),
        link_count=len(snapshot["links"]),
        created_by=user,
    )
    version.full_clean()
    version.save()
    return version
