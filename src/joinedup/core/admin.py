"""Shared admin pieces: AdminsOnly, for private records (situations, conversations) that only admins may see."""

from typing import Any

from django.http import HttpRequest


def _is_admin(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_admin", False))


class AdminsOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_admin(request)
