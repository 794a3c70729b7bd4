"""Bridge builders and a place's network of people who work across the line."""

from collections import Counter
from dataclasses import dataclass

import networkx as nx
from django.db.models import Q
from django.utils import timezone

from joinedup.accounts.actors import Actor
from joinedup.matching.selectors.matches import _places_of
from joinedup.matching.selectors.rounds import filter_in
from joinedup.people.models import Connection, PolicyArea, Profile
from joinedup.places.models import Place, Sector


@dataclass
class Bridge:
    profile: Profile
    score: float
    why: list[str]


def bridge_builders(
    *, user: Actor, place: Place, policy_area: PolicyArea | None, limit: int = 50
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


def place_network(*, user: Actor, place: Place) -> Network:
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
