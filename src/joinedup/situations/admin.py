"""Situations in the Django admin: for admins only. Coordinators curate shared data, but situations are
private to their members, so the admin hides them from everyone but admins."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from joinedup.core.admin import AdminsOnly
from joinedup.situations.models import Membership, Situation


class MembershipInline(AdminsOnly, admin.TabularInline[Membership, Situation]):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Situation)
class SituationAdmin(AdminsOnly, SimpleHistoryAdmin[Situation]):
    list_display = ["title", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "framing"]
    filter_horizontal = ["places", "policy_areas"]
    inlines = [MembershipInline]
