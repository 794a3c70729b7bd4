"""Writes of feedback on a match: met or not, connections made, rematches asked for."""

from django.core.exceptions import ValidationError
from django.db import transaction

from joinedup.matching import emails, selectors
from joinedup.matching.models import (
    Feedback,
    Match,
    Met,
    Preference,
)
from joinedup.people.models import Connection, Profile


def match_feedback_give(
    *, match: Match, profile: Profile, met: str, useful: str = "", comment: str = ""
) -> Feedback:
    """Record how an introduction went. Met pairs become connections; a no-show nudges the other person."""
    if met != Met.YES:
        useful = ""
    with transaction.atomic():
        feedback, _ = Feedback.objects.update_or_create(
            match=match, profile=profile, defaults={"met": met, "useful": useful, "comment": comment}
        )
        feedback.full_clean()
        if met == Met.YES:
            for other in selectors.partners_of(match, profile):
                connection_ensure(a=profile, b=other, source="match")
    if met == Met.NO_SHOW:
        for other in selectors.partners_of(match, profile):
            emails.send_nudge(match, other, profile)
    return feedback


def connection_ensure(*, a: Profile, b: Profile, source: str) -> Connection:
    low, high = sorted([a.pk, b.pk])
    connection, _ = Connection.objects.get_or_create(
        person_a_id=low, person_b_id=high, defaults={"source": source}
    )
    return connection


def match_rematch_request(*, match: Match, profile: Profile) -> Feedback:
    """After a no-show: the person goes into the next round of the kind; the pair is never matched again."""
    feedback = Feedback.objects.filter(match=match, profile=profile).first()
    if feedback is None or feedback.met != Met.NO_SHOW:
        raise ValidationError("You can ask for a rematch once you have told us the meeting did not happen.")
    feedback.rematch_requested = True
    feedback.save(update_fields=["rematch_requested", "updated_at"])
    Preference.objects.filter(profile=profile, kind=match.round.kind).update(active=True, paused_until=None)
    return feedback
