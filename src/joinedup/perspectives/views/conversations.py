"""Members' pages for conversations: list, open, detail, edit, a new link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.perspectives import selectors, services
from joinedup.perspectives.forms import (
    ConversationCreateForm,
    ConversationSettingsForm,
)
from joinedup.perspectives.views.doors import _get_conversation_for_user, _get_situation_for_user
from joinedup.situations.selectors import is_convener


# Same opening as reports.export (door, then a context dict): short views of one shape.
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


# Same form-view opening as participation.statement_upload: different door, form and service.
@login_required
@require_http_methods(["GET", "POST"])
def conversation_create(request: HttpRequest, situation_id: int) -> HttpResponse:
    situation = _get_situation_for_user(request, situation_id, convener=True)
    form = ConversationCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_create(
                situation=situation,
                created_by=signed_in(request),
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


# Same edit-view shape as situations.views.edit: different door, form, service and template (short views of
# one shape, see docs/architecture.md).
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
