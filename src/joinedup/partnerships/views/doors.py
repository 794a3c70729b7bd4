"""The doors every partnership page goes through: members only (404 for anyone else), leads for changes."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.partnerships import selectors
from joinedup.partnerships.models import Partnership


def _get_partnership_for_user(request: HttpRequest, partnership_id: int) -> Partnership:
    """The one door to a partnership: 404 for anyone who is not in it, so outsiders cannot tell it exists."""
    partnership = selectors.partnerships_visible_to(request.user).filter(pk=partnership_id).first()
    if partnership is None:
        raise Http404("No such partnership")
    return partnership


def _get_lead_partnership(request: HttpRequest, partnership_id: int) -> Partnership:
    partnership = _get_partnership_for_user(request, partnership_id)
    if not selectors.is_lead(user=request.user, partnership=partnership):
        raise PermissionDenied("Only the partnership's leads can do this")
    return partnership


def _simple_form(
    request: HttpRequest,
    partnership: Partnership,
    form: forms.BaseForm,
    heading: str,
    save: Callable[[dict[str, Any]], None],
) -> HttpResponse:
    """A form page that saves through `save` and goes back to the partnership; a refusal shows on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("partnerships:detail", partnership.pk)
    return render(
        request, "partnerships/form.html", {"partnership": partnership, "form": form, "heading": heading}
    )


def _ask_first(
    request: HttpRequest,
    partnership: Partnership,
    *,
    heading: str,
    explain: list[str],
    button: str,
    back: str,
) -> HttpResponse | None:
    """Irreversible actions take two steps: a POST without the confirmation shows what will happen and asks (so
    one click never does it); the page's button posts again with it. None once confirmed."""
    if request.POST.get("confirmed") == "yes":
        return None
    context = {
        "partnership": partnership,
        "heading": heading,
        "explain": explain,
        "button": button,
        "back": back,
        "action": request.path,
    }
    return render(request, "partnerships/confirm.html", context)
