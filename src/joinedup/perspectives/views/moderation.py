"""Moderating a conversation's statements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from joinedup.accounts.actors import signed_in
from joinedup.perspectives import selectors, services
from joinedup.perspectives.forms import (
    ModerateForm,
)
from joinedup.perspectives.models import Statement
from joinedup.perspectives.views.doors import _get_conversation_for_user


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
    services.statement_moderate(statement=statement, actor=signed_in(request), approve=approve)
    messages.success(request, f"{'Approved' if approve else 'Rejected'}: “{statement.text}”")
    return redirect("perspectives:moderation", conversation.pk)
