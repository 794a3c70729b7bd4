from typing import Any

from django.http import HttpRequest

from joinedup.notifications.selectors import unread_count


def unread(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the header (one indexed count per page, for signed-in people only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": lambda: unread_count(user)}
