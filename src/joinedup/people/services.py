"""Writes to people: profiles, career histories, erasure and imports. Keyword-only, validated, atomic."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.accounts.models import User
from joinedup.people.csvrows import PersonRow, RowError
from joinedup.people.models import CareerEntry, Level, PolicyArea, Profile, Visibility
from joinedup.places.models import Organisation, Place, Sector

ERASED_NAME = "Former member"

# Fields a profile edit may change; anything else (both_sides, search_text) is derived.
EDITABLE_FIELDS = ("organisation", "sector", "job_title", "level", "offers", "seeks", "visibility")


@dataclass(frozen=True)
class CareerItem:
    """One job in a career history, as a form or an import gives it."""

    organisation_name: str
    sector: str
    role: str
    start_year: int
    end_year: int | None = None
    organisation: Organisation | None = None


def profile_search_text(
    *, profile: Profile, places: Iterable[str] | None = None, policy_areas: Iterable[str] | None = None
) -> str:
    """The lower-cased text the directory's search box looks in: name, role, organisation, the places and policy
    areas the person knows, and what they say they offer and seek.

    The place and policy-area names are read from the saved profile unless given (a profile not yet saved has
    none).
    """
    org_name = profile.organisation.name if profile.organisation_id and profile.organisation else ""
    if places is None:
        places = [p.name for p in profile.places.all()] if profile.pk else []
    if policy_areas is None:
        policy_areas = [a.name for a in profile.policy_areas.all()] if profile.pk else []
    parts = [
        profile.user.name,
        profile.job_title,
        org_name,
        *places,
        *policy_areas,
        profile.offers,
        profile.seeks,
    ]
    return " ".join(p.strip() for p in parts if p).lower()


def _refresh_search_text(profile: Profile) -> None:
    """Once the places and policy areas are set, the search text names them too."""
    text = profile_search_text(profile=profile)
    if text != profile.search_text:
        profile.search_text = text
        profile.save(update_fields=["search_text"])


def both_sides_of(sectors: Iterable[str]) -> bool:
    """Experience on both sides: central and local government both appear among the sectors worked in."""
    seen = set(sectors)
    return Sector.CENTRAL in seen and Sector.LOCAL in seen


def _save(profile: Profile) -> Profile:
    if profile.organisation_id and profile.organisation:
        # The sector is a fact of the organisation when there is one.
        profile.sector = profile.organisation.sector
    profile.search_text = profile_search_text(profile=profile)
    profile.sort_name = profile.user.name.lower()
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def profile_create(
    *,
    user: User,
    organisation: Organisation | None = None,
    sector: str = Sector.OTHER,
    job_title: str = "",
    level: str = Level.MANAGER,
    offers: str = "",
    seeks: str = "",
    visibility: str = Visibility.SIGNED_IN,
    places: Iterable[Place] = (),
    policy_areas: Iterable[PolicyArea] = (),
    external_id: str | None = None,
) -> Profile:
    profile = Profile(
        user=user,
        organisation=organisation,
        sector=sector,
        job_title=job_title.strip(),
        level=level,
        offers=offers.strip(),
        seeks=seeks.strip(),
        visibility=visibility,
        external_id=external_id or None,
    )
    _save(profile)
    profile.places.set(list(places))
    profile.policy_areas.set(list(policy_areas))
    _refresh_search_text(profile)
    return profile_recompute_both_sides(profile=profile)


@transaction.atomic
def profile_update(
    *,
    profile: Profile,
    name: str | None = None,
    places: Iterable[Place] | None = None,
    policy_areas: Iterable[PolicyArea] | None = None,
    **fields: Any,
) -> Profile:
    """Change the given fields (see EDITABLE_FIELDS), the person's name, places and policy areas."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"profile_update cannot change {sorted(unknown)}")
    if name is not None:
        user_set_name(user=profile.user, name=name)
    for key, value in fields.items():
        setattr(profile, key, value.strip() if isinstance(value, str) else value)
    _save(profile)
    if places is not None:
        profile.places.set(list(places))
    if policy_areas is not None:
        profile.policy_areas.set(list(policy_areas))
    _refresh_search_text(profile)
    return profile_recompute_both_sides(profile=profile)


@transaction.atomic
def user_set_name(*, user: User, name: str) -> Any:
    user.name = name.strip()
    if not user.name:
        raise ValidationError({"name": "Enter your name"})
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name"])
    return user


@transaction.atomic
def profile_update_career(*, profile: Profile, entries: Sequence[CareerItem]) -> Profile:
    """Replace the career history with these entries, then re-derive both_sides."""
    rows = [_career_entry(profile, item) for item in entries]
    profile.career.all().delete()
    CareerEntry.objects.bulk_create(rows)
    return profile_recompute_both_sides(profile=profile)


def _career_entry(profile: Profile, item: CareerItem) -> CareerEntry:
    entry = CareerEntry(
        profile=profile,
        organisation=item.organisation,
        organisation_name=item.organisation_name.strip()
        or (item.organisation.name if item.organisation else ""),
        sector=item.organisation.sector if item.organisation else item.sector,
        role=item.role.strip(),
        start_year=item.start_year,
        end_year=item.end_year,
    )
    entry.full_clean(exclude=["profile"])
    if entry.end_year is not None and entry.end_year < entry.start_year:
        raise ValidationError({"end_year": "The end year must be the same as or after the start year"})
    return entry


@transaction.atomic
def profile_recompute_both_sides(*, profile: Profile) -> Profile:
    """The current post counts as well as the history: a council officer who was once a civil servant has both."""
    sectors = [profile.sector, *profile.career.values_list("sector", flat=True)]
    value = both_sides_of(sectors)
    if value != profile.both_sides:
        profile.both_sides = value
        profile.save(update_fields=["both_sides"])
    return profile


@transaction.atomic
def policy_area_create(*, name: str) -> PolicyArea:
    from django.utils.text import slugify

    area = PolicyArea(name=name.strip(), slug=slugify(name))
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def user_erase(*, user: User) -> Any:
    """UK GDPR erasure: delete the profile (career, places, connections go with it) and anonymise the account.

    The user row stays so that what others rely on (situation memberships, history) still holds together; it now
    shows as "Former member" and can never sign in again.
    """
    Profile.objects.filter(user=user).delete()
    user.name = ERASED_NAME
    user.email = f"erased-{user.pk}@erased.invalid"
    user.set_unusable_password()
    user.is_active = False
    user.save()
    if hasattr(user, "api_tokens"):
        user.api_tokens.all().delete()
    return user


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def people_import_conflicts(*, rows: Sequence[PersonRow]) -> list[RowError]:
    """Errors only the database can see: an email already used by someone other than the row's person."""
    existing = _profiles_for_rows(rows)
    users = {u.email: u.pk for u in get_user_model().objects.filter(email__in=[r.email for r in rows])}
    errors = []
    for row in rows:
        owner = users.get(row.email)
        profile = existing.get(row.id)
        if owner is not None and profile is not None and owner != profile.user_id:
            errors.append(RowError(row.row, "email", f"{row.email} already belongs to another person"))
        elif owner is not None and profile is None and _has_other_id(owner, row.id):
            errors.append(
                RowError(row.row, "email", f"{row.email} already belongs to a person with another id")
            )
    return errors


def _has_other_id(user_id: int, external_id: str) -> bool:
    """True unless the account has a profile this row may adopt (one with no id of its own)."""
    found = list(Profile.objects.filter(user_id=user_id).values_list("external_id", flat=True))
    return not found or found[0] not in (None, external_id)


def _profiles_for_rows(rows: Sequence[PersonRow]) -> dict[str, Profile]:
    qs = Profile.objects.filter(external_id__in=[r.id for r in rows]).select_related("user")
    return {p.external_id or "": p for p in qs}


@transaction.atomic
def people_import(*, rows: Sequence[PersonRow]) -> ImportResult:
    """Create or update one person per row, all in one transaction: the same id updates the same person.

    A row whose id is unknown but whose email belongs to a person without an id adopts that person (so a file
    exported from this site, where ids are profile numbers, imports back without duplicates). New people are
    inserted in bulk (a 1,000-row file takes about a second); rows were checked by csvrows and
    people_import_conflicts, and each profile's fields are still validated before the insert.
    """
    existing = _profiles_for_rows(rows)
    lookups = _ImportLookups.load(rows)
    new_rows = []
    for row in rows:
        profile = existing.get(row.id) or _adoptable(row)
        if profile is None:
            new_rows.append(row)
            continue
        _user_set_email(user=profile.user, email=row.email)
        profile.external_id = row.id
        places, areas = lookups.places_and_areas(row)
        profile_update(
            profile=profile, name=row.name, places=places, policy_areas=areas, **lookups.fields(row)
        )
    _people_create_bulk(new_rows, lookups)
    return ImportResult(created=len(new_rows), updated=len(rows) - len(new_rows))


@dataclass(frozen=True)
class _ImportLookups:
    orgs: dict[str, Organisation]
    places: dict[str, Place]
    areas: dict[str, PolicyArea]

    @classmethod
    def load(cls, rows: Sequence[PersonRow]) -> "_ImportLookups":
        slugs = {r.organisation for r in rows if r.organisation}
        codes = {c for r in rows for c in r.places}
        return cls(
            orgs={o.slug: o for o in Organisation.objects.filter(slug__in=slugs)},
            places={p.gss_code: p for p in Place.objects.filter(gss_code__in=codes)},
            areas={a.slug: a for a in PolicyArea.objects.all()},
        )

    def fields(self, row: PersonRow) -> dict[str, Any]:
        return {
            "organisation": self.orgs.get(row.organisation or ""),
            "sector": row.sector,
            "level": row.level,
            "offers": row.offers,
            "seeks": row.seeks,
        }

    def places_and_areas(self, row: PersonRow) -> tuple[list[Place], list[PolicyArea]]:
        return [self.places[c] for c in row.places], [self.areas[s] for s in row.policy_areas]


def _people_create_bulk(rows: Sequence[PersonRow], lookups: _ImportLookups) -> None:
    user_model: Any = get_user_model()
    users = [user_model(email=r.email, name=r.name) for r in rows]
    for user in users:
        user.set_unusable_password()  # imported people set a password through "forgotten password"
        user.full_clean(exclude=["password"], validate_unique=False)
    users = user_model.objects.bulk_create(users)
    profiles = [
        Profile(user=u, external_id=r.id, **lookups.fields(r)) for u, r in zip(users, rows, strict=True)
    ]
    for profile, row in zip(profiles, rows, strict=True):
        if profile.organisation is not None:
            profile.sector = profile.organisation.sector
        places, areas = lookups.places_and_areas(row)
        profile.search_text = profile_search_text(
            profile=profile, places=[p.name for p in places], policy_areas=[a.name for a in areas]
        )
        profile.sort_name = profile.user.name.lower()
        profile.both_sides = both_sides_of([profile.sector])
        profile.full_clean(validate_unique=False)
    profiles = Profile.objects.bulk_create(profiles)
    place_links, area_links = [], []
    for profile, row in zip(profiles, rows, strict=True):
        places, areas = lookups.places_and_areas(row)
        place_links += [Profile.places.through(profile_id=profile.pk, place_id=p.pk) for p in places]
        area_links += [Profile.policy_areas.through(profile_id=profile.pk, policyarea_id=a.pk) for a in areas]
    Profile.places.through.objects.bulk_create(place_links)
    Profile.policy_areas.through.objects.bulk_create(area_links)


def _adoptable(row: PersonRow) -> Profile | None:
    return (
        Profile.objects.filter(user__email=row.email, external_id__isnull=True).select_related("user").first()
    )


def _user_set_email(*, user: User, email: str) -> None:
    if user.email != email:
        user.email = email
        user.full_clean(exclude=["password"])
        user.save(update_fields=["email"])


def profile_from_sign_on(*, user: User, claims: dict[str, Any], organisation: str, created: bool) -> Profile:
    """After single sign-on: a new account gets a profile in the provider's organisation; an existing one
    without an organisation is placed in it. A profile someone has filled in is otherwise left as they wrote it.
    """
    org = Organisation.objects.filter(slug=organisation).first() if organisation else None
    existing = Profile.objects.filter(user=user).first()
    if existing is None:
        sector = org.sector if org else Sector.OTHER
        title = str(claims.get("job_title") or "")[:150]
        return profile_create(user=user, organisation=org, sector=sector, job_title=title)
    if existing.organisation_id is None and org is not None:
        existing.organisation = org
        _save(existing)
    return existing
