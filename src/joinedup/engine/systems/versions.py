"""What changed between two versions of a map ("since the last workshop"): factors and links added,
removed and changed. Factors are matched by id (the key that stays with a factor through renames), links
by their two ends."""

from dataclasses import dataclass

from joinedup.engine.systems.model import CausalMap, Factor, Link

FACTOR_FIELDS = ("label", "owner", "organisation", "description")
LINK_FIELDS = ("polarity", "delay", "strength")


@dataclass(frozen=True)
class Changed:
    """One factor or link in both versions, and each field that differs as (field, before, after)."""

    key: str
    fields: tuple[tuple[str, object, object], ...]


@dataclass(frozen=True)
class MapDiff:
    factors_added: tuple[Factor, ...]
    factors_removed: tuple[Factor, ...]
    factors_changed: tuple[Changed, ...]
    links_added: tuple[Link, ...]
    links_removed: tuple[Link, ...]
    links_changed: tuple[tuple[Link, Changed], ...]

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.factors_added,
                self.factors_removed,
                self.factors_changed,
                self.links_added,
                self.links_removed,
                self.links_changed,
            )
        )


def map_diff(before: CausalMap, after: CausalMap) -> MapDiff:
    """Everything that differs from `before` to `after` (positions on the drawing are not changes), in the
    order of the map each item comes from."""
    old_f = {f.id: f for f in before.factors}
    new_f = {f.id: f for f in after.factors}
    old_l = {(lk.source, lk.target): lk for lk in before.links}
    new_l = {(lk.source, lk.target): lk for lk in after.links}
    factors_changed = []
    for f in after.factors:
        if f.id in old_f:
            fields = _fields(old_f[f.id], f, FACTOR_FIELDS)
            if fields:
                factors_changed.append(Changed(f.id, fields))
    links_changed = []
    for lk in after.links:
        if (lk.source, lk.target) in old_l:
            fields = _fields(old_l[(lk.source, lk.target)], lk, LINK_FIELDS)
            if fields:
                links_changed.append((lk, Changed(f"{lk.source}→{lk.target}", fields)))
    return MapDiff(
        tuple(f for f in after.factors if f.id not in old_f),
        tuple(f for f in before.factors if f.id not in new_f),
        tuple(factors_changed),
        tuple(lk for lk in after.links if (lk.source, lk.target) not in old_l),
        tuple(lk for lk in before.links if (lk.source, lk.target) not in new_l),
        tuple(links_changed),
    )


def _fields(old: object, new: object, names: tuple[str, ...]) -> tuple[tuple[str, object, object], ...]:
    return tuple(
        (name, getattr(old, name), getattr(new, name))
        for name in names
        if getattr(old, name) != getattr(new, name)
    )
