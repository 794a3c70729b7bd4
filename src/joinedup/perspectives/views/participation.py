"""Members voting and adding statements (one at a time or uploaded)."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from joinedup.accounts.actors import signed_in
from joinedup.core.ratelimits import (
    by_user,
    rate_limited,
)
from joinedup.perspectives import selectors, services
from joinedup.perspectives.forms import (
    StatementForm,
    StatementUploadForm,
    VoteForm,
)
from joinedup.perspectives.models import Conversation, Participant
from joinedup.perspectives.views.doors import _get_conversation_for_user, _member_participant
from joinedup.situations.selectors import is_convener


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("participate", by_user)
def vote(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id)
    page = partial(
        _vote_page,
        request,
        conversation,
        here=reverse("perspectives:vote", args=[conversation.pk]),
        add_url=reverse("perspectives:statement-add", args=[conversation.pk]),
        can_add=_members_may_add(request, conversation),
    )
    if request.method == "GET":
        return page(selectors.participant_of_member(conversation=conversation, user=request.user))
    with transaction.atomic():
        participant = _member_participant(request, conversation)
        if participant is None:
            raise PermissionDenied("Only members of the situation vote")
        response = page(participant)
        # A refused vote (400) leaves nothing behind, not even the participant made to cast it.
        if response.status_code == 400:
            transaction.set_rollback(True)
        return response


def _members_may_add(request: HttpRequest, conversation: Conversation) -> bool:
    if not conversation.is_open:
        return False
    return conversation.members_add_statements or is_convener(
        user=request.user, situation=conversation.situation
    )


def _vote_page(
    request: HttpRequest,
    conversation: Conversation,
    participant: Participant | None,
    *,
    here: str,
    add_url: str,
    can_add: bool,
) -> HttpResponse:
    """Shared by members and anonymous participants: one statement at a time, a plain form, PRG on success."""
    status = 200
    if request.method == "POST":
        assert participant is not None
        form = VoteForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("Choose agree, disagree or pass")
            services.vote_cast(
                participant=participant, statement_id=form.cleaned_data["statement"], value=form.value()
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            status = 400
        else:
            return redirect(here, permanent=False)
    context = {
        "conversation": conversation,
        "statement": selectors.statement_next_for(conversation=conversation, participant=participant),
        "progress": selectors.progress_of(conversation=conversation, participant=participant),
        "here": here,
        "add_url": add_url,
        "can_add": can_add,
        "anonymous": not request.user.is_authenticated
        or participant is not None
        and participant.user is None,
    }
    return render(request, "perspectives/vote.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("participate", by_user)
def statement_add(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id)
    if not _members_may_add(request, conversation):
        raise PermissionDenied("This conversation does not take new statements")
    return _statement_page(
        request,
        conversation,
        lambda: _member_participant(request, conversation),
        back=reverse("perspectives:vote", args=[conversation.pk]),
    )


def _statement_page(
    request: HttpRequest, conversation: Conversation, get_participant: Any, *, back: str
) -> HttpResponse:
    form = StatementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # A refused statement leaves nothing behind, not even the participant made to add it.
            with transaction.atomic():
                participant = get_participant()
                if participant is None:
                    raise PermissionDenied("Only members of the situation add statements")
                services.statement_add(
                    conversation=conversation, participant=participant, text=form.cleaned_data["text"]
                )
        except ValidationError as exc:
            form.add_error("text", exc)
        else:
            messages.success(
                request, "Thank you. A convener will read your statement before others vote on it."
            )
            return redirect(back)
    return render(
        request, "perspectives/statement_add.html", {"conversation": conversation, "form": form, "back": back}
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_upload(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id, convener=True)
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.statements_add_seed(
                conversation=conversation, actor=signed_in(request), texts=form.cleaned_data["texts"]
            )
        except ValidationError as exc:
            form.add_error("statements", exc)
        else:
            messages.success(request, f"Added {len(added)} statement{'s' if len(added) != 1 else ''}.")
            return redirect(conversation.get_absolute_url())
    return render(request, "perspectives/upload.html", {"conversation": conversation, "form": form})
