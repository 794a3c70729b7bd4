"""A believable, deterministic demo population across the real departments and councils of the reference data.

Generation (plain records from one seeded random.Random) is kept apart from writing (bulk inserts in batches), so
the same seed gives the same people whatever the batch size, and 100,000 people take seconds, not hours.
"""

import math
import random
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from joinedup.accounts.models import User
from joinedup.core.illustrative import DEMO_DOMAIN
from joinedup.people import demo_text as words
from joinedup.people.models import CareerEntry, Level, PolicyArea, Profile
from joinedup.people.services import both_sides_of
from joinedup.places.models import Organisation, OrganisationKind, Place, Sector

THIS_YEAR = 2026
LEVEL_WEIGHTS = ((Level.FRONTLINE, 3), (Level.MANAGER, 5), (Level.SENIOR, 2))


class ReferenceDataMissing(Exception):
    pass


@dataclass(frozen=True)
class World:
    """The reference data demo people are drawn from, each list in a stable order."""

    central: Sequence[Organisation]
    central_weights: Sequence[float]
    local: Sequence[Organisation]
    other: Sequence[Organisation]
    places: Sequence[Place]
    neighbours: dict[int, list[Place]]
    areas: Sequence[PolicyArea]
    parent_slug: dict[int, str] = field(default_factory=dict)  # an agency's department


@dataclass
class DemoPerson:
    index: int
    name: str
    email: str
    organisation: Organisation
    job_title: str
    level: str
    places: list[Place]
    areas: list[PolicyArea]
    offers: str
    seeks: str
    career: list[tuple[Organisation, str, int, int | None]] = field(default_factory=list)


def world_load() -> World:
    orgs = list(Organisation.objects.filter(is_active=True).select_related("place").order_by("slug"))
    central = [o for o in orgs if o.sector == Sector.CENTRAL]
    local = [o for o in orgs if o.kind in (OrganisationKind.COUNCIL, OrganisationKind.COMBINED_AUTHORITY)]
    places = list(Place.objects.filter(is_current=True).exclude(kind="COMB").order_by("gss_code"))
    areas = list(PolicyArea.objects.order_by("slug"))
    if not central or not local or not places:
        raise ReferenceDataMissing(
            "Reference data is not loaded (no departments, councils or places): run `joinedup load-reference` first"
        )
    # Departments employ most civil servants; agencies are many but each is small.
    weight: dict[str, float] = {OrganisationKind.MINISTERIAL: 20.0, OrganisationKind.NON_MINISTERIAL: 4.0}
    return World(
        central=central,
        central_weights=[weight.get(o.kind, 0.5) for o in central],
        local=local,
        other=[o for o in orgs if o.sector == Sector.OTHER] or local,
        places=places,
        neighbours=_neighbours(places, 3),
        areas=areas,
        parent_slug=_parent_slugs(orgs),
    )


def _parent_slugs(orgs: Sequence[Organisation]) -> dict[int, str]:
    by_pk = {o.pk: o for o in orgs}
    return {o.pk: by_pk[o.parent_id].slug for o in orgs if o.parent_id in by_pk}


def _neighbours(places: Sequence[Place], k: int) -> dict[int, list[Place]]:
    """The k nearest places to each place by centroid (an equirectangular distance is plenty at UK scale)."""
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    out: dict[int, list[Place]] = {}
    for p in located:
        assert p.latitude is not None and p.longitude is not None
        scale = math.cos(math.radians(p.latitude))

        def distance(q: Place, p: Place = p, scale: float = scale) -> float:
            return ((q.latitude or 0) - (p.latitude or 0)) ** 2 + (
                ((q.longitude or 0) - (p.longitude or 0)) * scale
            ) ** 2

        out[p.pk] = sorted((q for q in located if q.pk != p.pk), key=distance)[:k]
    return out


def people_generate(world: World, n: int, seed: int) -> Iterator[DemoPerson]:
    """n demo people; the same world, n and seed always give the same people in the same order."""
    rng = random.Random(seed)
    for index in range(n):
        yield _person(rng, world, index)


def _person(rng: random.Random, world: World, index: int) -> DemoPerson:
    first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
    roll = rng.random()
    sector = Sector.CENTRAL if roll < 0.48 else Sector.LOCAL if roll < 0.96 else Sector.OTHER
    org = _organisation(rng, world, sector)
    level = rng.choices([lv for lv, _ in LEVEL_WEIGHTS], weights=[w for _, w in LEVEL_WEIGHTS])[0]
    possible = _areas_of(world, org)
    areas = rng.sample(possible, k=min(len(possible), rng.choice((1, 1, 2, 2, 3))))
    slug = areas[0].slug if areas else "housing"
    label, topics = words.AREAS.get(slug, (slug.replace("-", " "), (slug.replace("-", " "),)))
    title = _title(rng, sector, level, org, {a.slug for a in possible}).format(
        area=label, Area=label[0].upper() + label[1:]
    )
    email = f"{_ascii(first)}.{_ascii(last)}.{index + 1}@{DEMO_DOMAIN}"
    person = DemoPerson(
        index=index,
        name=f"{first} {last}",
        email=email,
        organisation=org,
        job_title=title,
        level=level,
        places=_places(rng, world, org),
        areas=areas,
        offers=_sentence(
            rng, words.OFFERS[: 5 if level == Level.FRONTLINE else 4], rng.choice(topics), sector, org
        ),
        seeks=_sentence(rng, words.SEEKS, rng.choice(topics), sector, org),
    )
    person.career = _career(rng, world, person, sector)
    return person


def _areas_of(world: World, org: Organisation) -> list[PolicyArea]:
    """The policy areas this organisation answers for: a district council no social care, a county no housing."""
    tier = org.place.kind if org.place_id and org.place and org.kind == OrganisationKind.COUNCIL else ""
    if org.kind == OrganisationKind.COMBINED_AUTHORITY:
        tier = "COMB"
    allowed: Collection[str] | None = words.AREAS_OF_TIER.get(tier)
    if org.sector == Sector.CENTRAL:
        allowed = words.DEPARTMENT_AREAS.get(org.slug) or words.DEPARTMENT_AREAS.get(
            world.parent_slug.get(org.pk, ""), words.CROSS_CUTTING_AREAS
        )
    if allowed is None:
        return list(world.areas)
    return [a for a in world.areas if a.slug in allowed] or list(world.areas)


def _title(rng: random.Random, sector: str, level: str, org: Organisation, areas: set[str]) -> str:
    """A job title this organisation would have: no work coaches at the Treasury, no social workers at a
    district council."""
    titles = list(words.TITLES[(sector, level)])
    if (sector, level) == (Sector.CENTRAL, Level.FRONTLINE):
        titles += words.CENTRAL_FRONTLINE_BY_DEPARTMENT.get(org.slug, ())
    titles = [t for t in titles if words.TITLE_NEEDS_AREA.get(t, next(iter(areas), "")) in areas] or titles
    return rng.choice(titles)


def _ascii(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _organisation(rng: random.Random, world: World, sector: str) -> Organisation:
    if sector == Sector.CENTRAL:
        return rng.choices(list(world.central), weights=list(world.central_weights))[0]
    return rng.choice(list(world.local if sector == Sector.LOCAL else world.other))


def _places(rng: random.Random, world: World, org: Organisation) -> list[Place]:
    """A council person knows their council's place and its neighbours; others know a few places anywhere."""
    if org.place_id and org.place_id in world.neighbours:
        home = org.place
        assert home is not None
        near = world.neighbours[org.place_id]
        return [home, *near[: rng.randint(1, len(near))]]
    return rng.sample(list(world.places), k=rng.randint(1, 4))


def _sentence(
    rng: random.Random, templates: Sequence[str], topic: str, sector: str, org: Organisation
) -> str:
    setting = words.SETTING.get(sector) or _council_kind(org)
    return rng.choice(templates).format(
        topic=topic, setting=setting, side=words.SIDE[sector], other_side=words.OTHER_SIDE[sector]
    )


def _council_kind(org: Organisation) -> str:
    """ "a metropolitan district", "a Welsh unitary authority": lower-cased except for proper adjectives."""
    kind = org.place.kind_name if org.place else "council"
    first, _, rest = kind.partition(" ")
    if first not in {"Welsh", "Scottish", "Northern", "London"}:
        first = first.lower()
    return f"a {first} {rest}".strip()


def _career(
    rng: random.Random, world: World, person: DemoPerson, sector: str
) -> list[tuple[Organisation, str, int, int | None]]:
    """The current post, then up to three earlier ones; about one in four crossed the central/local line."""
    start = THIS_YEAR - rng.randint(0, 8)
    entries: list[tuple[Organisation, str, int, int | None]] = [
        (person.organisation, person.job_title, start, None)
    ]
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        end, start = start, start - rng.randint(2, 7)
        crossed = sector != Sector.OTHER and rng.random() < 0.25
        other = {"central": "local", "local": "central"}.get(sector, sector)
        org = _organisation(rng, world, other if crossed else sector)
        entries.append((org, rng.choice(words.PAST_ROLES), start, end))
    return entries


def people_write(people: Iterator[DemoPerson], *, batch: int, progress: Callable[[int], None]) -> int:
    """Insert people in batches of `batch`, one transaction each; returns how many were written."""
    written, chunk = 0, []
    for person in people:
        chunk.append(person)
        if len(chunk) == batch:
            written += _write_batch(chunk)
            progress(written)
            chunk = []
    if chunk:
        written += _write_batch(chunk)
        progress(written)
    return written


@transaction.atomic
def _write_batch(people: list[DemoPerson]) -> int:
    user_model: Any = get_user_model()
    # Demo people never sign in: one unusable password hash each, no slow hashing.
    users = user_model.objects.bulk_create(
        [user_model(email=p.email, name=p.name, password=make_password(None)) for p in people]
    )
    profiles = Profile.objects.bulk_create([_profile(p, u) for p, u in zip(people, users, strict=True)])
    places, areas, career = Profile.places.through, Profile.policy_areas.through, []
    place_rows, area_rows = [], []
    for person, profile in zip(people, profiles, strict=True):
        place_rows += [places(profile_id=profile.pk, place_id=pl.pk) for pl in dict.fromkeys(person.places)]
        area_rows += [areas(profile_id=profile.pk, policyarea_id=a.pk) for a in person.areas]
        career += [
            CareerEntry(profile=profile, organisation=o, organisation_name=o.name, sector=o.sector,
                        role=role, start_year=s, end_year=e)
            for o, role, s, e in person.career
        ]  # fmt: skip
    places.objects.bulk_create(place_rows)
    areas.objects.bulk_create(area_rows)
    CareerEntry.objects.bulk_create(career)
    return len(people)


def _profile(person: DemoPerson, user: User) -> Profile:
    org = person.organisation
    known = [p.name for p in dict.fromkeys(person.places)] + [a.name for a in person.areas]
    text = " ".join([person.name, person.job_title, org.name, *known, person.offers, person.seeks]).lower()
    return Profile(
        user=user,
        organisation=org,
        sector=org.sector,
        job_title=person.job_title,
        level=person.level,
        offers=person.offers,
        seeks=person.seeks,
        both_sides=both_sides_of(o.sector for o, *_ in person.career),
        search_text=text,
        sort_name=person.name.lower(),
    )


def demo_people_delete() -> int:
    """Remove an earlier demo population so that a re-run gives exactly the seeded people (delete what the
    demo people made in other apps first: situations/demo.py's demo_situations_delete)."""
    user_model: Any = get_user_model()
    qs = user_model.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
    count: int = qs.count()
    qs.delete()
    return count
