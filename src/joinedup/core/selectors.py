"""What the dashboard shows: one function per panel, so apps can add theirs."""

from typing import Any

from joinedup.core.panels import panels_for
from joinedup.situations.models import Situation


def dashboard_for(user: Any) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    situations = Situation.objects.filter(memberships__user=user).order_by("-created_at")[:10]
    return {"profile": profile, "situations": situations, "panels": panels_for("dashboard", user, user)}
