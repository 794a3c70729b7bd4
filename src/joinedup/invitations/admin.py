from django.contrib import admin

from joinedup.invitations.models import Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    """Invitations and how their emails went, for coordinators (read only; the link's secret is never shown)."""

    list_display = ["email", "kind", "object_id", "role", "status", "send_status", "send_error", "created_at"]
    list_filter = ["status", "send_status", "kind"]
    search_fields = ["email"]
    exclude = ["nonce", "token_digest"]
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name not in {"nonce", "token_digest"}]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
