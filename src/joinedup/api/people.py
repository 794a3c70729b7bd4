"""People, only as the caller may see them (profile visibility), and never with an email address."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from joinedup.accounts.actors import Actor
from joinedup.api.schemas import DETAIL_ERRORS, READ_ERRORS, BoundedPagination, OrganisationRef
from joinedup.api.schemas import one as _one
from joinedup.people.models import Level, Profile
from joinedup.people.selectors import profiles_matching_text, profiles_visible_to
from joinedup.places.models import Sector

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    name: str
    job_title: str
    organisation: OrganisationRef | None
    sector: Sector
    level: Level
    places: list[str]
    policy_areas: list[str]
    offers: str
    seeks: str
    both_sides: bool

    @staticmethod
    def resolve_name(obj: Profile) -> str:
        return obj.user.name

    @staticmethod
    def resolve_places(obj: Profile) -> list[str]:
        return [p.gss_code for p in obj.places.all()]

    @staticmethod
    def resolve_policy_areas(obj: Profile) -> list[str]:
        return [a.slug for a in obj.policy_areas.all()]


class PeopleFilters(Schema):
    q: str | None = None
    sector: Sector | None = None
    place: str | None = None
    policy_area: str | None = None


def _people(user: Actor) -> QuerySet[Profile]:
    return (
        profiles_visible_to(user)
        .select_related("user", "organisation")
        .prefetch_related("places", "policy_areas")
        .order_by("sort_name", "pk")
    )


@router.get("/", response={200: list[PersonOut], **READ_ERRORS}, summary="List the people you may see")
@paginate(BoundedPagination, page_size=50)
def person_list(request: HttpRequest, filters: Query[PeopleFilters]) -> Any:
    found = _people(request.user)
    if filters.sector:
        found = found.filter(sector=filters.sector)
    # A place and a policy area are each one row (unique code, unique slug), so these joins never repeat a
    # person and no DISTINCT is needed.
    if filters.place:
        found = found.filter(places__gss_code=filters.place.upper())
    if filters.policy_area:
        found = found.filter(policy_areas__slug=filters.policy_area)
    if filters.q:
        # Last, as the directory does: the full-text index, whole words or their starts, in name order.
        found = profiles_matching_text(found, filters.q)
    return found


@router.get(
    "/{person_id}", response={200: PersonOut, **DETAIL_ERRORS}, summary="One person, if you may see them"
)
def person_detail(request: HttpRequest, person_id: int) -> Profile:
    return _one(_people(request.user).filter(pk=person_id), "No such person")
