"""Reads for matching: who is eligible, what the engine is given, what each person may see, and why."""

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import networkx as nx
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from joinedup.core.panels import Panel
from joinedup.matching.compute import PARTS, Person, RoundSettings, Weights, settings_for
from joinedup.matching.models import (
    Block,
    Event,
    Feedback,
    Kind,
    Match,
    MatchRound,
    MeetingMode,
    MentoringRole,
    Preference,
    Registration,
    RoundStatus,
    Unmatched,
)
from joinedup.people.models import CareerEntry, Connection, PolicyArea, Profile
from joinedup.places.models import Place, Sector

# A mentoring match counts against the mentor's capacity for this long after its round is published.
MENTORING_SPAN = timedelta(days=365)
# Above this many in-person-only × online-only pairs the meeting mode is left to the introduction.
MAX_MODE_BLOCKS = 200_000
COPY_MARK = "~"
FILTER_IN_LIMIT = 500


def profile_of(user: Any) -> Profile | None:
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
    if profile.organisation and profile.organisation.place_id:
        places.add(profile.organisation.place.gss_code)  # type: ignore[union-attr]
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


# What a participant sees ------------------------------------------------------------------------------------------


def _published_with(profile: Profile) -> Q:
    """Published matches this person is in."""
    mine = Q(person_a=profile) | Q(person_b=profile) | Q(third=profile)
    return mine & Q(round__status=RoundStatus.PUBLISHED)


def matches_visible_to(user: Any) -> QuerySet[Match]:
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


def my_matches(user: Any) -> QuerySet[Match]:
    profile = profile_of(user)
    if profile is None:
        return Match.objects.none()
    return matches_visible_to(user).filter(_published_with(profile)).order_by("-round__published_at")


def my_unmatched(user: Any) -> QuerySet[Unmatched]:
    profile = profile_of(user)
    if profile is None:
        return Unmatched.objects.none()
    return Unmatched.objects.filter(profile=profile, round__status=RoundStatus.PUBLISHED).select_related(
        "round"
    )


def pending_feedback(user: Any) -> list[Match]:
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


# Dashboard ------------------------------------------------------------------------------------------------------


def dashboard_panel(obj: Any, user: Any) -> Panel | None:
    """The person's latest introduction and any feedback still owed."""
    profile = profile_of(user)
    if profile is None:
        return None
    # Most people have no published introduction: a two-table question first, since planning the wide join
    # that shows one costs the database more than answering it.
    if not Match.objects.filter(_published_with(profile)).exists():
        return None
    latest = my_matches(user).first()
    pending = pending_feedback(user)
    if latest is None and not pending:
        return None
    partners = partners_of(latest, profile_of(user)) if latest else []
    context = {"latest": latest, "partners": partners, "pending": pending}
    return Panel(
        title="Your introductions", template="matching/_dashboard_panel.html", context=context, order=20
    )


def place_panel(place: Place, user: Any) -> Panel | None:
    """On a place page: where to see its ties across the line and its bridge-builders."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Panel(
        title="Ties across the line",
        template="matching/_place_panel.html",
        context={"place": place},
        order=60,
    )


# Bridge builders and networks --------------------------------------------------------------------------------------


@dataclass
class Bridge:
    profile: Profile
    score: float
    why: list[str]


def bridge_builders(
    *, user: Any, place: Place, policy_area: PolicyArea | None, limit: int = 50
) -> list[Bridge]:
    """People with experience on both sides who know the place (or its region) and the policy area, best first."""
    from joinedup.people.selectors import profiles_visible_to

    near = Q(places=place) | Q(organisation__place=place)
    if place.region:
        near |= Q(places__region=place.region) | Q(organisation__place__region=place.region)
    candidates = (
        profiles_visible_to(user)
        .filter(both_sides=True)
        .filter(pk__in=Profile.objects.filter(near).values("pk"))
    )
    if policy_area is not None:
        candidates = candidates.filter(pk__in=Profile.objects.filter(policy_areas=policy_area).values("pk"))
    candidates = candidates.select_related("user", "organisation", "organisation__place").prefetch_related(
        "places", "policy_areas", "career"
    )
    found = [_bridge(p, place, policy_area) for p in candidates[:2000]]
    return sorted(found, key=lambda b: (-b.score, b.profile.user.name))[:limit]


def _bridge(profile: Profile, place: Place, area: PolicyArea | None) -> Bridge:
    places = _places_of(profile)
    career = list(profile.career.all())
    years = {s: sum((e.end_year or timezone.localdate().year) - e.start_year for e in career if e.sector == s)
             for s in (Sector.CENTRAL, Sector.LOCAL)}  # fmt: skip
    why, score = [], 0.0
    if place in places:
        why.append(f"knows {place.name}")
        score += 2
    else:
        why.append(f"knows {place.region or 'the region'}")
        score += 1
    if area is not None:
        why.append(f"works on {area.name.lower()}")
        score += 1
    why.append(f"{years[Sector.CENTRAL]} years in central and {years[Sector.LOCAL]} in local government")
    # Balance counts as well as length: someone with ten years each side bridges better than 19 and 1.
    score += min(years[Sector.CENTRAL], years[Sector.LOCAL]) / 5 + 0.02 * (
        years[Sector.CENTRAL] + years[Sector.LOCAL]
    )
    return Bridge(profile, round(score, 2), why)


@dataclass
class Network:
    people: int
    ties: list[tuple[Profile, Profile, str]]
    cross_ties: int
    bridges: list[tuple[Profile, float, int]]


def place_network(*, user: Any, place: Place) -> Network:
    """Who knows whom among the people of a place: the ties that cross the central/local line, and who bridges."""
    from joinedup.people.selectors import profiles_visible_to

    people = {
        p.pk: p
        for p in profiles_visible_to(user)
        .filter(Q(places=place) | Q(organisation__place=place))
        .select_related("user", "organisation")
        .distinct()[:5000]
    }
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(people)
    edges = filter_in(Connection.objects.all(), "person_a_id", set(people))
    ties = []
    for a, b, source in edges.values_list("person_a_id", "person_b_id", "source"):
        if a not in people or b not in people:
            continue
        graph.add_edge(a, b)
        ties.append((people[a], people[b], source))
    crossing = [t for t in ties if {t[0].sector, t[1].sector} == {Sector.CENTRAL, Sector.LOCAL}]
    between = nx.betweenness_centrality(graph) if graph.number_of_edges() else {}
    cross_degree = Counter(p.pk for t in crossing for p in t[:2])
    bridges = sorted(
        (
            (people[pk], round(score, 3), cross_degree[pk])
            for pk, score in between.items()
            if cross_degree[pk]
        ),
        key=lambda b: (-b[1], -b[2], b[0].user.name),
    )
    return Network(len(people), crossing, len(crossing), bridges[:20])


# Events ---------------------------------------------------------------------------------------------------------


def events_visible_to(user: Any) -> QuerySet[Event]:
    return Event.objects.annotate(registered=Count("registrations"))


def registration_of(event: Event, user: Any) -> Registration | None:
    profile = profile_of(user)
    return event.registrations.filter(profile=profile).first() if profile else None


def table_plan(event: Event) -> list[dict[str, Any]]:
    """The tables of an event, each with its people and its mix (as the seating job reported it)."""
    regs = event.registrations.exclude(table=None).select_related("profile__user", "profile__organisation")
    tables: dict[int, list[Registration]] = {}
    for r in regs.order_by("table", "profile__sort_name"):
        tables.setdefault(r.table or 0, []).append(r)
    mix = event.plan_stats.get("mix", [])
    return [
        {"number": n, "people": rs, "mix": mix[n - 1] if 0 < n <= len(mix) else {}}
        for n, rs in sorted(tables.items())
    ]


def today() -> date:
    return timezone.localdate()
