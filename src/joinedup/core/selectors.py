"""What the dashboard shows: the apps' panels (your situations, introductions, partnerships) and your profile."""

from typing import Any

from joinedup.accounts.actors import Actor
from joinedup.core.panels import panels_for


def dashboard_for(user: Actor) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    return {"profile": profile, "panels": panels_for("dashboard", user, user)}
