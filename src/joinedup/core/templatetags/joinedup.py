from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from joinedup.core.forms import widget_kind as _widget_kind
from joinedup.core.illustrative import is_illustrative

register = template.Library()


@register.filter
def widget_kind(field: BoundField) -> str:
    return _widget_kind(field.field.widget)


@register.filter
def describedby(field: BoundField) -> SafeString:
    """Render the widget with aria-describedby pointing at its hint and error message."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    attrs: dict[str, str | bool] = {"aria-describedby": " ".join(ids)} if ids else {}
    return field.as_widget(attrs=attrs)


@register.filter
def illustrative(obj: object) -> bool:
    """`{% if profile|illustrative %}`: demo data, to be marked as illustrative (core.illustrative)."""
    return is_illustrative(obj)


@register.inclusion_tag("includes/illustrative.html")
def illustrative_banner(obj: object, what: str = "This") -> dict[str, object]:
    """A banner over a demo object's page saying it is made up."""
    return {"show": is_illustrative(obj), "what": what}
