"""Reads for a round: who is eligible, what the engine is given, and the preview a coordinator checks."""

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from joinedup.accounts.actors import Actor
from joinedup.matching.compute import PARTS, Person, RoundSettings, Weights, settings_for
from joinedup.matching.models import (
    Block,
    Feedback,
    Kind,
    Match,
    MatchRound,
    MeetingMode,
    MentoringRole,
    Preference,
    RoundStatus,
)
from joinedup.people.models import CareerEntry, Connection, PolicyArea, Profile
from joinedup.places.models import Place, Sector

# A mentoring match counts against the mentor's capacity for this long after its round is published.
MENTORING_SPAN = timedelta(days=365)
# Above this many in-person-only × online-only pairs the meeting mode is left to the introduction.
MAX_MODE_BLOCKS = 200_000
COPY_MARK = "~"
FILTER_IN_LIMIT = 500


def profile_of(user: Actor) -> Profile | None:
    return getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None


# Eligibility and the engine's inputs ---------------------------------------------------------------------------


def round_eligible_profiles(round: MatchRound) -> QuerySet[Profile]:
    """Active people opted in to the round's kind and not paused on its date, within its filters."""
    day = round.run_on or timezone.localdate()
    prefs = Preference.objects.filter(kind=round.kind, active=True).filter(
        Q(paused_until__isnull=True) | Q(paused_until__lt=day)
    )
    qs = Profile.objects.filter(user__is_active=True, pk__in=prefs.values("profile_id"))
    if round.sectors:
        qs = qs.filter(sector__in=round.sectors)
    places = list(round.places.all())
    if places or round.regions:
        where = Q(places__in=places) | Q(organisation__place__in=places)
        if round.regions:
            where |= Q(places__region__in=round.regions) | Q(organisation__place__region__in=round.regions)
        qs = qs.filter(pk__in=Profile.objects.filter(where).values("pk"))
    areas = list(round.policy_areas.all())
    if areas:
        qs = qs.filter(pk__in=Profile.objects.filter(policy_areas__in=areas).values("pk"))
    return qs.order_by("pk")


@dataclass
class RoundInputs:
    people: list[Person]
    profiles: dict[int, Profile]
    regions: dict[str, str]
    history: list[tuple[str, str]]
    blocked: list[tuple[str, str]]
    full_mentors: list[int] = field(default_factory=list)
    preferences: dict[int, Preference] = field(default_factory=dict)
    by_pk: dict[int, Person] = field(default_factory=dict)
    place_names: dict[str, str] = field(default_factory=dict)
    area_names: dict[str, str] = field(default_factory=dict)
    experience: dict[int, set[str]] = field(default_factory=dict)


def round_inputs(round: MatchRound) -> RoundInputs:
    """Everything the engine needs for `round`, as plain records.

    Places and policy areas are read as (profile, code) rows rather than prefetched model objects: a round of
    thousands would otherwise build a model instance for every place of every person.
    """
    eligible = round_eligible_profiles(round)
    profiles = {p.pk: p for p in eligible.select_related("user", "organisation")}
    ids = set(profiles)
    prefs = {
        p.profile_id: p
        for p in Preference.objects.filter(kind=round.kind, profile_id__in=eligible.values("pk"))
    }
    experience = career_sectors(ids)
    places, areas = _profile_codes(ids)
    place_rows = list(Place.objects.values_list("pk", "gss_code", "name", "region"))
    code_of = {pk: code for pk, code, _, _ in place_rows}
    copies, full = _mentor_copies(round, prefs)
    people: list[Person] = []
    by_pk: dict[int, Person] = {}
    for pk, profile in profiles.items():
        org = profile.organisation
        codes = places.get(pk, set()) | (
            {code_of[org.place_id]} if org and org.place_id in code_of else set()
        )
        role = prefs[pk].role if round.kind == Kind.MENTORING and pk in prefs else ""
        base = by_pk[pk] = Person(
            id=str(pk), sector=profile.sector, organisation=org.slug if org else "", level=profile.level,
            places=tuple(sorted(codes)), policy_areas=tuple(sorted(areas.get(pk, ()))), offers=profile.offers,
            seeks=profile.seeks, experience=frozenset(experience.get(pk, set())), role=role, name=profile.user.name,
            wants_group=pk in prefs and prefs[pk].group_of_three,
        )  # fmt: skip
        if pk not in full:
            people += [base] + [_copy(base, n) for n in range(1, copies.get(pk, 1))]
    engine_ids = {p.id for p in people}
    return RoundInputs(
        people, profiles, {code: region for _, code, _, region in place_rows if region},
        _expand(past_pairs(round, ids), engine_ids), _expand(blocked_pairs(ids, prefs), engine_ids), sorted(full),
        prefs, by_pk, {code: name for _, code, name, _ in place_rows},
        dict(PolicyArea.objects.values_list("slug", "name")), experience,
    )  # fmt: skip


def _profile_codes(ids: set[int]) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Each profile's place codes and policy-area slugs, from the link tables."""
    places: dict[int, set[str]] = {}
    links = filter_in(Profile.places.through.objects.all(), "profile_id", ids)
    for pk, code in links.values_list("profile_id", "place__gss_code"):
        if pk in ids:
            places.setdefault(pk, set()).add(code)
    areas: dict[int, set[str]] = {}
    links = filter_in(Profile.policy_areas.through.objects.all(), "profile_id", ids)
    for pk, slug in links.values_list("profile_id", "policyarea__slug"):
        if pk in ids:
            areas.setdefault(pk, set()).add(slug)
    return places, areas


def person_of(profile: Profile, experience: set[str], role: str = "") -> Person:
    """A profile as the engine's Person; `experience` is the sectors of past jobs."""
    places = {pl.gss_code for pl in profile.places.all()}
    place = profile.organisation.place if profile.organisation else None
    if place is not None:
        places.add(place.gss_code)
    return Person(
        id=str(profile.pk),
        sector=profile.sector,
        organisation=profile.organisation.slug if profile.organisation else "",
        level=profile.level,
        places=tuple(sorted(places)),
        policy_areas=tuple(sorted(a.slug for a in profile.policy_areas.all())),
        offers=profile.offers,
        seeks=profile.seeks,
        experience=frozenset(experience),
        role=role,
        name=profile.user.name,
    )


def filter_in(qs: QuerySet[Any], field: str, ids: Collection[int]) -> QuerySet[Any]:
    """`qs` narrowed to `ids` in SQL when they are few; with many the caller filters in Python instead, as
    SQLite limits the parameters of one query (and a long IN list is slow anywhere)."""
    return qs.filter(**{f"{field}__in": list(ids)}) if len(ids) <= FILTER_IN_LIMIT else qs


def career_sectors(profile_ids: Iterable[int]) -> dict[int, set[str]]:
    ids = set(profile_ids)
    found: dict[int, set[str]] = {}
    for pk, sector in filter_in(CareerEntry.objects.all(), "profile_id", ids).values_list(
        "profile_id", "sector"
    ):
        if pk in ids:
            found.setdefault(pk, set()).add(sector)
    return found


def profile_pk(person_id: str) -> int:
    """The profile behind an engine id (a mentor with room for several mentees appears once per place)."""
    return int(person_id.split(COPY_MARK, 1)[0])


def _copy(person: Person, n: int) -> Person:
    from dataclasses import replace

    return replace(person, id=f"{person.id}{COPY_MARK}{n}")


def _mentor_copies(round: MatchRound, prefs: dict[int, Preference]) -> tuple[dict[int, int], set[int]]:
    """How many places each mentor has left this round, and the mentors with none (capacity enforced)."""
    if round.kind != Kind.MENTORING:
        return {}, set()
    mentors = {pk: p.mentor_capacity for pk, p in prefs.items() if p.role == MentoringRole.MENTOR}
    since = timezone.now() - MENTORING_SPAN
    busy: Counter[int] = Counter()
    active = Match.objects.filter(
        round__kind=Kind.MENTORING, round__status=RoundStatus.PUBLISHED, round__published_at__gte=since
    ).exclude(feedback__met="no")
    for a, b in active.values_list("person_a_id", "person_b_id"):
        busy[a] += a in mentors
        busy[b] += b in mentors
    left = {pk: cap - busy[pk] for pk, cap in mentors.items()}
    return {pk: n for pk, n in left.items() if n > 0}, {pk for pk, n in left.items() if n <= 0}


def past_pairs(round: MatchRound, among: set[int]) -> list[tuple[int, int]]:
    """Pairs matched in the last `avoid_rounds` published rounds, and everyone already connected."""
    recent = MatchRound.objects.filter(status=RoundStatus.PUBLISHED).exclude(pk=round.pk)
    recent_ids = list(recent.order_by("-published_at").values_list("pk", flat=True)[: round.avoid_rounds])
    pairs: list[tuple[int, int]] = []
    for a, b, c in Match.objects.filter(round_id__in=recent_ids).values_list(
        "person_a_id", "person_b_id", "third_id"
    ):
        pairs += [(a, b)] + ([(a, c), (b, c)] if c else [])
    pairs += list(
        filter_in(Connection.objects.all(), "person_a_id", among).values_list("person_a_id", "person_b_id")
    )
    return [(x, y) for x, y in pairs if x in among and y in among]


def blocked_pairs(among: set[int], prefs: dict[int, Preference]) -> list[tuple[int, int]]:
    """Pairs someone ruled out, and pairs that cannot meet: one will only meet in person, the other only online."""
    blocks = filter_in(Block.objects.all(), "profile_id", among).values_list("profile_id", "blocked_id")
    pairs = [(a, b) for a, b in blocks if a in among and b in among]
    in_person = [pk for pk, p in prefs.items() if p.mode == MeetingMode.IN_PERSON]
    online = [pk for pk, p in prefs.items() if p.mode == MeetingMode.ONLINE]
    if len(in_person) * len(online) <= MAX_MODE_BLOCKS:
        pairs += [(x, y) for x in in_person for y in online]
    return pairs


def _expand(pairs: Iterable[tuple[int, int]], ids: set[str]) -> list[tuple[str, str]]:
    """Profile pairs as engine-id pairs, a mentor's every place included."""
    by_profile: dict[int, list[str]] = {}
    for i in ids:
        by_profile.setdefault(profile_pk(i), []).append(i)
    return [(x, y) for a, b in pairs for x in by_profile.get(a, ()) for y in by_profile.get(b, ())]


def round_settings(round: MatchRound) -> RoundSettings:
    """The engine's settings for a round: the kind's defaults, with the round's rules and any weights it sets."""
    base = settings_for(round.kind)
    weights = {**base.weights.as_dict(), **{k: float(v) for k, v in round.weights.items() if k in PARTS}}
    trios = round.trios and round.kind != Kind.MENTORING
    return settings_for(
        round.kind, line_rule=round.line_rule, seed=round.seed, trios=trios, weights=Weights(**weights)
    )


# Preview --------------------------------------------------------------------------------------------------------


def round_preview(round: MatchRound) -> dict[str, Any]:
    """The figures a coordinator checks before running: who is eligible, on which side, and any problem.

    Built from a few columns only (no places, texts or careers), so it stays quick on large rounds; the
    engine's `check_round` needs no more than sides, levels and roles.
    """
    eligible = round_eligible_profiles(round)
    rows = list(eligible.values_list("pk", "sector", "level"))
    prefs = {
        p.profile_id: p
        for p in Preference.objects.filter(kind=round.kind, profile_id__in=eligible.values("pk"))
    }
    copies, full = _mentor_copies(round, prefs)
    people: list[Person] = []
    for pk, sector, level in rows:
        if pk in full:
            continue
        role = prefs[pk].role if round.kind == Kind.MENTORING and pk in prefs else ""
        base = Person(id=str(pk), sector=sector, organisation="", level=level, role=role)
        people += [base] + [_copy(base, n) for n in range(1, copies.get(pk, 1))]
    among = {r[0] for r in rows}
    problems = round_problems(round, people)
    sides = Counter(sector for pk, sector, _ in rows if pk not in full)
    roles = Counter(p.role for p in people)
    return {
        "eligible": sum(sides.values()),
        "central": sides.get(Sector.CENTRAL, 0),
        "local": sides.get(Sector.LOCAL, 0),
        "other": sides.get(Sector.OTHER, 0),
        "mentor_places": roles.get("mentor", 0),
        "mentees": roles.get("mentee", 0),
        "full_mentors": len(full),
        "history_pairs": len(past_pairs(round, among)),
        "blocked_pairs": len(blocked_pairs(among, prefs)),
        "rematch_requests": rematch_requests(round.kind).count(),
        "problems": problems,
    }


def round_problems(round: MatchRound, people: Sequence[Person]) -> list[str]:
    """What stops `round` running with these people (the engine's `check_round` and the mentoring rule).

    The job checks the people it has already gathered with this, rather than building the preview again.
    """
    # Imported here, not at the top: the engine's rounds bring in scikit-learn (~2 s), which web start-up and
    # every page that does not match would otherwise pay for.
    from joinedup.matching.compute import check_round

    problems = check_round(people, round_settings(round))
    if round.kind == Kind.MENTORING:
        problems += _mentoring_problems(people)
    return problems


def _mentoring_problems(people: Sequence[Person]) -> list[str]:
    roles = Counter(p.role for p in people)
    if not roles.get("mentor") or not roles.get("mentee"):
        return [
            f"A mentoring round needs mentors with room and mentees: {roles.get('mentor', 0)} mentor places and "
            f"{roles.get('mentee', 0)} mentees are eligible."
        ]
    return []


def rematch_requests(kind: str) -> QuerySet[Feedback]:
    """Rematches asked for since the last published round of this kind."""
    last = (
        MatchRound.objects.filter(kind=kind, status=RoundStatus.PUBLISHED).order_by("-published_at").first()
    )
    qs = Feedback.objects.filter(rematch_requested=True, match__round__kind=kind)
    return qs.filter(updated_at__gt=last.published_at) if last and last.published_at else qs
