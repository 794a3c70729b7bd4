"""Reads for meeting once introduced: times everyone can make and the calendar invitation that proposes one."""

from dataclasses import dataclass
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from joinedup.matching.calendar import Attendee, meeting_ics
from joinedup.matching.meetings import MINUTES, proposed_times
from joinedup.matching.models import Application, Match, Preference
from joinedup.notifications.mail import site_url
from joinedup.people.models import Profile


@dataclass(frozen=True)
class MeetingPlan:
    times: list[datetime]
    minutes: int

    @property
    def first(self) -> datetime | None:
        return self.times[0] if self.times else None


def _members(match: Match) -> list[Profile]:
    return [p for p in (match.person_a, match.person_b, match.third) if p is not None]


def _published_on(match: Match) -> date:
    when = match.round.published_at or timezone.now()
    return timezone.localdate(when)


def meeting_plan(match: Match) -> MeetingPlan:
    """Up to three times before the round's "meet by" date that suit everyone's stated half-days."""
    stated = dict(
        Preference.objects.filter(kind=match.round.kind, profile_id__in=match.member_ids).values_list(
            "profile_id", "availability"
        )
    )
    times = proposed_times(
        [stated.get(pk) or [] for pk in match.member_ids],
        after=_published_on(match),
        until=match.round.meet_by,
    )
    return MeetingPlan(times, MINUTES.get(match.round.kind, 30))


def _attendee(profile: Profile) -> Attendee:
    return Attendee(profile.user.name, profile.user.email)


def match_ics(match: Match, plan: MeetingPlan | None = None) -> bytes | None:
    """The introduction's calendar invitation, or None when no time suits everyone (the arranger picks one)."""
    plan = plan or meeting_plan(match)
    if plan.first is None:
        return None
    members = _members(match)
    names = " and ".join(p.user.name for p in members)
    others = "\n".join(f"- {t:%A %-d %B, %H:%M}" for t in plan.times[1:])
    description = (
        f"{match.round.name}: an introduction between {names}. "
        f"{match.arranger.user.name} arranges it; move it to any time that suits you all.\n"
        + (f"Other times you can all make:\n{others}\n" if others else "")
        + f"Afterwards, say whether you met: {site_url()}{reverse('matching:match-feedback', args=[match.pk])}"
    )
    return meeting_ics(
        uid=f"match-{match.pk}@joinedup",
        summary=f"Introduction: {names}",
        description=description,
        start=plan.first,
        minutes=plan.minutes,
        organiser=_attendee(match.arranger),
        attendees=[_attendee(p) for p in members],
        stamp=timezone.now(),
    )


def secondment_ics(application: Application) -> bytes | None:
    """A first meeting between the secondee and the host (and the host's named contact), proposed in the
    working days after the allocation; None when nothing was allocated."""
    opportunity = application.allocated
    if opportunity is None:
        return None
    times = proposed_times([], after=timezone.localdate())
    people = [_attendee(application.applicant), _attendee(opportunity.host)]
    if opportunity.contact_email and opportunity.contact_email != opportunity.host.user.email:
        people.append(
            Attendee(opportunity.contact_name or opportunity.contact_email, opportunity.contact_email)
        )
    return meeting_ics(
        uid=f"secondment-{application.pk}@joinedup",
        summary=f"Secondment: first meeting about {opportunity.title}",
        description=f"{opportunity.title} ({application.scheme.name}). Move it to any time that suits you.",
        start=times[0],
        minutes=MINUTES["secondment"],
        organiser=_attendee(opportunity.host),
        attendees=people,
        stamp=timezone.now(),
    )
