"""Secondments: hosts offer places with a capacity, applicants rank hosts, hosts may rank applicants.

`deferred_acceptance` is applicant-proposing deferred acceptance (Gale–Shapley with capacities, the hospitals /
residents problem): its allocation is stable and the best stable allocation for every applicant. A pair is
acceptable only when both sides rank each other; a host that gives no ranking ranks the applicants who chose it by
compatibility (`host_preferences`). `max_compatibility` is the alternative: the allocation of acceptable pairs with
the greatest total compatibility under the capacities (exact, by assignment on host places), which need not be
stable. `blocking_pairs` checks any allocation independently of how it was made.
"""

import heapq
from collections.abc import Mapping, Sequence

import numpy as np

from joinedup.engine.matching.features import build_features
from joinedup.engine.matching.model import Person, RoundSettings, Weights
from joinedup.engine.matching.solve import max_weight_bipartite
from joinedup.engine.matching.vectors import TextEncoder, auto_vectoriser, encode_people

Prefs = Mapping[str, Sequence[str]]


def deferred_acceptance(
    applicant_prefs: Prefs, host_prefs: Prefs, capacities: Mapping[str, int]
) -> dict[str, str]:
    """Applicant-proposing deferred acceptance; returns applicant → host for those placed. Deterministic."""
    rank = {h: {a: i for i, a in enumerate(prefs)} for h, prefs in host_prefs.items()}
    held: dict[str, list[tuple[int, str]]] = {h: [] for h in capacities}  # max-heap by host rank (negated)
    next_choice = dict.fromkeys(applicant_prefs, 0)
    free = sorted(applicant_prefs, reverse=True)
    while free:
        a = free.pop()
        prefs = applicant_prefs[a]
        while next_choice[a] < len(prefs):
            h = prefs[next_choice[a]]
            next_choice[a] += 1
            r = rank.get(h, {}).get(a)
            if r is None or capacities.get(h, 0) < 1:
                continue
            if len(held[h]) < capacities[h]:
                heapq.heappush(held[h], (-r, a))
                break
            worst_rank, worst = held[h][0]
            if r < -worst_rank:
                heapq.heapreplace(held[h], (-r, a))
                free.append(worst)
                break
    return {a: h for h, heap in held.items() for _, a in heap}


def blocking_pairs(
    applicant_prefs: Prefs, host_prefs: Prefs, capacities: Mapping[str, int], assignment: Mapping[str, str]
) -> list[tuple[str, str]]:
    """Every (applicant, host) pair that would both rather be together than keep what they have."""
    rank = {h: {a: i for i, a in enumerate(prefs)} for h, prefs in host_prefs.items()}
    assigned: dict[str, list[str]] = {h: [] for h in capacities}
    for a, h in assignment.items():
        assigned[h].append(a)
    worst = {h: max((rank[h][a] for a in group), default=-1) for h, group in assigned.items()}
    blocking = []
    for a, prefs in applicant_prefs.items():
        current = assignment.get(a)
        for h in prefs:
            if h == current:
                break
            r = rank.get(h, {}).get(a)
            if r is None:
                continue
            if len(assigned[h]) < capacities[h] or r < worst[h]:
                blocking.append((a, h))
    return blocking


def is_valid_allocation(
    applicant_prefs: Prefs, host_prefs: Prefs, capacities: Mapping[str, int], assignment: Mapping[str, str]
) -> bool:
    """Only mutually acceptable pairs, and no host over its capacity."""
    load: dict[str, int] = {}
    for a, h in assignment.items():
        if h not in applicant_prefs.get(a, ()) or a not in host_prefs.get(h, ()):
            return False
        load[h] = load.get(h, 0) + 1
    return all(n <= capacities.get(h, 0) for h, n in load.items())


def max_compatibility(
    applicant_prefs: Prefs,
    host_prefs: Prefs,
    capacities: Mapping[str, int],
    score: Mapping[tuple[str, str], float],
) -> dict[str, str]:
    """The allocation of mutually acceptable pairs with the greatest total score; each host place is a column."""
    apps = sorted(applicant_prefs)
    slots = [h for h in sorted(capacities) for _ in range(capacities[h])]
    first_slot: dict[str, int] = {}
    for i, h in enumerate(slots):
        first_slot.setdefault(h, i)
    accepted = {h: set(p) for h, p in host_prefs.items()}
    rows, cols, weight = [], [], []
    for i, a in enumerate(apps):
        for h in applicant_prefs[a]:
            if a in accepted.get(h, set()):
                for s in range(capacities.get(h, 0)):
                    rows.append(i)
                    cols.append(first_slot[h] + s)
                    # A small constant keeps every acceptable pair worth placing, even at zero compatibility.
                    weight.append(score.get((a, h), 0.0) + 1.0)
    r, c = max_weight_bipartite(
        np.asarray(rows, np.int64), np.asarray(cols, np.int64), np.asarray(weight), len(apps), len(slots)
    )
    return {apps[i]: slots[j] for i, j in zip(r.tolist(), c.tolist(), strict=True)}


def host_preferences(
    applicant_prefs: Prefs, explicit: Mapping[str, Sequence[str]], score: Mapping[tuple[str, str], float]
) -> dict[str, list[str]]:
    """Hosts' rankings: their own where given, else the applicants who chose them, best score first (ties by id)."""
    chose: dict[str, list[str]] = {h: [] for h in explicit}
    for a, prefs in applicant_prefs.items():
        for h in prefs:
            chose.setdefault(h, []).append(a)
    out: dict[str, list[str]] = {}
    for h, applicants in chose.items():
        given = list(explicit.get(h, ()))
        out[h] = given or sorted(applicants, key=lambda a: (-score.get((a, h), 0.0), a))
    return out


def compatibility(
    applicants: Sequence[Person], hosts: Sequence[Person], pairs: Sequence[tuple[str, str]], seed: int = 0
) -> dict[tuple[str, str], float]:
    """Compatibility of each (applicant id, host id) pair: what the host offers and seeks against the applicant,
    shared policy areas and places, and the applicant's experience of the host's side. Levels do not count."""
    people = [*applicants, *hosts]
    settings = RoundSettings(kind="peers", weights=Weights(level=0.0), seed=seed)
    encoder = TextEncoder(auto_vectoriser(len(people)), dims=settings.text_dims, seed=seed)
    offers, seeks, _ = encode_people(people, encoder)
    features = build_features(people, offers, seeks, settings)
    index = {("a", p.id): i for i, p in enumerate(applicants)}
    index.update({("h", p.id): len(applicants) + i for i, p in enumerate(hosts)})
    a = np.asarray([index[("a", x)] for x, _ in pairs], dtype=np.int64)
    h = np.asarray([index[("h", y)] for _, y in pairs], dtype=np.int64)
    scores = features.scores(a, h) if len(pairs) else np.zeros(0)
    return {pair: float(s) for pair, s in zip(pairs, scores.tolist(), strict=True)}


def unplaced_reasons(
    applicant_prefs: Prefs, host_prefs: Prefs, assignment: Mapping[str, str]
) -> dict[str, str]:
    """Why each applicant without a place has none, in plain words."""
    reasons = {}
    for a, prefs in applicant_prefs.items():
        if a in assignment:
            continue
        wanted = [h for h in prefs if a in host_prefs.get(h, ())]
        if not wanted:
            reasons[a] = "none of the hosts you ranked ranked you"
        else:
            reasons[a] = (
                f"all {len(wanted)} hosts you ranked who also ranked you filled their places with people they ranked higher"
            )
    return reasons
