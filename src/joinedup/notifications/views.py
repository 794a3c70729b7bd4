"""The inbox, email preferences, the failed-sends page for coordinators, and one-click unsubscribe."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.notifications import services
from joinedup.notifications.forms import PreferencesForm
from joinedup.notifications.mail import unsubscribe_read
from joinedup.notifications.models import Kind
from joinedup.notifications.selectors import deliveries_failed, notifications_of, preferences_of, schedule_of


@login_required
@require_http_methods(["GET"])
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_of(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(notifications_of(request.user), pk=notification_id)
    services.notifications_mark_read(user=signed_in(request), ids=[notification.pk])
    if not url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect("notifications:inbox")
    return redirect(notification.url)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=signed_in(request))
    messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    hour, weekday = schedule_of(request.user)
    initial = {
        "hour": hour,
        "weekday": weekday,
        **{f"kind_{k}": f for k, f in preferences_of(request.user).items()},
    }
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(
            user=signed_in(request),
            frequencies=form.frequencies(),
            hour=form.cleaned_data["hour"],
            weekday=form.cleaned_data["weekday"],
        )
        messages.success(request, "Your email preferences are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def failed(request: HttpRequest) -> HttpResponse:
    """Emails that could not be sent after every retry: for coordinators (the notifications stay in inboxes)."""
    if not signed_in(request).is_coordinator:
        raise PermissionDenied("Only coordinators can see failed emails")
    page = Paginator(deliveries_failed(), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/failed.html", {"page": page})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookie or CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in every notification email. GET asks; POST (the button, or the mail client's one click)
    turns the emails off. The signature is the permission: nobody can unsubscribe someone else."""
    try:
        user_id, kind = unsubscribe_read(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"bad": True}, status=400)
    label = "all Joined Up emails" if kind == "all" else f"emails about “{Kind(kind).label.lower()}”"
    if request.method == "POST":
        services.unsubscribe(user_id=user_id, kind=kind)
        return render(request, "notifications/unsubscribe.html", {"done": True, "label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label})
