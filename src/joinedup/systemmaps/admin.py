"""System maps in the Django admin: read-only, for admins only. Maps are private to their situation's
members, and changes go through the site so that each is attributed and can be undone."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from joinedup.systemmaps.models import Change, Factor, Link, SystemMap


class AdminsReadOnly(admin.ModelAdmin[Any]):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(getattr(request.user, "is_admin", False))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_admin", False))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SystemMap)
class SystemMapAdmin(AdminsReadOnly):
    list_display = ["title", "situation", "created_by", "updated_at"]
    search_fields = ["title"]


@admin.register(Factor)
class FactorAdmin(AdminsReadOnly):
    list_display = ["label", "system_map", "owner", "perspective", "added_by"]
    list_filter = ["owner", "perspective"]


@admin.register(Link)
class LinkAdmin(AdminsReadOnly):
    list_display = ["source", "target", "polarity", "system_map", "perspective", "added_by"]


@admin.register(Change)
class ChangeAdmin(AdminsReadOnly):
    list_display = ["summary", "system_map", "user", "perspective", "created_at", "undone_at"]
    list_filter = ["action", "perspective"]
