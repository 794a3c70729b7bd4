"""A conversation's report and summary, and its Pol.is exports."""

import tempfile
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from joinedup.perspectives import selectors, services
from joinedup.perspectives.charts import opinion_map_svg
from joinedup.perspectives.models import Conversation
from joinedup.perspectives.polis_io import PolisExport, polis_export_write
from joinedup.perspectives.views.doors import _get_conversation_for_user


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
