"""Reads for a participant's matches: which they may see, and why its people were introduced."""

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from joinedup.accounts.actors import Actor
from joinedup.matching.compute import Person
from joinedup.matching.models import (
    Feedback,
    Match,
    MeetingMode,
    Preference,
    RoundStatus,
    Unmatched,
)
from joinedup.matching.selectors.rounds import RoundInputs, profile_of
from joinedup.people.models import Profile
from joinedup.places.models import Place


def _published_with(profile: Profile) -> Q:
    """Published matches this person is in."""
    mine = Q(person_a=profile) | Q(person_b=profile) | Q(third=profile)
    return mine & Q(round__status=RoundStatus.PUBLISHED)


def matches_visible_to(user: Actor) -> QuerySet[Match]:
    """Published matches this person is in (coordinators also see every match of every round)."""
    base = Match.objects.select_related(
        "round", "person_a__user", "person_b__user", "third__user", "arranger__user"
    )
    if getattr(user, "is_coordinator", False):
        return base
    profile = profile_of(user)
    if profile is None:
        return base.none()
    return base.filter(_published_with(profile))


def my_matches(user: Actor) -> QuerySet[Match]:
    profile = profile_of(user)
    if profile is None:
        return Match.objects.none()
    return matches_visible_to(user).filter(_published_with(profile)).order_by("-round__published_at")


def my_unmatched(user: Actor) -> QuerySet[Unmatched]:
    profile = profile_of(user)
    if profile is None:
        return Unmatched.objects.none()
    return Unmatched.objects.filter(profile=profile, round__status=RoundStatus.PUBLISHED).select_related(
        "round"
    )


def pending_feedback(user: Actor) -> list[Match]:
    """Published matches whose meeting date has come (or has none) and that this person has not yet told us about."""
    profile = profile_of(user)
    if profile is None:
        return []
    answered = Feedback.objects.filter(profile=profile).exclude(met="not_yet").values("match_id")
    due = Q(round__meet_by__isnull=True) | Q(round__meet_by__lte=timezone.localdate())
    return list(my_matches(user).filter(due).exclude(pk__in=answered)[:5])


def partners_of(match: Match, profile: Profile | None) -> list[Profile]:
    members = [p for p in (match.person_a, match.person_b, match.third) if p is not None]
    return [p for p in members if profile is None or p.pk != profile.pk]


def match_reasons(match: Match, viewer: Profile | None) -> list[str]:
    """Why these people were introduced, in plain words, from the viewer's side ("You both work on housing")."""
    members = [p for p in (match.person_a, match.person_b, match.third) if p is not None]
    reasons: list[str] = []
    for x, y in _pairs_to_explain(members, viewer):
        reasons += _pair_reasons(match, x, y, viewer, solo=len(members) == 2)
    for pk, sector in sorted(match.facts.get("worked", {}).items()):
        who = (
            "You have"
            if viewer is not None and int(pk) == viewer.pk
            else f"{_first_name(match, int(pk))} has"
        )
        reasons.append(f"{who} worked in {_SECTOR_WORDS.get(sector, sector)}")
    if not reasons:
        reasons.append("You work on different sides of the line, and this round is about meeting across it")
    return [r[0].upper() + r[1:] for r in reasons]


def _pairs_to_explain(members: list[Profile], viewer: Profile | None) -> list[tuple[Profile, Profile]]:
    if viewer is not None:
        return [(viewer, p) for p in members if p.pk != viewer.pk]
    return [(x, y) for i, x in enumerate(members) for y in members[i + 1 :]]


def _pair_reasons(match: Match, x: Profile, y: Profile, viewer: Profile | None, solo: bool) -> list[str]:
    facts = match.facts.get("pairs", {}).get(_pair_key(x.pk, y.pk), {})
    if viewer is not None:
        subject = "you both" if solo else f"you and {_first(y)}"
    else:
        subject = f"{_first(x)} and {_first(y)}"
    areas, places, regions = facts.get("policy_areas", []), facts.get("places", []), facts.get("regions", [])
    found = []
    if areas:
        where = f" in {_and(places)}" if places else (f" in {_and(regions)}" if regions else "")
        found.append(f"{subject} work on {_and([a.lower() for a in areas])}{where}")
    elif places:
        found.append(f"{subject} know {_and(places)}")
    elif regions:
        found.append(f"{subject} work in {_and(regions)}")
    if facts.get("text"):
        seeker = "you are" if viewer is not None else f"{_first(x)} is"
        found.append(f"what {_first(y)} can offer fits what {seeker} looking for, and the other way round")
    return found


def meeting_preferences(match: Match) -> dict[int, str]:
    """How each person of a match would like to meet, in words, for the match page (contact details are shared)."""
    prefs = Preference.objects.filter(profile_id__in=match.member_ids, kind=match.round.kind)
    words = {}
    for p in prefs:
        where = f", {p.location}" if p.location and p.mode != MeetingMode.ONLINE else ""
        words[p.profile_id] = f"{p.get_mode_display()}{where}"
    return words


_SECTOR_WORDS = {"central": "central government", "local": "a council", "other": "the wider public sector"}


def _first(profile: Profile) -> str:
    return profile.user.name.split(" ")[0] or profile.user.name


def _first_name(match: Match, pk: int) -> str:
    for p in (match.person_a, match.person_b, match.third):
        if p is not None and p.pk == pk:
            return _first(p)
    return "They"


def _and(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _pair_key(a: int, b: int) -> str:
    return f"{min(a, b)}-{max(a, b)}"


def match_facts(inputs: RoundInputs, pks: Sequence[int], parts: dict[str, float]) -> dict[str, Any]:
    """What the plain-words reasons are made of, for each pair of the match (a group of three has three pairs),
    kept with the match so later edits to profiles do not rewrite why people were introduced."""
    people = [inputs.by_pk[pk] for pk in pks]
    pairs = {}
    for i, x in enumerate(people):
        for j, y in enumerate(people[i + 1 :], start=i + 1):
            facts = _pair_facts(inputs, x, y)
            # The engine scores the text of the first pair; a third person's text fit is not known here.
            facts["text"] = (i, j) == (0, 1) and parts.get("text", 0.0) > 0.15
            pairs[_pair_key(pks[i], pks[j])] = facts
    worked = {}
    for pk, p in zip(pks, people, strict=True):
        others = {q.sector for q in people if q.id != p.id} - {p.sector}
        seen = sorted(inputs.experience.get(pk, set()) & others)
        if seen:
            worked[str(pk)] = seen[0]
    return {"pairs": pairs, "worked": worked}


def _pair_facts(inputs: RoundInputs, x: Person, y: Person) -> dict[str, Any]:
    shared = set(x.places) & set(y.places)
    regions = {inputs.regions.get(c, "") for c in x.places} & {
        inputs.regions.get(c, "") for c in y.places
    } - {""}
    return {
        "policy_areas": sorted(
            inputs.area_names.get(a, a) for a in set(x.policy_areas) & set(y.policy_areas)
        ),
        "places": sorted(inputs.place_names.get(c, c) for c in shared),
        "regions": [] if shared else sorted(regions),
    }


def _places_of(profile: Profile) -> set[Place]:
    found = set(profile.places.all())
    if profile.organisation and profile.organisation.place:
        found.add(profile.organisation.place)
    return found
