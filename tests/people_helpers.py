"""A small, hand-written cast for tests: organisations on both sides, places, and people in them."""

from typing import Any

from joinedup.accounts.models import Role, User
from joinedup.people.models import Level, PolicyArea, Profile
from joinedup.places.models import Organisation, OrganisationKind, Place

PASSWORD = "correct-horse-battery-staple"


def place(
    gss_code: str = "E08000035",
    name: str = "Leeds",
    region: str = "Yorkshire and The Humber",
    kind: str = "MD",
    **extra: Any,
) -> Place:
    obj, _ = Place.objects.get_or_create(
        gss_code=gss_code,
        defaults={
            "code": extra.pop("code", gss_code[-4:]),
            "name": name,
            "official_name": extra.pop("official_name", name),
            "nation": extra.pop("nation", "England"),
            "region": region,
            "kind": kind,
            "kind_name": extra.pop("kind_name", "Metropolitan district"),
            **extra,
        },
    )
    return obj


def organisation(slug: str, name: str, kind: str, place_obj: Place | None = None) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "place": place_obj}
    )
    return org


def department() -> Organisation:
    return organisation(
        "ministry-of-housing-communities-and-local-government",
        "Ministry of Housing, Communities and Local Government",
        OrganisationKind.MINISTERIAL,
    )


def council() -> Organisation:
    return organisation("leeds-city-council", "Leeds City Council", OrganisationKind.COUNCIL, place())


def policy_area(name: str = "Housing") -> PolicyArea:
    obj, _ = PolicyArea.objects.get_or_create(slug=name.lower().replace(" ", "-"), defaults={"name": name})
    return obj


def person(
    email: str,
    name: str,
    org: Organisation | None = None,
    *,
    role: str = Role.PARTICIPANT,
    level: str = Level.MANAGER,
    job_title: str = "Policy adviser",
    **profile_fields: Any,
) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, name=name, role=role)
    org = org or department()
    Profile.objects.create(
        user=user,
        organisation=org,
        sector=org.sector,
        level=level,
        job_title=job_title,
        search_text=f"{name} {job_title} {org.name}".lower(),
        sort_name=name.lower(),
        **profile_fields,
    )
    return user
