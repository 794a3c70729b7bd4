"""Places: UK local authority areas, public reference data keyed by GSS code."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from joinedup.api.schemas import DETAIL_ERRORS, READ_ERRORS, BoundedPagination, PlaceRef
from joinedup.api.schemas import one as _one
from joinedup.places.models import Place

router = Router(tags=["places"])


class PlaceOut(Schema):
    gss_code: str
    name: str
    official_name: str
    nation: str
    region: str
    kind: str
    kind_name: str
    county: PlaceRef | None
    combined_authority: PlaceRef | None
    population: int | None
    is_current: bool


class PlaceFilters(Schema):
    nation: str | None = None
    region: str | None = None
    q: str | None = None


def _places() -> QuerySet[Place]:
    return Place.objects.select_related("county", "combined_authority").order_by("name")


# The same shape as api/organisations.py on purpose: two resources, each with its own filters and key.
@router.get("/", response={200: list[PlaceOut], **READ_ERRORS}, summary="List places")
@paginate(BoundedPagination, page_size=50)
def place_list(request: HttpRequest, filters: Query[PlaceFilters]) -> Any:
    found = _places()
    if filters.nation:
        found = found.filter(nation__iexact=filters.nation)
    if filters.region:
        found = found.filter(region__iexact=filters.region)
    if filters.q:
        found = found.filter(Q(name__icontains=filters.q) | Q(gss_code__iexact=filters.q))
    return found


@router.get("/{gss_code}", response={200: PlaceOut, **DETAIL_ERRORS}, summary="One place by GSS code")
def place_detail(request: HttpRequest, gss_code: str) -> Place:
    return _one(_places().filter(gss_code=gss_code.upper()), "No such place")
