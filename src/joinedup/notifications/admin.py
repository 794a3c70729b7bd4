from django.contrib import admin

from joinedup.notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    """Emails sent or to be sent; a failed one says why (its notifications are still in the inbox)."""

    list_display = ["key", "recipient", "frequency", "status", "attempts", "error", "created_at", "sent_at"]
    list_filter = ["status", "frequency"]
    search_fields = ["key", "recipient__email"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
