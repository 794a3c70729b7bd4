"""Every API router, in one list so the OpenAPI document and the permission matrix see them all."""

from ninja import Router

ALL: list[tuple[str, Router]] = []
