"""The demo's conversation: hospital discharge, seen from the council side and from the department side.

Deterministic from the seed. About forty demo people join the demo situation on adult social care and vote
through the services (vote_cast), each side leaning its own way on the contested statements and agreeing on the
shared ones, so the published report shows two clear opinion groups and a few points of consensus. It is demo
data: the situation's demo convener created it, and every page of it says it is illustrative.
"""

import random

from joinedup.accounts.models import User
from joinedup.core.illustrative import DEMO_DOMAIN
from joinedup.people.models import Profile
from joinedup.perspectives.models import VoteValue
from joinedup.perspectives.services import (
    conversation_create,
    participant_for_member,
    report_compute,
    vote_cast,
)
from joinedup.places.models import Sector
from joinedup.situations.demo import demo_situation
from joinedup.situations.models import Membership, Perspective, Situation
from joinedup.situations.services import membership_add

TITLE = "What would get people home from hospital sooner?"
QUESTION = (
    "People who are well enough to leave hospital are waiting for care at home. What would make the biggest "
    "difference here? Vote on each statement, and add your own."
)
# (statement, how the council side leans, how the department side leans): +1 agree, -1 disagree, 0 shared.
STATEMENTS = (
    ("Funding for discharge should come as one pooled budget, not several short-term grants.", 1, -1),
    ("National discharge targets help us focus on what matters.", -1, 1),
    ("The care workforce shortage is the main reason people wait.", 1, -1),
    ("Hospitals should discharge to assess at home by default.", 0, 0),
    ("Councils should publish their home care waiting lists every month.", -1, 1),
    ("Short-term grants arrive too late in the year to recruit staff.", 1, -1),
    ("Data on delayed discharges is good enough to plan with.", -1, 1),
    ("Families and carers should be involved in discharge plans from day one.", 0, 0),
    ("Voluntary sector services are under-used in getting people home.", 0, 0),
    ("Performance should be judged on outcomes 91 days after discharge, not days in hospital.", 1, -1),
    ("Integrated care boards should hold the whole discharge budget.", -1, 1),
    ("Frontline staff should be able to arrange care without waiting for panel sign-off.", 1, 0),
    ("Every area should have one shared record of who is waiting and why.", 0, 0),
    ("More national guidance would speed things up.", -1, 1),
)
PER_SIDE = 20


def demo_conversation_create(seed: int) -> str:
    situation = demo_situation(area_slug="adult-social-care")
    if situation is None:
        return "skipped (no demo situation on adult social care)"
    rng = random.Random(seed + 17)
    convener = situation.created_by
    assert convener is not None
    sides = _join_voters(rng, situation)
    conversation = conversation_create(
        situation=situation,
        created_by=convener,
        title=TITLE,
        question=QUESTION,
        seed_statements=[text for text, _, _ in STATEMENTS],
    )
    statements = list(conversation.statements.order_by("number"))
    votes = 0
    for side, users in sides.items():
        for user in users:
            participant = participant_for_member(conversation=conversation, user=user)
            for statement, (_, council, department) in zip(statements, STATEMENTS, strict=True):
                if rng.random() < 0.12:
                    continue  # not everyone votes on everything
                vote_cast(
                    participant=participant,
                    statement_id=statement.pk,
                    value=_vote(rng, council if side == "council" else department),
                )
                votes += 1
    report_compute(conversation=conversation, seed=seed)
    return f"“{TITLE}”: {sum(len(u) for u in sides.values())} people, {votes} votes, report published"


def _vote(rng: random.Random, lean: int) -> int:
    """Mostly with the side's lean (a shared statement: mostly agree), sometimes pass, now and then against."""
    roll = rng.random()
    if roll < 0.08:
        return int(VoteValue.PASS)
    wanted = VoteValue.AGREE if lean >= 0 else VoteValue.DISAGREE
    other = VoteValue.DISAGREE if wanted == VoteValue.AGREE else VoteValue.AGREE
    return int(other if roll > 0.9 else wanted)


def _join_voters(rng: random.Random, situation: Situation) -> dict[str, list[User]]:
    """PER_SIDE council and PER_SIDE central demo people, members of the situation (joining if not yet)."""
    demo = Profile.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").select_related("user")
    members = set(Membership.objects.filter(situation=situation).values_list("user_id", flat=True))
    sides: dict[str, list[User]] = {}
    for side, sector, perspective in (
        ("council", Sector.LOCAL, Perspective.LOCAL),
        ("department", Sector.CENTRAL, Perspective.CENTRAL),
    ):
        # People who know adult social care first; others on the same side make up the numbers in a small demo.
        knows = list(demo.filter(sector=sector, policy_areas__slug="adult-social-care").order_by("pk")[:200])
        chosen = rng.sample(knows, k=min(PER_SIDE, len(knows)))
        others = [p for p in demo.filter(sector=sector).order_by("pk")[:400] if p not in chosen]
        chosen += rng.sample(others, k=min(PER_SIDE - len(chosen), len(others)))
        for profile in chosen:
            if profile.user_id not in members:
                membership_add(
                    situation=situation,
                    user=profile.user,
                    perspective=perspective,
                    actor=situation.created_by,
                )
                members.add(profile.user_id)
        sides[side] = [p.user for p in chosen]
    return sides
