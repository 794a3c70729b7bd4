"""Situations in the Django admin: for admins only. Coordinators curate shared data, but situations are
private to their members, so the admin hides them from everyone but admins."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from joinedup.situations.models import Membership, Situation


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


class MembershipInline(AdminsOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Situation)
class SituationAdmin(AdminsOnly, SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["title", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "framing"]
    filter_horizontal = ["places", "policy_areas"]
    inlines = [MembershipInline]
