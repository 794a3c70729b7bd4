"""Invite people by email to an object of a registered kind, list and manage pending invitations, accept one.

Who may invite is the kind's business (its `get_for_inviter`: 404 for outsiders, 403 for members who may not).
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.accounts.models import User
from joinedup.accounts.services import user_create
from joinedup.core.ratelimits import by_address, by_user, rate_limited
from joinedup.invitations import services
from joinedup.invitations.forms import InviteForm, SignUpForm
from joinedup.invitations.models import Invitation
from joinedup.invitations.registry import Invitable, invitable_for
from joinedup.invitations.selectors import invitations_pending


def _invitable(kind: str) -> Invitable:
    try:
        return invitable_for(kind)
    except LookupError:
        raise Http404("No such kind of invitation") from None


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("add-person", by_user)
def invite(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    invitable = _invitable(kind)
    obj = invitable.get_for_inviter(signed_in(request), object_id)
    form = InviteForm(request.POST or None, request.FILES or None, roles=list(invitable.roles))
    if request.method == "POST" and form.is_valid():
        emails = form.cleaned_data["emails"]
        services.invitations_create(
            kind=kind,
            object_id=object_id,
            emails=emails,
            role=form.cleaned_data["role"],
            actor=signed_in(request),
        )
        # The same answer whether or not each address has an account.
        n = len(emails)
        messages.success(request, f"{n} invitation{'s' if n != 1 else ''} will be emailed in a moment.")
        return redirect("invitations:invite", kind, object_id)
    context = {
        "invitable": invitable,
        "obj": obj,
        "title": invitable.title(obj),
        "form": form,
        "pending": [
            (i, dict(invitable.roles).get(i.role, i.role))
            for i in invitations_pending(kind=kind, object_id=object_id)
        ],
    }
    return render(request, "invitations/invite.html", context)


def _manage(
    request: HttpRequest, invitation_id: int, action: Callable[..., Invitation], done: str
) -> HttpResponse:
    """Resend or withdraw one pending invitation, if this person may invite to its object; back to the list."""
    invitation = get_object_or_404(Invitation, pk=invitation_id)
    _invitable(invitation.kind).get_for_inviter(signed_in(request), invitation.object_id)
    try:
        action(invitation=invitation, actor=signed_in(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done.format(email=invitation.email))
    return redirect("invitations:invite", invitation.kind, invitation.object_id)


@login_required
@require_POST
@rate_limited("add-person", by_user)
def resend(request: HttpRequest, invitation_id: int) -> HttpResponse:
    done = "The invitation to {email} will be sent again; the old link no longer works."
    return _manage(request, invitation_id, services.invitation_resend, done)


@login_required
@require_POST
def withdraw(request: HttpRequest, invitation_id: int) -> HttpResponse:
    done = "The invitation to {email} is withdrawn; its link no longer works."
    return _manage(request, invitation_id, services.invitation_withdraw, done)


def _unusable(request: HttpRequest) -> HttpResponse:
    return render(request, "invitations/unusable.html", status=410)


def _accepted(request: HttpRequest, token: str, user: User) -> HttpResponse:
    try:
        obj = services.invitation_accept(token=token, user=user)
    except ValidationError:
        return _unusable(request)
    messages.success(request, "You accepted the invitation. Welcome.")
    return redirect(obj.get_absolute_url())


@require_http_methods(["GET", "POST"])
@rate_limited("sign-in", by_address)
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone with the link: sign up with the invited address (or sign in as it first) and accept; a used
    or old link is refused, and an account with another address is told whose the invitation is."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _unusable(request)
    invitable = _invitable(invitation.kind)
    obj = invitable.get(invitation.object_id)
    context = {
        "invitation": invitation,
        "invitable": invitable,
        "title": invitable.title(obj),
        "role": dict(invitable.roles).get(invitation.role, invitation.role),
        "sign_in_url": reverse("accounts:sign-in") + "?next=" + request.path,
    }
    if request.user.is_authenticated:
        user = signed_in(request)
        if not services.is_invited_address(invitation, user):
            # Said to the holder of the link only: they may see the address it was sent to, as in the email.
            return render(request, "invitations/accept.html", {**context, "other_account": user}, status=403)
        if request.method == "POST":
            return _accepted(request, token, user)
        return render(request, "invitations/accept.html", context)
    form = SignUpForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        # The person holding the link controls this mailbox, so they may learn it already has an account.
        if User.objects.filter(email=invitation.email).exists():
            form.add_error(None, "An account already uses this address: sign in to accept the invitation.")
        else:
            user = user_create(
                email=invitation.email, name=form.cleaned_data["name"], password=form.cleaned_data["password"]
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _accepted(request, token, user)
    return render(request, "invitations/accept.html", {**context, "form": form})
