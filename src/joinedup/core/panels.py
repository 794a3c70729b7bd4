"""Panels that other apps add to a place page or a situation page, without editing those apps' templates.

An app registers a function in its AppConfig.ready():

    panels.register("situation", conversations_panel)

The function takes (obj, user) and returns a Panel or None (None: nothing to show this user). The page
renders each panel's template with its context, in `order` (then registration order). The pages: "place" and
"place_aside" (the place page's main and side columns), "situation" and "dashboard".
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser


@dataclass
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


PanelFunction = Callable[[Any, Any], Panel | None]
_REGISTRY: dict[str, list[PanelFunction]] = {"place": [], "place_aside": [], "situation": [], "dashboard": []}


def register(page: str, func: PanelFunction) -> None:
    if func not in _REGISTRY[page]:
        _REGISTRY[page].append(func)


def panels_for(page: str, obj: Any, user: AbstractBaseUser | AnonymousUser) -> list[Panel]:
    found = [panel for func in _REGISTRY[page] if (panel := func(obj, user)) is not None]
    return sorted(found, key=lambda p: p.order)
