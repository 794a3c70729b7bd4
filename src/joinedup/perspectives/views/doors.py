"""The doors of perspectives' pages: every view fetches a conversation or participant through these."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from joinedup.accounts.actors import signed_in
from joinedup.core.ratelimits import (
    by_address,
    client_address,
    retry_after,
    too_many_requests,
)
from joinedup.perspectives import selectors, services
from joinedup.perspectives.models import Conversation, Participant
from joinedup.situations.models import Situation
from joinedup.situations.selectors import is_convener, membership_of, situation_get_for_user

COOKIE_SALT = "joinedup.perspectives.participant"
COOKIE_MAX_AGE = 365 * 24 * 3600


def _get_conversation_for_user(
    request: HttpRequest, conversation_id: int, *, convener: bool = False, owner: bool = False
) -> Conversation:
    """The conversation if this user may see its situation (404 otherwise); convener=True: 403 for members;
    owner=True: 403 for anyone but the conveners and the member who opened it."""
    conversation = selectors.conversation_get_for_user(user=request.user, conversation_id=conversation_id)
    if convener and not is_convener(user=request.user, situation=conversation.situation):
        raise PermissionDenied("Only the situation's conveners can do this")
    if owner and not selectors.conversation_is_owner(user=request.user, conversation=conversation):
        raise PermissionDenied("Only the conversation's owners can download the full export")
    return conversation


def _get_situation_for_user(request: HttpRequest, situation_id: int, *, convener: bool = False) -> Situation:
    situation = situation_get_for_user(user=request.user, situation_id=situation_id)
    if convener and not is_convener(user=request.user, situation=situation):
        raise PermissionDenied("Only the situation's conveners can do this")
    return situation


def _get_conversation_for_link(token: str) -> Conversation:
    return selectors.conversation_get_by_token(token=token)


def _cookie_name(conversation: Conversation) -> str:
    return f"ju_conversation_{conversation.pk}"


def _anonymous_participant(request: HttpRequest, conversation: Conversation) -> Participant | None:
    key = request.get_signed_cookie(_cookie_name(conversation), default=None, salt=COOKIE_SALT)
    return selectors.participant_by_key(conversation=conversation, key=key)


def _anonymous_rate_limited(request: HttpRequest, participant: Participant) -> HttpResponse | None:
    """Votes and statements count per anonymous participant (the one their signed cookie names) and address; a
    cookie not signed by us never reaches here, so made-up cookies cannot start fresh counters."""
    value = f"participant:{participant.pk}|{client_address(request)}"
    seconds = retry_after(request, "participate", by_address, increment=True, methods=["POST"], value=value)
    return too_many_requests(request, seconds) if seconds is not None else None


def _member_participant(request: HttpRequest, conversation: Conversation) -> Participant | None:
    """The member's participant (created when first needed); None for an admin who is not a member."""
    if membership_of(user=request.user, situation=conversation.situation) is None:
        return None
    return services.participant_for_member(conversation=conversation, user=signed_in(request))
