"""The demo's partnership: a department and a council on hospital discharge, two closed health-check rounds in
which the sides drift apart (the council's trust and clarity fall while the department still rates them well).

Deterministic from the seed; made through the services, by demo people, so every page of it is marked
illustrative. Partnerships keep their creator as SET_NULL, so seed-demo runs demo_partnerships_delete first.
"""

import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from joinedup.accounts.models import User
from joinedup.core.illustrative import DEMO_DOMAIN
from joinedup.partnerships import services
from joinedup.partnerships.items import ITEM_CODES
from joinedup.partnerships.models import CostBearer, Partnership
from joinedup.people.models import Level, Profile
from joinedup.places.models import Place, Sector
from joinedup.situations.demo import demo_situation

TITLE = "Home from hospital sooner: {place}"
CLOSED_TITLE = "Shared discharge data pilot: {place}"
EXIT_REVIEW = {
    "set_out_to_do": "Give the council, the hospital trust and the department one weekly picture of who was waiting "
    "to leave hospital and why, instead of three counts that never agreed.",
    "what_happened": "The shared list was running within four months and the weekly call used it. The department "
    "kept asking for its own national return as well, so the council team filled in both until the pilot ended.",
    "do_differently": "Agree at the start which national return the shared list replaces, in writing, signed by "
    "both senior champions; and budget for the analyst beyond the pilot year.",
    "helped_or_hindered": "A data-sharing agreement already in place from the Better Care Fund helped. Turnover in "
    "the trust's discharge team hindered: three leads in a year.",
}
PER_SIDE = 6
# The mean rating (1–5) each side gives, per round: (central, local). Round 2 is where they diverge.
ROUNDS = {
    1: {"central": 4.0, "local": 3.9},
    2: {"central": 4.1, "local": 2.4},
}
# The dimensions whose items fall for the council side in round 2; the others hold.
DIVERGING = ("trust", "clarity", "honesty")


def demo_partnerships_delete() -> int:
    titles = [t.split("{", 1)[0] for t in (TITLE, CLOSED_TITLE)]
    demo = Partnership.objects.filter(participants__user__email__endswith=f"@{DEMO_DOMAIN}")
    deleted, _ = Partnership.objects.filter(
        pk__in=demo.filter(title__startswith=titles[0]) | demo.filter(title__startswith=titles[1])
    ).delete()
    return deleted


def demo_partnership_create(seed: int) -> str:
    situation = demo_situation(area_slug="adult-social-care")
    if situation is None or situation.created_by is None:
        return "skipped (no demo situation on adult social care)"
    rng = random.Random(seed + 29)
    demo = Profile.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").select_related(
        "user", "organisation"
    )
    local_lead = situation.created_by
    place = situation.places.first()
    central = list(demo.filter(sector=Sector.CENTRAL).order_by("pk")[:300])
    local = list(demo.filter(sector=Sector.LOCAL).exclude(user=local_lead).order_by("pk")[:300])
    seniors = [p for p in central if p.level == Level.SENIOR], [p for p in local if p.level == Level.SENIOR]
    if len(central) < 3 or len(local) < 2 or not all(seniors):
        return "skipped (too few demo people)"
    central_lead, central_member = (p.user for p in rng.sample(central, 2))
    local_member = rng.choice(local).user
    where = place.name if place else "the area"
    people = {
        "central_lead": central_lead,
        "local_lead": local_lead,
        "members": [central_member, local_member],
    }
    places = [place] if place else []
    closed = _agreed(
        rng,
        CLOSED_TITLE.format(place=where),
        "One shared weekly list of people waiting to leave hospital, used by the council, the trust and the department",
        people,
        seniors,
        places,
    )
    services.partnership_transition(partnership=closed, action="activate", by=central_lead)
    services.partnership_transition(partnership=closed, action="start-exit", by=central_lead)
    services.partnership_close(partnership=closed, by=local_lead, review=EXIT_REVIEW)
    p = _agreed(
        rng,
        # Same call as for the closed partnership above, with its own title and aim: demo data, two
        # partnerships.
        TITLE.format(place=where),
        "People medically fit to leave hospital get home with the care they need within two days",
        people,
        seniors,
        places,
    )
    services.partnership_transition(partnership=p, action="activate", by=central_lead)
    answered = _two_rounds(rng, p, central_lead)
    return (
        f"“{p.title}”: 2 closed health-check rounds, {answered} answers, the sides diverging in round 2; "
        f"“{closed.title}” closed with an exit review (a draft lesson where the learning library is installed)"
    )


def _agreed(
    rng: random.Random,
    title: str,
    outcome: str,
    people: dict[str, Any],
    seniors: tuple[list[Profile], list[Profile]],
    places: list[Place],
) -> Partnership:
    """A partnership both leads have confirmed: participants, exit plan, a cost line and a champion each side."""
    central_lead, local_lead, members = people["central_lead"], people["local_lead"], people["members"]
    p = services.partnership_create(
        title=title, shared_outcome=outcome, kind="joint_working", by=central_lead, places=places
    )
    services.partnership_add_participant(partnership=p, user=local_lead, role="lead", by=central_lead)
    for member in members:
        services.partnership_add_participant(partnership=p, user=member, role="member", by=central_lead)
    services.partnership_update_charter(
        partnership=p,
        by=central_lead,
        data={"exit_criteria": "The council and the NHS trust fund the discharge team together",
              "planned_exit_date": date(2027, 9, 30)},
    )  # fmt: skip
    services.partnership_add_cost(
        partnership=p,
        by=central_lead,
        item="Seconded discharge lead",
        bearer=CostBearer.CENTRAL,
        amount=65000,
    )
    services.partnership_add_champion(
        partnership=p, user=rng.choice(seniors[0]).user, is_senior=True, by=central_lead
    )
    services.partnership_add_champion(
        partnership=p, user=rng.choice(seniors[1]).user, is_senior=True, by=central_lead
    )
    services.partnership_confirm(partnership=p, by=central_lead)
    services.partnership_confirm(partnership=p, by=local_lead)
    p.refresh_from_db()
    return p


def _two_rounds(rng: random.Random, p: Partnership, central_lead: User) -> int:
    today = timezone.localdate()
    answered = 0
    for number, means in ROUNDS.items():
        # Answers are taken only while a round is open, so each round is still open when it is answered (the first
        # from two months ago to today, the second from today), then closed by the lead.
        opens = today - timedelta(days=60) if number == 1 else today
        check = services.partnership_schedule_check(
            partnership=p,
            opens_on=opens,
            closes_on=today + timedelta(days=0 if number == 1 else 14),
            by=central_lead,
        )
        for side, mean in means.items():
            codes = services.partnership_issue_codes(check=check, side=side, count=PER_SIDE, by=central_lead)
            for code in codes:
                services.partnership_answer_check(
                    check=check,
                    invitation_digest=services.code_digest(code),
                    answers=_answers(rng, mean, side, number),
                    talk_about="",
                )
                answered += 1
        services.partnership_close_check(check=check, by=central_lead)
    return answered


def _answers(rng: random.Random, mean: float, side: str, round_number: int) -> dict[str, int]:
    """One respondent's ratings around the side's mean; in round 2 the council side's diverging items fall."""
    out = {}
    for code in ITEM_CODES:
        centre = (
            mean if (side == "local" and round_number == 2 and code.startswith(DIVERGING)) else max(mean, 3.8)
        )
        out[code] = min(5, max(1, round(rng.gauss(centre, 0.6))))
    return out
