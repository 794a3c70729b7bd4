from typing import Any

from django.http import HttpRequest
from django.urls import reverse

# (label, url name, path prefix that marks it active)
NAV = [
    ("Home", "core:dashboard", "/dashboard"),
    ("People", "people:directory", "/people"),
    ("Places", "places:list", "/places"),
    ("Situations", "situations:list", "/situations"),
    ("Introductions", "matching:home", "/matching"),
    ("Partnerships", "partnerships:list", "/partnerships"),
    ("Learning", "learning:library", "/learning"),
]


def service(request: HttpRequest) -> dict[str, Any]:
    items = [
        {"label": label, "url": reverse(name), "active": request.path.startswith(prefix)}
        for label, name, prefix in NAV
    ]
    return {"nav_items": items}
