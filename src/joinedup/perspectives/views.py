"""Conversation pages. Members' pages fetch the conversation through `_get_conversation_for_user` (outsiders
get 404); the anonymous pages fetch it through `_get_conversation_for_link` (404 unless the link is on)."""

import tempfile
import zipfile
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joinedup.perspectives import selectors, services
from joinedup.perspectives.charts import opinion_map_svg
from joinedup.perspectives.forms import (
    ConversationCreateForm,
    ConversationSettingsForm,
    ModerateForm,
    PerspectiveForm,
    StatementForm,
    StatementUploadForm,
    VoteForm,
)
from joinedup.perspectives.models import Conversation, Participant, Statement
from joinedup.perspectives.polis_io import PolisExport, polis_export_write
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


def _member_participant(request: HttpRequest, conversation: Conversation) -> Participant | None:
    """The member's participant (created when first needed); None for an admin who is not a member."""
    if membership_of(user=request.user, situation=conversation.situation) is None:
        return None
    return services.participant_for_member(conversation=conversation, user=request.user)


# --- members' pages -------------------------------------------------------------------------------------


@login_required
@require_GET
def conversation_list(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id)
    context = {
        "situation": situation,
        "conversations": selectors.conversations_of_situation(situation),
        "can_convene": is_convener(user=request.user, situation=situation),
    }
    return render(request, "perspectives/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id, convener=True)
    form = ConversationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_create(
                situation=situation,
                created_by=request.user,
                **{k: form.cleaned_data[k] for k in ("title", "question", "seed_statements")},
                anonymous_enabled=form.cleaned_data["anonymous_enabled"],
                members_add_statements=form.cleaned_data["members_add_statements"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"You opened “{conversation.title}”.")
            return redirect(conversation.get_absolute_url())
    return render(request, "perspectives/create.html", {"situation": situation, "form": form})


@login_required
@require_GET
def detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id)
    participant = selectors.participant_of_member(conversation=conversation, user=request.user)
    can_convene = is_convener(user=request.user, situation=conversation.situation)
    context = {
        "conversation": conversation,
        "situation": conversation.situation,
        "progress": selectors.progress_of(conversation=conversation, participant=participant),
        "can_convene": can_convene,
        "queue_count": selectors.moderation_queue(conversation).count() if can_convene else 0,
        "report": selectors.report_latest(conversation),
        "link": request.build_absolute_uri(reverse("perspectives:join", args=[conversation.anonymous_token])),
    }
    return render(request, "perspectives/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id, convener=True)
    form = ConversationSettingsForm(request.POST or None, instance=conversation)
    if request.method == "POST" and form.is_valid():
        services.conversation_update(conversation, **form.cleaned_data)
        messages.success(request, "Your changes are saved.")
        return redirect(conversation.get_absolute_url())
    return render(request, "perspectives/edit.html", {"conversation": conversation, "form": form})


@login_required
@require_POST
def new_link(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id, convener=True)
    services.conversation_new_link(conversation)
    messages.success(request, "There is a new private link. The old one no longer works.")
    return redirect(conversation.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
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
                conversation=conversation, actor=request.user, texts=form.cleaned_data["texts"]
            )
        except ValidationError as exc:
            form.add_error("statements", exc)
        else:
            messages.success(request, f"Added {len(added)} statement{'s' if len(added) != 1 else ''}.")
            return redirect(conversation.get_absolute_url())
    return render(request, "perspectives/upload.html", {"conversation": conversation, "form": form})


@login_required
@require_GET
def moderation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id, convener=True)
    context = {
        "conversation": conversation,
        "queue": selectors.moderation_queue(conversation),
        "rejected": conversation.statements.filter(status="rejected").order_by("number"),
    }
    return render(request, "perspectives/moderation.html", context)


@login_required
@require_POST
def moderate(request: HttpRequest, conversation_id: int, statement_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id, convener=True)
    statement = get_object_or_404(Statement, pk=statement_id, conversation=conversation)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or reject")
        return redirect("perspectives:moderation", conversation.pk)
    approve = form.cleaned_data["decision"] == "approve"
    services.statement_moderate(statement=statement, actor=request.user, approve=approve)
    messages.success(request, f"{'Approved' if approve else 'Rejected'}: “{statement.text}”")
    return redirect("perspectives:moderation", conversation.pk)


@login_required
@require_GET
def report(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id)
    return render(request, "perspectives/report.html", _report_context(conversation))


@login_required
@require_GET
def summary(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = _get_conversation_for_user(request, conversation_id)
    return render(request, "perspectives/summary.html", _report_context(conversation))


def _report_context(conversation: Conversation) -> dict[str, Any]:
    latest = selectors.report_latest(conversation)
    view = selectors.report_view(latest) if latest else None
    names = {g.id: g.name for g in view.groups} if view else {}
    return {
        "conversation": conversation,
        "view": view,
        "pending": selectors.report_pending(conversation),
        "map_svg": opinion_map_svg(ident="opinion-map", points=view.points, group_names=names)
        if view
        else "",
        "group_names": names,
    }


@login_required
@require_GET
def export(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The downloads, each with what it holds; the full one is offered to the conversation's owners only."""
    conversation = _get_conversation_for_user(request, conversation_id)
    context = {
        "conversation": conversation,
        "is_owner": selectors.conversation_is_owner(user=request.user, conversation=conversation),
    }
    return render(request, "perspectives/export.html", context)


@login_required
@require_GET
def export_votes(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Any member's download: pseudonymous participants (new ones each time), times to the day."""
    conversation = _get_conversation_for_user(request, conversation_id)
    export = services.conversation_export_for_members(conversation)
    return _polis_zip(export, f"conversation-{conversation.pk}-votes.zip")


@login_required
@require_GET
def export_full(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The owners' download: every statement with its author, real participant numbers, exact times."""
    conversation = _get_conversation_for_user(request, conversation_id, owner=True)
    return _polis_zip(services.conversation_export(conversation), f"conversation-{conversation.pk}-full.zip")


def _polis_zip(export: PolisExport, filename: str) -> HttpResponse:
    """A zip of comments.csv, votes.csv and participants-votes.csv in Pol.is's openData layout."""
    buffer = BytesIO()
    with tempfile.TemporaryDirectory() as tmp:
        polis_export_write(tmp, export)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in ("comments.csv", "votes.csv", "participants-votes.csv"):
                archive.write(Path(tmp) / name, arcname=name)
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the anonymous link ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
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


@require_http_methods(["GET", "POST"])
def link_vote(request: HttpRequest, token: str) -> HttpResponse:
    conversation = _get_conversation_for_link(token)
    participant = _anonymous_participant(request, conversation)
    if participant is None:
        return redirect("perspectives:join", token)
    return _vote_page(
        request,
        conversation,
        participant,
        here=reverse("perspectives:link-vote", args=[token]),
        add_url=reverse("perspectives:link-statement-add", args=[token]),
        can_add=conversation.is_open and conversation.members_add_statements,
    )


@require_http_methods(["GET", "POST"])
def link_statement_add(request: HttpRequest, token: str) -> HttpResponse:
    conversation = _get_conversation_for_link(token)
    participant = _anonymous_participant(request, conversation)
    if participant is None:
        return redirect("perspectives:join", token)
    if not (conversation.is_open and conversation.members_add_statements):
        raise PermissionDenied("This conversation does not take new statements")
    return _statement_page(
        request, conversation, lambda: participant, back=reverse("perspectives:link-vote", args=[token])
    )
