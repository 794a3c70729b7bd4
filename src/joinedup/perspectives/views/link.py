"""The anonymous link: joining, voting and adding statements without an account."""

import functools
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from joinedup.core.ratelimits import by_address, rate_limited
from joinedup.perspectives import services
from joinedup.perspectives.forms import PerspectiveForm
from joinedup.perspectives.models import Conversation, Participant
from joinedup.perspectives.views.doors import (
    COOKIE_MAX_AGE,
    COOKIE_SALT,
    _anonymous_participant,
    _anonymous_rate_limited,
    _cookie_name,
    _get_conversation_for_link,
)
from joinedup.perspectives.views.participation import _statement_page, _vote_page
from joinedup.situations.selectors import membership_of


@require_http_methods(["GET", "POST"])
@rate_limited("participate-new:conversation", by_address)
def join(request: HttpRequest, token: str) -> HttpResponse:
    conversation = _get_conversation_for_link(token)
    if membership_of(user=request.user, situation=conversation.situation) is not None:
        # A member votes as themselves, so their votes are not counted twice under two identities.
        return redirect("perspectives:vote", conversation.pk)
    if _anonymous_participant(request, conversation) is not None:
        return redirect("perspectives:link-vote", token)
    form = PerspectiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participant = services.participant_anonymous_create(
            conversation=conversation, perspective=form.cleaned_data["perspective"]
        )
        response = redirect("perspectives:link-vote", token)
        response.set_signed_cookie(
            _cookie_name(conversation),
            participant.anonymous_key or "",
            salt=COOKIE_SALT,
            max_age=COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        return response
    return render(request, "perspectives/join.html", {"conversation": conversation, "form": form})


LinkView = Callable[[HttpRequest, str, Conversation, Participant], HttpResponse]


def _link_participant(request: HttpRequest, token: str) -> tuple[Conversation, Participant] | HttpResponse:
    """The conversation behind a link and the anonymous participant of this browser; or the response to send
    instead: to the join page for a browser that has not joined, or the rate limit's answer."""
    conversation = _get_conversation_for_link(token)
    participant = _anonymous_participant(request, conversation)
    if participant is None:
        return redirect("perspectives:join", token)
    if (limited := _anonymous_rate_limited(request, participant)) is not None:
        return limited
    return conversation, participant


def _as_link_participant(view: LinkView) -> Callable[[HttpRequest, str], HttpResponse]:
    """Give a link page its conversation and this browser's participant (see _link_participant)."""

    @functools.wraps(view)
    def page(request: HttpRequest, token: str) -> HttpResponse:
        found = _link_participant(request, token)
        if isinstance(found, HttpResponse):
            return found
        return view(request, token, *found)

    return page


@require_http_methods(["GET", "POST"])
@_as_link_participant
def link_vote(
    request: HttpRequest, token: str, conversation: Conversation, participant: Participant
) -> HttpResponse:
    return _vote_page(
        request,
        conversation,
        participant,
        here=reverse("perspectives:link-vote", args=[token]),
        add_url=reverse("perspectives:link-statement-add", args=[token]),
        can_add=conversation.is_open and conversation.members_add_statements,
    )


@require_http_methods(["GET", "POST"])
@_as_link_participant
def link_statement_add(
    request: HttpRequest, token: str, conversation: Conversation, participant: Participant
) -> HttpResponse:
    if not (conversation.is_open and conversation.members_add_statements):
        raise PermissionDenied("This conversation does not take new statements")
    return _statement_page(
        request, conversation, lambda: participant, back=reverse("perspectives:link-vote", args=[token])
    )
