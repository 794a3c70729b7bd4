"""Admin for coordinators.

Health-check responses and invitations have no admin page at all, and health checks are read-only here (no
reopening a closed round, no deleting its answers). Who takes part, and who leads, changes only through the
partnership's own pages (services.partnership_add_participant / _remove_participant), which keep the history the
audit page shows; the admin lists the people read-only.
"""

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
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


class ParticipantInline(admin.TabularInline[Participant, Partnership]):
    model = Participant
    extra = 0
    fields = ["user", "organisation", "side", "role", "represents", "conflicts", "left_on"]
    readonly_fields = ["user", "organisation", "side", "role", "represents", "conflicts", "left_on"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ChampionInline(admin.TabularInline[Champion, Partnership]):
    model = Champion
    extra = 0
    raw_id_fields = ["user", "organisation"]


class CostInline(admin.TabularInline[CostLine, Partnership]):
    model = CostLine
    extra = 0


class DeliverableInline(admin.TabularInline[Deliverable, Partnership]):
    model = Deliverable
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin[Partnership]):
    list_display = ["title", "kind", "state", "programme", "planned_exit_date"]
    list_filter = ["state", "kind", "programme"]
    search_fields = ["title", "shared_outcome"]
    inlines = [ParticipantInline, ChampionInline, CostInline, DeliverableInline]
    raw_id_fields = ["created_by", "confirmations_withdrawn_by"]
    filter_horizontal = ["places"]


@admin.register(HealthCheck)
class HealthCheckAdmin(admin.ModelAdmin[HealthCheck]):
    """Dates only, read-only: a round's answers are never shown here, and a closed round cannot be reopened."""

    list_display = ["partnership", "opens_on", "closes_on", "closed_early_on"]
    fields = ["partnership", "opens_on", "closes_on", "closed_early_on"]
    readonly_fields = ["partnership", "opens_on", "closes_on", "closed_early_on"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
