from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from joinedup.places.models import Organisation, Place, PlaceKnowledge


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin[Place]):
    list_display = ["name", "gss_code", "kind_name", "nation", "region", "is_current"]
    list_filter = ["is_current", "nation", "region", "kind_name"]
    search_fields = ["name", "official_name", "gss_code", "code"]
    raw_id_fields = ["county", "combined_authority"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "sector", "source", "is_active"]
    list_filter = ["is_active", "sector", "kind", "source"]
    search_fields = ["name", "abbreviation", "slug"]
    raw_id_fields = ["place", "parent"]
    readonly_fields = ["sector"]  # follows from the kind


@admin.register(PlaceKnowledge)
class PlaceKnowledgeAdmin(SimpleHistoryAdmin[PlaceKnowledge]):
    list_display = ["place", "updated_by", "updated_at"]
    raw_id_fields = ["place", "updated_by"]
