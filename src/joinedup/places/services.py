"""Writes to places and organisations: loading the reference data, and editing what is known of a place."""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from joinedup.core.history import record_who
from joinedup.places import reference
from joinedup.places.models import SECTOR_OF_KIND, Organisation, Place, PlaceKnowledge
from joinedup.places.reference import OrganisationRow, PlaceRow

PLACE_LINKS = ("county_id", "combined_authority_id")
ORGANISATION_LINKS = ("place_id", "parent_id")
# Organisations the loader owns; ones people added by hand ("manual") are never retired by it.
LOADED_SOURCES = ("govuk", "mysociety")


@dataclass
class SyncReport:
    """What one load changed in one table, by name."""

    label: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.label}: {len(self.added)} added, {len(self.updated)} updated, {len(self.retired)} retired"
        )


@dataclass
class ReferenceReport:
    places: SyncReport
    organisations: SyncReport


@transaction.atomic
def reference_load(*, data_dir: Path = reference.DATA_DIR) -> ReferenceReport:
    """Bring places and organisations in line with the reference data, in one transaction.

    Idempotent: a second run adds and updates nothing. Rows that earlier loads made and the data no longer
    lists are retired (is_current / is_active False), never deleted: people and situations point at them.
    """
    place_rows = reference.read_places(data_dir)
    org_rows = reference.read_central_organisations(data_dir) + reference.local_organisations(place_rows)
    return ReferenceReport(places=_places_sync(place_rows), organisations=_organisations_sync(org_rows))


def _places_sync(rows: list[PlaceRow]) -> SyncReport:
    report = SyncReport("Places")
    stored, adopted = _places_adopting_gss(rows)
    added = _create_missing(Place, "code", {row.code: _place_values(row) for row in rows}, stored, report)
    stored.update({place.code: place for place in Place.objects.filter(code__in=added)})
    ids = {code: place.pk for code, place in stored.items()}
    desired = {row.code: {**_place_values(row), **_place_links(row, ids)} for row in rows}
    changed = _update_and_retire(desired, stored, added | adopted, "is_current", report)
    for code in adopted:
        report.updated.append(str(stored[code]))
        changed[frozenset(["code"])].append(stored[code])
    _bulk_update(Place, changed)
    return report


def _places_adopting_gss(rows: list[PlaceRow]) -> tuple[dict[str, Place], set[str]]:
    """Stored places by code; a place stored under another code but with a wanted GSS code is taken over.

    Why: the GSS code is unique, so a place created by hand (or by an older loader) with the same GSS code
    would otherwise block the insert. Returns the places and the codes taken over.
    """
    by_code = {place.code: place for place in Place.objects.all()}
    by_gss = {place.gss_code: place for place in by_code.values()}
    wanted = {row.code for row in rows}
    adopted = set()
    for row in rows:
        stray = by_gss.get(row.gss_code)
        if row.code not in by_code and stray is not None and stray.code not in wanted:
            del by_code[stray.code]
            stray.code = row.code
            by_code[row.code] = stray
            adopted.add(row.code)
    return by_code, adopted


def _place_values(row: PlaceRow) -> dict[str, Any]:
    values = asdict(row)
    for link in ("code", "county_code", "combined_authority_code"):
        del values[link]
    return values


def _place_links(row: PlaceRow, ids: dict[str, int]) -> dict[str, int | None]:
    return {
        "county_id": ids.get(row.county_code),
        "combined_authority_id": ids.get(row.combined_authority_code),
    }


def _organisations_sync(rows: list[OrganisationRow]) -> SyncReport:
    report = SyncReport("Organisations")
    stored = {org.slug: org for org in Organisation.objects.all()}
    added = _create_missing(
        Organisation, "slug", {r.slug: _organisation_values(r) for r in rows}, stored, report
    )
    stored.update({org.slug: org for org in Organisation.objects.filter(slug__in=added)})
    org_ids = {slug: org.pk for slug, org in stored.items()}
    place_ids = dict(Place.objects.values_list("code", "id"))
    desired = {
        r.slug: {**_organisation_values(r), **_organisation_links(r, org_ids, place_ids)} for r in rows
    }
    # Organisations people added by hand are not the loader's to retire.
    loaded = {slug: org for slug, org in stored.items() if org.source in LOADED_SOURCES or slug in desired}
    changed = _update_and_retire(desired, loaded, added, "is_active", report)
    _bulk_update(Organisation, changed)
    return report


def _organisation_values(row: OrganisationRow) -> dict[str, Any]:
    values = asdict(row)
    for link in ("slug", "place_code", "parent_slugs"):
        del values[link]
    # bulk operations skip Organisation.save, which is where the sector normally follows from the kind.
    values["sector"] = SECTOR_OF_KIND[row.kind]
    return values


def _organisation_links(
    row: OrganisationRow, org_ids: dict[str, int], place_ids: dict[str, int]
) -> dict[str, int | None]:
    # The first listed parent that is loaded: a few records name closed or missing parents first.
    parent = next((org_ids[slug] for slug in row.parent_slugs if slug in org_ids), None)
    return {"place_id": place_ids.get(row.place_code), "parent_id": parent}


def _create_missing(
    model: type[models.Model],
    key: str,
    values: dict[str, dict[str, Any]],
    stored: dict[str, Any],
    report: SyncReport,
) -> set[str]:
    """Insert the rows not stored yet, without their links (they may point at each other); return their keys."""
    new = [model(**{key: k, **v}) for k, v in values.items() if k not in stored]
    model._default_manager.bulk_create(new, batch_size=500)
    report.added.extend(str(obj) for obj in new)
    return {getattr(obj, key) for obj in new}


def _update_and_retire(
    desired: dict[str, dict[str, Any]],
    stored: dict[str, Any],
    quiet: set[str],
    current_flag: str,
    report: SyncReport,
) -> dict[frozenset[str], list[Any]]:
    """Set what differs from the data, and retire what it no longer lists.

    Returns the objects to save, grouped by the attributes that changed (one small UPDATE per group beats
    one that rewrites every column). Rows in `quiet` (added, or taken over, in this run) are saved but not
    reported as updated.
    """
    changed: dict[frozenset[str], list[Any]] = defaultdict(list)
    for key, values in desired.items():
        obj = stored[key]
        was_current = getattr(obj, current_flag)
        differing = {name: value for name, value in values.items() if getattr(obj, name) != value}
        for name, value in differing.items():
            setattr(obj, name, value)
        if differing and key not in quiet:
            retired = was_current and not values[current_flag]
            (report.retired if retired else report.updated).append(str(obj))
        if differing:
            changed[frozenset(differing)].append(obj)
    for key, obj in stored.items():
        if key not in desired and getattr(obj, current_flag):
            setattr(obj, current_flag, False)
            changed[frozenset([current_flag])].append(obj)
            report.retired.append(str(obj))
    return changed


def _bulk_update(model: type[models.Model], changed: dict[frozenset[str], list[Any]]) -> None:
    for attnames, objects in changed.items():
        # get_field accepts an attname ("parent_id") and bulk_update wants the field's name ("parent").
        fields = [model._meta.get_field(name).name for name in attnames]
        model._default_manager.bulk_update(objects, fields, batch_size=500)


# --- Knowledge of a place ---------------------------------------------------------------------------------


def place_knowledge_get_or_new(*, place: Place) -> PlaceKnowledge:
    """The stored knowledge of a place, or an unsaved blank one (saved on its first edit)."""
    return PlaceKnowledge.objects.filter(place=place).first() or PlaceKnowledge(place=place)


@transaction.atomic
def place_knowledge_update(
    *, knowledge: PlaceKnowledge, user: Any, changes: dict[str, str]
) -> PlaceKnowledge:
    # `user` is Any: places sits beside accounts in the layers (pyproject.toml), so it cannot name User.
    for name, value in changes.items():
        setattr(knowledge, name, value)
    knowledge.updated_by = user
    record_who(knowledge, user)
    knowledge.full_clean()
    knowledge.save()
    return knowledge
