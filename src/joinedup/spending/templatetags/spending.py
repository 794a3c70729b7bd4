"""Money as the count's pages show it."""

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def pounds(value: Decimal | None, places: int = 0) -> str:
    if value is None:
        return "–"
    return f"£{value:,.{int(places)}f}"


@register.filter
def signed_pounds(value: Decimal) -> str:
    return ("+" if value >= 0 else "−") + f"£{abs(value):,.0f}"


@register.filter
def shared_only(totals: list[Any]) -> list[Any]:
    return [t for t in totals if t.shared]


@register.filter
def thousands(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"
