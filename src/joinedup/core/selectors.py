"""What the dashboard shows: the apps' panels (your situations, introductions, partnerships) and your profile."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from joinedup.core.panels import panels_for


def dashboard_for(user: AbstractBaseUser | AnonymousUser) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    return {"profile": profile, "panels": panels_for("dashboard", user, user)}
