"""Importing a causal map into a new system map."""

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.accounts.models import User
from joinedup.situations.models import Situation
from joinedup.systemmaps.compute import (
    CausalMap,
)
from joinedup.systemmaps.limits import map_limits
from joinedup.systemmaps.models import ChangeAction, Factor, Link, SystemMap
from joinedup.systemmaps.services.maps import _perspective, _record, system_map_create


@transaction.atomic
def system_map_import(*, situation: Situation, user: User, title: str, cmap: CausalMap) -> SystemMap:
    """A new map from a checked engine map: all of it, or (on any error) none of it."""
    limits = map_limits()
    if len(cmap.factors) > limits.max_factors or len(cmap.links) > limits.max_links:
        raise ValidationError(
            f"The map has {len(cmap.factors):,} factors and {len(cmap.links):,} links; the limits are "
            f"{limits.max_factors:,} factors and {limits.max_links:,} links per map."
        )
    too_long = [
        f"factor {f.id[:40]!r}: the id is longer than 100 characters" for f in cmap.factors if len(f.id) > 100
    ]
    too_long += [
        f"factor {f.id!r}: the label is longer than {limits.max_label} characters"
        for f in cmap.factors
        if len(f.label) > limits.max_label
    ]
    if too_long:
        raise ValidationError(too_long)
    system_map = system_map_create(situation=situation, user=user, title=title)
    perspective = _perspective(user, situation)
    factors = Factor.objects.bulk_create(
        Factor(
            system_map=system_map,
            key=f.id,
            label=f.label,
            owner=f.owner or "",
            organisation=f.organisation[:200],
            # Factor and Link rows built from the imported map: alike in shape (each ends with added_by and
            # perspective), different models and fields.
            description=f.description,
            x=f.x,
            y=f.y,
            added_by=user,
            perspective=perspective,
        )
        for f in cmap.factors
    )
    by_key = {f.key: f for f in factors}
    Link.objects.bulk_create(
        Link(
            system_map=system_map,
            source=by_key[lk.source],
            target=by_key[lk.target],
            polarity=lk.polarity,
            delay=lk.delay,
            strength=lk.strength,
            added_by=user,
            perspective=perspective,
        )
        for lk in cmap.links
    )
    _record(
        system_map, user, ChangeAction.IMPORT, f"imported {len(factors)} factors and {len(cmap.links)} links"
    )
    return system_map
