"""Shared API schemas: one error shape for every failure, so clients parse one thing."""

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from ninja import Schema
from ninja.pagination import PageNumberPagination
from pydantic import Field

M = TypeVar("M", bound=Model)


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


class PlaceRef(Schema):
    gss_code: str
    name: str


class OrganisationRef(Schema):
    slug: str
    name: str


# 400: a request the site refuses before it reaches the API (a NUL character: core.middleware).
READ_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut}
DETAIL_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


def one(found: QuerySet[M], message: str) -> M:
    """The single object, or a 404 whose message names what was asked for (never who else can see it)."""
    obj = found.first()
    if obj is None:
        raise Http404(message)
    return obj


class BoundedPagination(PageNumberPagination):
    """Django Ninja's page-number pagination with the page number bounded, so a huge page is a 422, not a 500."""

    class Input(PageNumberPagination.Input):  # type: ignore[name-defined,misc]  # ninja declares Input at run time
        page: int = Field(1, ge=1, le=1_000_000)
