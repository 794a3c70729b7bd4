"""The job that emails an invitation, retrying a failed send with back-off before it gives up."""

from typing import Any

from django.urls import reverse

from joinedup.invitations.models import Invitation, InvitationStatus, SendStatus
from joinedup.invitations.registry import invitable_for
from joinedup.invitations.services import invitation_token, send_outcome_record
from joinedup.jobs.registry import JobFailed, ProgressReporter, job_handler
from joinedup.jobs.services import job_enqueue
from joinedup.notifications.mail import message_build, site_url

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60  # then 2, 4, 8 minutes


@job_handler("invitations.send")
def send_invitation(params: dict[str, Any], progress: ProgressReporter) -> dict[str, Any]:
    invitation = Invitation.objects.select_related("invited_by").get(pk=params["invitation_id"])
    attempt = int(params.get("attempt", 1))
    if invitation.status != InvitationStatus.PENDING or invitation.send_status == SendStatus.SENT:
        return {"skipped": invitation.status}
    invitable = invitable_for(invitation.kind)
    obj = invitable.get(invitation.object_id)
    link = site_url() + reverse("invitations:accept", args=[invitation_token(invitation)])
    message = message_build(
        to=invitation.email,
        subject=f"You are invited to a {invitable.label} on Joined Up",
        template="invitations/email/invitation",
        context={
            "invitation": invitation,
            "label": invitable.label,
            "title": invitable.title(obj),
            "link": link,
        },
    )
    Invitation.objects.filter(pk=invitation.pk).update(send_attempts=attempt)
    try:
        message.send()
    except Exception as exc:  # SMTP refused or unreachable: retry later; the invitation itself stays
        error = f"{type(exc).__name__}: {exc}"
        final = attempt >= MAX_ATTEMPTS
        send_outcome_record(invitation_id=invitation.pk, ok=False, error=error, final=final)
        if not final:
            job_enqueue(
                kind="invitations.send",
                params={"invitation_id": invitation.pk, "attempt": attempt + 1},
                delay_seconds=BACKOFF_SECONDS * 2 ** (attempt - 1),
            )
            return {"retrying": attempt + 1, "error": error}
        raise JobFailed(
            f"Could not send the invitation to {invitation.email} after {attempt} tries: {error}"
        ) from exc
    send_outcome_record(invitation_id=invitation.pk, ok=True)
    return {"sent": invitation.pk}
