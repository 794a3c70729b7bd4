"""The demo's coffee rounds: sixty demo people across the central/local line, two published rounds and what
people said about their introductions.

Deterministic from the seed; made through the services (preference_save, match_round_create, the round's own
compute, match_round_publish, match_feedback_give). The rounds' matching runs here, in the seed-demo command, as
the round job's handler would; publishing queues the introductions job as in the site. A round keeps its creator
as SET_NULL, so seed-demo runs demo_rounds_delete before it deletes the earlier demo people.
"""

import random

from joinedup.core.illustrative import DEMO_DOMAIN
from joinedup.matching.models import Kind, Match, MatchRound, Met, Useful
from joinedup.matching.services import (
    match_feedback_give,
    match_round_compute,
    match_round_create,
    match_round_publish,
    preference_save,
)
from joinedup.people.models import Profile
from joinedup.places.models import Sector

ROUND_NAMES = ("Coffee across the line: September", "Coffee across the line: October")
PER_SIDE = 30
COMMENTS = {
    Useful.VERY: (
        "We found we were funding the same families twice; we are meeting again next month.",
        "Really useful to hear how the department reads our returns.",
        "They put me in touch with the person who wrote the guidance we struggle with.",
    ),
    Useful.SOMEWHAT: (
        "Good conversation, though our work overlaps less than I hoped.",
        "Helpful background on how the council commissions care.",
    ),
    Useful.NOT: ("Pleasant, but we could not find common ground.",),
}


def demo_rounds_delete() -> int:
    deleted, _ = MatchRound.objects.filter(
        name__in=ROUND_NAMES, created_by__email__endswith=f"@{DEMO_DOMAIN}"
    ).delete()
    return deleted


def demo_coffee_rounds_create(seed: int) -> str:
    rng = random.Random(seed + 41)
    demo = Profile.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").select_related("user")
    central = list(demo.filter(sector=Sector.CENTRAL).order_by("pk")[:300])
    local = list(demo.filter(sector=Sector.LOCAL).order_by("pk")[:300])
    if len(central) < PER_SIDE or len(local) < PER_SIDE:
        return "skipped (too few demo people)"
    people = rng.sample(central, PER_SIDE) + rng.sample(local, PER_SIDE)
    for profile in people:
        preference_save(profile=profile, kind=Kind.COFFEE, data={"active": True})
    organiser = people[0].user
    matches = feedback = 0
    for number, name in enumerate(ROUND_NAMES):
        round = match_round_create(
            by=organiser, data={"name": name, "kind": Kind.COFFEE, "seed": seed + number}
        )
        match_round_compute(round_id=round.pk)
        round.refresh_from_db()
        match_round_publish(round=round, by=organiser)
        for match in Match.objects.filter(round=round).select_related("person_a", "person_b", "third"):
            matches += 1
            feedback += _feedback(rng, match)
    return (
        f"{len(ROUND_NAMES)} coffee rounds, {len(people)} people, {matches} introductions, {feedback} answers"
    )


def _feedback(rng: random.Random, match: Match) -> int:
    """Most pairs say how it went; most met, a few did not (yet)."""
    given = 0
    for profile in (match.person_a, match.person_b):
        roll = rng.random()
        if roll < 0.15:
            continue  # has not answered
        if roll < 0.25:
            match_feedback_give(match=match, profile=profile, met=Met.NOT_YET)
        else:
            useful = rng.choices([Useful.VERY, Useful.SOMEWHAT, Useful.NOT], weights=[5, 3, 1])[0]
            comment = rng.choice(COMMENTS[useful])
            match_feedback_give(match=match, profile=profile, met=Met.YES, useful=useful, comment=comment)
        given += 1
    return given
