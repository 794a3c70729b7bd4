"""Shared API schemas: one error shape for every failure, so clients parse one thing."""

from ninja import Schema


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


READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 422: ValidationErrorOut}
DETAIL_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
