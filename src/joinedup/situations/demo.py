"""A few demo situations over the demo population of people/demo.py, each convened by a council officer."""

import random
from collections.abc import Callable
from typing import Any

from joinedup.core.illustrative import DEMO_DOMAIN
from joinedup.people.models import Level, PolicyArea, Profile
from joinedup.places.models import Sector
from joinedup.situations.models import Perspective, Situation
from joinedup.situations.services import membership_add, situation_create

# Higher apps add their part of the demo story here in AppConfig.ready() (a lower app never imports a higher one):
# each step takes the seed and returns a line for the command's output. seed-demo runs them, in the order
# registered, after the people and situations exist. Their objects hang off demo situations or demo people, so
# demo_situations_delete and demo_people_delete remove them on the next run.
# A step whose objects would outlive the demo people (a foreign key that is SET_NULL) also gives a cleanup, which
# seed-demo runs before it deletes the earlier demo people.
DemoStep = Callable[[int], str]
DEMO_STEPS: list[tuple[str, DemoStep]] = []
DEMO_CLEANUPS: list[Callable[[], object]] = []


def demo_cleanup_register(cleanup: Callable[[], object]) -> None:
    """Something to delete before the demo people are (an app whose demo objects outlive their makers)."""
    if cleanup not in DEMO_CLEANUPS:
        DEMO_CLEANUPS.append(cleanup)


def demo_step_register(name: str, step: DemoStep, cleanup: Callable[[], object] | None = None) -> None:
    if all(existing != name for existing, _ in DEMO_STEPS):
        DEMO_STEPS.append((name, step))
        if cleanup is not None:
            DEMO_CLEANUPS.append(cleanup)


def demo_situation(*, area_slug: str) -> Situation | None:
    """The demo situation on this policy area (one per area in SITUATIONS), for a step to build on."""
    return (
        Situation.objects.filter(created_by__email__endswith=f"@{DEMO_DOMAIN}", policy_areas__slug=area_slug)
        .order_by("pk")
        .first()
    )


def demo_situations_delete() -> int:
    """Remove the situations that demo people made, before the demo people themselves are removed."""
    deleted, _ = Situation.objects.filter(created_by__email__endswith=f"@{DEMO_DOMAIN}").delete()
    return deleted


SITUATIONS = (
    ("Preventing homelessness in {place}", "housing",
     "Families are staying longer in temporary accommodation in {place}. Council housing teams, the department "
     "and local charities each see part of why; this situation brings those views together."),
    ("Getting people home from hospital in {place}", "adult-social-care",
     "Discharge from hospital in {place} is slow for people who need care at home. Social care, the NHS and "
     "national policy teams want to see the whole system, not just their part of it."),
    ("Young people into work in {place}", "employment-and-skills",
     "Too many young people in {place} are neither working nor learning. Jobcentre, council and college staff "
     "want one joined-up offer."),
    ("Warm homes and net zero in {place}", "climate-and-environment",
     "Retrofit funding reaches {place} through several schemes with different rules. Officers and department "
     "teams want to line them up around the households who need them most."),
    ("Safer streets in {place}", "crime-and-justice",
     "Serious violence in {place} is concentrated in a few neighbourhoods. Police, council, probation and "
     "national teams are working out what each can change."),
)  # fmt: skip


def demo_situations_create(*, seed: int, count: int = 5) -> int:
    """A few situations, each convened by a council officer, with members bringing several perspectives."""
    rng = random.Random(seed + 1)
    demo = (
        Profile.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}")
        .select_related("user", "organisation")
        .prefetch_related("policy_areas")
    )
    pools = {
        "convener": list(
            # English councils: the departments' housing, health, care and skills policy is England's (devolved
            # elsewhere), so a situation with them is believable only in England.
            demo.filter(sector=Sector.LOCAL, organisation__place__nation="England").order_by("pk")[:400]
        ),
        Perspective.CENTRAL: list(demo.filter(sector=Sector.CENTRAL).order_by("pk")[:400]),
        Perspective.FRONTLINE: list(
            demo.filter(sector=Sector.LOCAL, level=Level.FRONTLINE).order_by("pk")[:400]
        ),
        Perspective.PARTNER: list(demo.filter(sector=Sector.OTHER).order_by("pk")[:200]),
    }
    if not pools["convener"] or not pools[Perspective.CENTRAL]:
        return 0
    made = 0
    for title, area_slug, framing in SITUATIONS[:count]:
        # Someone who works on the area convenes (no adult social care situation run from a district council).
        knows = [p for p in pools["convener"] if any(a.slug == area_slug for a in p.policy_areas.all())]
        convener = rng.choice(knows or pools["convener"])
        place = convener.organisation.place if convener.organisation else None
        name = place.name if place else "the area"
        situation = situation_create(
            created_by=convener.user,
            title=title.format(place=name),
            framing=framing.format(place=name),
            perspective=Perspective.LOCAL,
            places=[place] if place else [],
            policy_areas=PolicyArea.objects.filter(slug=area_slug),
        )
        _add_members(rng, situation, pools, convener, membership_add)
        made += 1
    return made


def _add_members(
    rng: random.Random, situation: Any, pools: dict[str, list[Profile]], convener: Profile, add: Any
) -> None:
    chosen = {convener.pk}
    wanted = [
        Perspective.CENTRAL,
        Perspective.CENTRAL,
        Perspective.FRONTLINE,
        Perspective.PARTNER,
        "service_user",
    ]
    for perspective in wanted:
        pool = pools.get(perspective) or pools[Perspective.PARTNER] or pools[Perspective.FRONTLINE]
        candidates = [p for p in pool if p.pk not in chosen]
        if not candidates:
            continue
        member = rng.choice(candidates)
        chosen.add(member.pk)
        add(situation=situation, user=member.user, perspective=perspective, actor=convener.user)
