"""One illustrative count for the demo: made-up figures in the place of the first demo situation, labelled so."""

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from joinedup.core.illustrative import DEMO_DOMAIN
from joinedup.places.models import Organisation, OrganisationKind, Sector
from joinedup.situations.models import MemberRole, Situation
from joinedup.spending.models import Channel, Confidence, SpendCount, SpendLine, Theme

DEMO_TITLE = "Counting the public pound in {place} (illustrative figures)"
# (body, theme, funder, channel, £ per resident, people served per 1,000 residents, audited); "council", "nhs",
# "police" stand for the place's own bodies (NHS England where the place has none; no police lines without a
# force in the place); a slug names a department as GOV.UK lists it. Made up, in proportions like Total Place's.
LINES = (
    ("council", Theme.CHILDREN_FAMILIES, "department-for-education", Channel.COMMISSIONED, 180, 12, True),
    ("council", Theme.CHILDREN_FAMILIES, None, Channel.DIRECT, 95, 8, True),
    ("council", Theme.OLDER_PEOPLE, None, Channel.COMMISSIONED, 210, 20, True),
    ("council", Theme.HOUSING, "ministry-of-housing-communities-local-government", Channel.DIRECT, 60, 5, False),
    ("council", Theme.DRUGS_ALCOHOL, "department-of-health-and-social-care", Channel.COMMISSIONED, 14, 2, False),
    ("nhs", Theme.OLDER_PEOPLE, "department-of-health-and-social-care", Channel.DIRECT, 320, 30, False),
    ("nhs", Theme.MENTAL_HEALTH, "department-of-health-and-social-care", Channel.DIRECT, 120, 15, False),
    ("nhs", Theme.DRUGS_ALCOHOL, "department-of-health-and-social-care", Channel.DIRECT, 9, 1, False),
    ("police", Theme.OFFENDING, "home-office", Channel.DIRECT, 150, 6, True),
    ("police", Theme.DRUGS_ALCOHOL, "home-office", Channel.DIRECT, 11, 1, False),
    ("department-for-work-pensions", Theme.WORKLESSNESS, "department-for-work-pensions", Channel.PAYMENTS, 400, 60, True),
    ("department-for-work-pensions", Theme.CHILDREN_FAMILIES, "department-for-work-pensions", Channel.PAYMENTS, 150, 25, True),
    ("ministry-of-justice", Theme.OFFENDING, "ministry-of-justice", Channel.DIRECT, 45, 2, False),
)  # fmt: skip
GROWTH = Decimal("1.04")  # the later year is 4% up on the earlier one


def _bodies(place: Any) -> dict[str, Organisation]:
    council = Organisation.objects.filter(place=place, kind=OrganisationKind.COUNCIL, is_active=True).first()
    health = Organisation.objects.filter(kind=OrganisationKind.HEALTH, is_active=True)
    nhs = health.filter(place=place).first() or health.filter(slug="nhs-england").first()
    police = Organisation.objects.filter(kind=OrganisationKind.POLICE, place=place, is_active=True).first()
    found = {"council": council, "nhs": nhs, "police": police}
    slugs = {line[0] for line in LINES} | {line[2] for line in LINES if line[2]}
    found.update({o.slug: o for o in Organisation.objects.filter(slug__in=slugs)})
    return {key: org for key, org in found.items() if org is not None}


@transaction.atomic
def demo_count_create(*, year: int = 2024) -> SpendCount | None:
    """The count for the place of the first demo situation with a place (replacing an earlier one); None if none.

    Without demo situations (tests) the first situation with a place serves."""
    SpendCount.objects.filter(is_illustrative=True).delete()
    placed = Situation.objects.filter(places__isnull=False).order_by("pk")
    situation = placed.filter(created_by__email__endswith=f"@{DEMO_DOMAIN}").first() or placed.first()
    if situation is None:
        return None
    place = situation.places.order_by("pk").first()
    convener = situation.memberships.filter(role=MemberRole.CONVENER).select_related("user").first()
    bodies = _bodies(place)
    if place is None or convener is None or "council" not in bodies:
        return None
    count = SpendCount.objects.create(
        title=DEMO_TITLE.format(place=place.name),
        place=place,
        situation=situation,
        is_open=True,
        is_illustrative=True,
        created_by=convener.user,
    )
    residents = Decimal(place.population or 100_000)
    now = timezone.now()
    lines = []
    for offset, factor in ((0, Decimal(1)), (1, GROWTH)):
        for key, theme, funder_key, channel, per_head, served, audited in LINES:
            body, funder = bodies.get(key), bodies.get(funder_key) if funder_key else None
            if body is None or (funder_key and funder is None):
                continue
            lines.append(
                SpendLine(
                    count=count,
                    body=body,
                    year=year + offset,
                    theme=theme,
                    amount=(residents * per_head * factor).quantize(Decimal("1")),
                    funder=funder,
                    is_central=funder is not None and funder.sector == Sector.CENTRAL,
                    channel=channel,
                    people_served=int(residents * served / 1000),
                    confidence=Confidence.AUDITED if audited and offset == 0 else Confidence.ESTIMATED,
                    description="Illustrative figure",
                    supplied_by=convener.user,
                    supplied_at=now,
                )
            )
    SpendLine.objects.bulk_create(lines)
    return count


def demo_count_step(seed: int) -> str:
    """seed-demo's step (situations.demo registry): the count does not depend on the seed."""
    count = demo_count_create()
    return (
        f"an illustrative count of the public pound in {count.place.name}" if count else "no count (no place)"
    )
