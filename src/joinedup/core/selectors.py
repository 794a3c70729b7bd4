"""What the dashboard shows: the apps' panels (your situations, introductions, partnerships) and your profile."""

from typing import Any

from joinedup.core.panels import panels_for


def dashboard_for(user: Any) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    return {"profile": profile, "panels": panels_for("dashboard", user, user)}
