"""Every API router, in one list so the OpenAPI document and the permission matrix see them all."""

from ninja import Router

from joinedup.api import organisations, people, places, situations
from joinedup.partnerships import api as partnerships_api

ALL: list[tuple[str, Router]] = [
    ("/organisations", organisations.router),
    ("/places", places.router),
    ("/people", people.router),
    ("/situations", situations.router),
    ("/partnerships", partnerships_api.router),
]
