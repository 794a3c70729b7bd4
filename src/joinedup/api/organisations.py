"""Organisations: public reference data, readable by any token holder."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from joinedup.api.schemas import DETAIL_ERRORS, READ_ERRORS, BoundedPagination, OrganisationRef, PlaceRef
from joinedup.api.schemas import one as _one
from joinedup.places.models import Organisation, OrganisationKind, Sector

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    abbreviation: str
    kind: OrganisationKind
    sector: Sector
    place: PlaceRef | None
    parent: OrganisationRef | None
    web_url: str
    is_active: bool


class OrganisationFilters(Schema):
    sector: Sector | None = None
    kind: OrganisationKind | None = None
    q: str | None = None


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("place", "parent").order_by("name")


@router.get("/", response={200: list[OrganisationOut], **READ_ERRORS}, summary="List organisations")
@paginate(BoundedPagination, page_size=50)
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    found = _organisations()
    if filters.sector:
        found = found.filter(sector=filters.sector)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.q:
        found = found.filter(Q(name__icontains=filters.q) | Q(abbreviation__iexact=filters.q))
    return found


@router.get("/{slug}", response={200: OrganisationOut, **DETAIL_ERRORS}, summary="One organisation by slug")
def organisation_detail(request: HttpRequest, slug: str) -> Organisation:
    return _one(_organisations().filter(slug=slug), "No such organisation")
