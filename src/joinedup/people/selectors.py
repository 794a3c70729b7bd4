"""Reads of people, always through what the viewer may see."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce, Concat

from joinedup.people.csvrows import PersonRow, Reference
from joinedup.people.models import Connection, PolicyArea, Profile, Visibility
from joinedup.places.models import Organisation, Place


def profiles_visible_to(user: Any) -> QuerySet[Profile]:
    """Profiles this user may see: signed-in-visible ones, their own, and connections-only ones they are linked to."""
    if not getattr(user, "is_authenticated", False):
        return Profile.objects.none()
    base = Profile.objects.filter(user__is_active=True)
    if getattr(user, "is_admin", False):
        return base
    own = getattr(user, "profile", None)
    if own is None:
        return base.filter(visibility=Visibility.SIGNED_IN)
    connected = Connection.objects.filter(Q(person_a=own) | Q(person_b=own)).values_list(
        "person_a", "person_b"
    )
    connected_ids = {pk for pair in connected for pk in pair}
    return base.filter(Q(visibility=Visibility.SIGNED_IN) | Q(pk=own.pk) | Q(pk__in=connected_ids))


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory's search box and filters ask for; empty values mean "any"."""

    q: str = ""
    sector: str = ""
    organisation: str = ""
    place: Place | None = None
    policy_area: PolicyArea | None = None
    level: str = ""
    both_sides: bool = False


def profile_directory_search(*, user: Any, filters: DirectoryFilters) -> QuerySet[Profile]:
    """The visible profiles matching every filter, each search word anywhere in the profile's search text.

    One query whatever the filters: each filter is a join or a column test, never a loop over rows. Place and
    policy-area filters each join one value, so no row can appear twice and no DISTINCT is needed.
    """
    qs = profiles_visible_to(user).select_related("user", "organisation")
    for word in filters.q.lower().split()[:8]:
        # search_text is stored lower-cased, so a case-sensitive contains is a plain LIKE on every database.
        qs = qs.filter(search_text__contains=word)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.organisation:
        qs = _filter_organisations(qs, filters.organisation)
    if filters.place is not None:
        qs = qs.filter(places=filters.place)
    if filters.policy_area is not None:
        qs = qs.filter(policy_areas=filters.policy_area)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.both_sides:
        qs = qs.filter(both_sides=True)
    if filters.q.strip():
        # A text search reads every row anyway: one sequential pass and a sort of the matches (~150 ms at
        # 100,000 people) beats walking the name index, which costs a random read per row when matches are rare.
        return qs.order_by(Concat("sort_name", Value("")), "pk")
    return qs.order_by("sort_name", "pk")


FEW_ORGANISATIONS = 20


def _filter_organisations(qs: QuerySet[Profile], text: str) -> QuerySet[Profile]:
    """Profiles at organisations whose name contains the text.

    A few organisations: an indexed IN finds their people directly. Many (say "council", ~400): the people are
    too many for the index to help, and walking the name-order index until a page is full is far quicker, so the
    IN is put on an expression the planner cannot use an index for.
    """
    ids = list(Organisation.objects.filter(name__icontains=text).values_list("pk", flat=True))
    if len(ids) <= FEW_ORGANISATIONS:
        return qs.filter(organisation_id__in=ids)
    return qs.alias(org_key=Coalesce("organisation_id", Value(0))).filter(org_key__in=ids)


def profile_data_export(*, user: Any) -> dict[str, Any]:
    """Everything Joined Up holds about this person, as plain data (UK GDPR right of access)."""
    data: dict[str, Any] = {
        "account": {
            "name": user.name,
            "email": user.email,
            "role": user.role,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": None,
        "situations": [
            {"situation": m.situation.title, "perspective": m.perspective, "role": m.role}
            for m in user.situation_memberships.select_related("situation")
        ],
    }
    profile = Profile.objects.filter(user=user).select_related("organisation").first()
    if profile is not None:
        data["profile"] = _profile_data(profile)
    return data


def _profile_data(profile: Profile) -> dict[str, Any]:
    return {
        "organisation": profile.organisation.name if profile.organisation else None,
        "sector": profile.sector,
        "job_title": profile.job_title,
        "level": profile.level,
        "places": [{"gss_code": p.gss_code, "name": p.name} for p in profile.places.all()],
        "policy_areas": [a.name for a in profile.policy_areas.all()],
        "offers": profile.offers,
        "seeks": profile.seeks,
        "visibility": profile.visibility,
        "both_sides": profile.both_sides,
        "career": [
            {
                "organisation": c.organisation_name,
                "sector": c.sector,
                "role": c.role,
                "start_year": c.start_year,
                "end_year": c.end_year,
            }
            for c in profile.career.all()
        ],
        "connections": Connection.objects.filter(Q(person_a=profile) | Q(person_b=profile)).count(),
    }


def people_csv_reference() -> Reference:
    """The organisations, places and policy areas an imported row may name."""
    organisations: dict[str, tuple[str, str]] = {}
    for slug, name, sector in Organisation.objects.values_list("slug", "name", "sector"):
        organisations[name.lower()] = (slug, sector)
    for slug, _name, sector in Organisation.objects.values_list("slug", "name", "sector"):
        organisations[slug.lower()] = (slug, sector)  # a slug wins over a name that happens to look like one
    areas: dict[str, str] = {}
    for slug, name in PolicyArea.objects.values_list("slug", "name"):
        areas[name.lower()] = slug
        areas[slug.lower()] = slug
    codes = frozenset(Place.objects.filter(is_current=True).values_list("gss_code", flat=True))
    return Reference(organisations=organisations, place_codes=codes, policy_areas=areas)


def profile_csv_rows() -> Iterator[PersonRow]:
    """Every profile as a CSV row, in id order; ids are the imported id, or the profile number."""
    qs = (
        Profile.objects.select_related("user", "organisation")
        .prefetch_related("places", "policy_areas")
        .order_by("pk")
    )
    for p in qs.iterator(chunk_size=2000):
        yield PersonRow(
            row=0,
            id=p.external_id or str(p.pk),
            name=p.user.name,
            email=p.user.email,
            sector=p.sector,
            organisation=p.organisation.slug if p.organisation else None,
            level=p.level,
            places=tuple(sorted(pl.gss_code for pl in p.places.all())),
            policy_areas=tuple(sorted(a.slug for a in p.policy_areas.all())),
            offers=p.offers,
            seeks=p.seeks,
        )
