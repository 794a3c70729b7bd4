"""Writes of feedback on a match: met or not, connections made, rematches asked for."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.matching import emails, selectors
from joinedup.matching.models import (
    Feedback,
    FollowUp,
    Match,
    Met,
    Preference,
    RoundStatus,
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


# "Did you meet?" goes a week after the introduction; introductions older than five weeks are left alone, so
# the first run on an old site does not write to everyone ever introduced.
FOLLOW_UP_AFTER = timedelta(days=7)
FOLLOW_UP_UNTIL = timedelta(days=35)


def match_follow_ups_send(*, now: datetime | None = None) -> int:
    """Ask each person introduced a week ago, who has not said, whether they met. Returns the emails sent.

    The FollowUp row is written before the email goes, under a unique constraint: a second run, or two runs at
    once, never ask the same person twice about the same introduction.
    """
    now = now or timezone.now()
    due = Match.objects.filter(
        round__status=RoundStatus.PUBLISHED,
        round__published_at__lte=now - FOLLOW_UP_AFTER,
        round__published_at__gt=now - FOLLOW_UP_UNTIL,
    ).select_related("round", "person_a__user", "person_b__user", "third__user")
    sent = 0
    for match in due:
        answered = set(Feedback.objects.filter(match=match).values_list("profile_id", flat=True))
        asked = set(FollowUp.objects.filter(match=match).values_list("profile_id", flat=True))
        for person in selectors.partners_of(match, None):
            if person.pk in answered | asked or not _claim_follow_up(match, person):
                continue
            emails.send_follow_up(match, person)
            sent += 1
    return sent


def _claim_follow_up(match: Match, person: Profile) -> bool:
    try:
        with transaction.atomic():
            FollowUp.objects.create(match=match, profile=person)
    except IntegrityError:  # another run claimed it first
        return False
    return True
