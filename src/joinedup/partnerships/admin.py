"""Admin for coordinators. Responses appear with no link to a person; the token table is not shown at all."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from joinedup.partnerships.models import (
    Champion,
    CostLine,
    Deliverable,
    HealthCheck,
    Participant,
    Partnership,
    Programme,
    Response,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "created_at"]
    search_fields = ["name"]


class ParticipantInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Participant
    extra = 0
    fields = ["user", "organisation", "side", "role", "represents", "conflicts", "left_on"]
    raw_id_fields = ["user", "organisation"]


class ChampionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Champion
    extra = 0
    raw_id_fields = ["user", "organisation"]


class CostInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CostLine
    extra = 0


class DeliverableInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Deliverable
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    list_display = ["title", "kind", "state", "programme", "planned_exit_date"]
    list_filter = ["state", "kind", "programme"]
    search_fields = ["title", "shared_outcome"]
    inlines = [ParticipantInline, ChampionInline, CostInline, DeliverableInline]
    raw_id_fields = ["created_by", "confirmations_withdrawn_by"]
    filter_horizontal = ["places"]


@admin.register(HealthCheck)
class HealthCheckAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["partnership", "opens_on", "closes_on", "closed_early_on", "frontline_link_enabled"]
    exclude = ["created_by"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only and person-free: side, day, rounded duration and answers only."""

    list_display = ["check_round", "side", "answered_on", "duration_seconds"]
    list_filter = ["side"]
    fields = ["check_round", "side", "answered_on", "duration_seconds", "answers", "talk_about"]
    readonly_fields = ["check_round", "side", "answered_on", "duration_seconds", "answers", "talk_about"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
