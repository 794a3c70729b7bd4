"""Every API router, in one list so the OpenAPI document and the permission matrix see them all."""

from ninja import Router

from joinedup.api import organisations, partnerships, people, places, situations

ALL: list[tuple[str, Router]] = [
    ("/organisations", organisations.router),
    ("/places", places.router),
    ("/people", people.router),
    ("/situations", situations.router),
    ("/partnerships", partnerships.router),
]
