"""Emails of matching: introductions (the only place contact details are shared), not-matched notes, nudges.

Sent after the publishing transaction has committed, one message per person; a failure to send one is logged
and does not undo the round.
"""

import logging
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import get_template

from joinedup.matching.models import Application, Match, MatchRound, Unmatched
from joinedup.notifications.mail import site_url
from joinedup.people.models import Profile

log = logging.getLogger(__name__)


def _send(
    to: Profile, subject: str, template: Any, context: dict[str, Any], calendar: bytes | None = None
) -> None:
    body = template.render({**context, "to": to, "site": site_url()})
    message = EmailMessage(subject, body, None, [to.user.email])
    if calendar is not None:
        # text/calendar with method=REQUEST: mail clients offer "add to calendar" for the proposed time.
        message.attach("invitation.ics", calendar, "text/calendar; method=REQUEST; charset=utf-8")
    try:
        message.send()
    except Exception:  # a mail outage must not undo what was published; the page still shows it
        log.exception("Could not send %r to profile %s", subject, to.pk)


def send_introductions(round: MatchRound, matches: Sequence[Match]) -> None:
    from joinedup.matching.selectors import match_ics, match_reasons, meeting_plan, partners_of

    # One template object for the whole batch: loading it per message costs more than rendering it.
    template = get_template("matching/emails/introduction.txt")
    for match in matches:
        plan = meeting_plan(match)
        calendar = match_ics(match, plan)
        for person in partners_of(match, None):
            context = {
                "round": round,
                "match": match,
                "partners": partners_of(match, person),
                "reasons": match_reasons(match, person),
                "arranging": match.arranger_id == person.pk,
                "times": plan.times,
            }
            _send(person, f"Your introduction: {round.name}", template, context, calendar)


def send_not_matched(round: MatchRound, unmatched: Sequence[Unmatched]) -> None:
    template = get_template("matching/emails/not_matched.txt")
    for u in unmatched:
        context = {"round": round, "reason": u.reason, "waiting": u.waiting}
        _send(u.profile, f"No introduction this time: {round.name}", template, context)


def send_nudge(match: Match, to: Profile, by: Profile) -> None:
    context = {"match": match, "by": by}
    _send(to, "Your introduction is waiting for you", get_template("matching/emails/nudge.txt"), context)


def send_allocation(application: Application) -> None:
    from joinedup.matching.selectors import secondment_ics

    template = get_template("matching/emails/allocation.txt")
    subject = f"Secondments: {application.scheme.name}"
    _send(application.applicant, subject, template, {"application": application}, secondment_ics(application))


def send_follow_up(match: Match, to: Profile) -> None:
    """A week after the introduction: did you meet? One click to say."""
    template = get_template("matching/emails/follow_up.txt")
    _send(to, f"Did you meet? {match.round.name}", template, {"match": match})
