"""Reads of spend counts: who may see a count, which of its lines, and the picture of the place they make.

A count's members are the members of its situation, or the current participants of its partnership (and admins).
Members see every line; other signed-in users see an open count without its sensitive lines; nobody else sees it.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from joinedup.accounts.actors import Actor, User
from joinedup.partnerships.models import Participant
from joinedup.places.models import Organisation
from joinedup.situations.models import Membership
from joinedup.spending.models import Confidence, SpendCount, SpendLine, Theme, ThemeLink, financial_year

LOCAL_SOURCE = "Local money"


def _signed_in(user: Actor | None) -> User | None:
    return user if isinstance(user, User) and user.is_authenticated else None


def _member_filter(user: User) -> Q:
    situations = Membership.objects.filter(user=user).values("situation_id")
    partnerships = Participant.objects.filter(user=user, left_on=None).values("partnership_id")
    return Q(situation_id__in=situations) | Q(partnership_id__in=partnerships)


def counts_visible_to(user: Actor | None) -> QuerySet[SpendCount]:
    signed = _signed_in(user)
    if signed is None:
        return SpendCount.objects.none()
    if signed.is_admin:
        return SpendCount.objects.all()
    return SpendCount.objects.filter(_member_filter(signed) | Q(is_open=True))


def count_get_for_user(*, user: Actor | None, count_id: int) -> SpendCount:
    """The count if this user may see it; 404 otherwise, so outsiders cannot tell it exists."""
    count = (
        counts_visible_to(user)
        .select_related("place", "situation", "partnership")
        .filter(pk=count_id)
        .first()
    )
    if count is None:
        raise Http404("No such count")
    return count


def is_member(*, user: Actor | None, count: SpendCount) -> bool:
    signed = _signed_in(user)
    if signed is None:
        return False
    if signed.is_admin:
        return True
    if count.situation_id is not None:
        return Membership.objects.filter(user=signed, situation_id=count.situation_id).exists()
    return Participant.objects.filter(user=signed, partnership=count.partnership, left_on=None).exists()


def lines_visible(*, count: SpendCount, user: Actor | None) -> QuerySet[SpendLine]:
    lines = SpendLine.objects.filter(count=count)
    return lines if is_member(user=user, count=count) else lines.filter(is_sensitive=False)


# The picture -----------------------------------------------------------------------------------------------


@dataclass
class Total:
    key: str
    label: str
    amount: Decimal
    share: float = 0.0  # of the year's total, 0–100
    per_head: Decimal | None = None
    bodies: int = 0
    audited: Decimal = Decimal(0)
    url: str = ""
    situations: list[Any] = field(default_factory=list)

    @property
    def shared(self) -> bool:
        """Several bodies spend on this (the starting point of the redesign conversation)."""
        return self.bodies > 1


@dataclass
class YearTotal:
    year: int
    label: str
    amount: Decimal
    change: Decimal | None  # on the year before, if counted
    change_percent: float | None


@dataclass
class Flow:
    source: str
    body: str
    theme: str
    amount: Decimal


@dataclass
class Comparison:
    count: SpendCount
    year: int
    amount: Decimal
    per_head: Decimal | None


@dataclass
class Picture:
    count: SpendCount
    years: list[YearTotal]
    year: int | None
    total: Decimal = Decimal(0)
    per_head: Decimal | None = None
    central: Decimal = Decimal(0)
    local: Decimal = Decimal(0)
    audited: Decimal = Decimal(0)
    line_count: int = 0
    themes: list[Total] = field(default_factory=list)
    bodies: list[Total] = field(default_factory=list)
    sources: list[Total] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    similar: list[Comparison] = field(default_factory=list)

    @property
    def year_label(self) -> str:
        return financial_year(self.year) if self.year is not None else ""

    @property
    def central_share(self) -> float:
        return _share(self.central, self.total)

    @property
    def audited_share(self) -> float:
        return _share(self.audited, self.total)


def _share(part: Decimal, whole: Decimal) -> float:
    return round(float(part * 100 / whole), 1) if whole else 0.0


def _per_head(amount: Decimal, population: int | None) -> Decimal | None:
    if not population:
        return None
    return (amount / population).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _year_totals(lines: QuerySet[SpendLine]) -> list[YearTotal]:
    rows = lines.order_by().values("year").annotate(total=Sum("amount")).order_by("year")
    years: list[YearTotal] = []
    by_year = {row["year"]: row["total"] for row in rows}
    for year, amount in by_year.items():
        before = by_year.get(year - 1)
        change = amount - before if before is not None else None
        percent = round(float(change * 100 / before), 1) if change is not None and before else None
        years.append(YearTotal(year, financial_year(year), amount, change, percent))
    return years


def _totals(
    rows: Sequence[Mapping[str, Any]], key: str, labels: dict[Any, str], total: Decimal
) -> list[Total]:
    found = [
        Total(
            key=str(row[key]),
            label=labels.get(row[key], str(row[key])),
            amount=row["total"],
            share=_share(row["total"], total),
            bodies=row.get("bodies", 0),
            audited=row.get("audited") or Decimal(0),
        )
        for row in rows
    ]
    return sorted(found, key=lambda t: (-t.amount, t.label))


def count_picture(*, count: SpendCount, user: Actor | None, year: int | None = None) -> Picture:
    """Totals of the lines this user may see, for one financial year (the latest counted, unless asked)."""
    lines = lines_visible(count=count, user=user)
    years = _year_totals(lines)
    counted = [y.year for y in years]
    if year not in counted:
        year = counted[-1] if counted else None
    picture = Picture(count=count, years=years, year=year)
    if year is None:
        return picture
    in_year = lines.filter(year=year).order_by()
    audited = Sum("amount", filter=Q(confidence=Confidence.AUDITED))
    summary = in_year.aggregate(
        total=Sum("amount"), central=Sum("amount", filter=Q(is_central=True)), audited=audited, n=Count("id")
    )
    population = count.place.population
    picture.total = summary["total"] or Decimal(0)
    picture.central = summary["central"] or Decimal(0)
    picture.local = picture.total - picture.central
    picture.audited = summary["audited"] or Decimal(0)
    picture.line_count = summary["n"]
    picture.per_head = _per_head(picture.total, population)

    theme_rows = list(
        in_year.values("theme").annotate(
            total=Sum("amount"), bodies=Count("body", distinct=True), audited=audited
        )
    )
    picture.themes = _totals(theme_rows, "theme", dict(Theme.choices), picture.total)
    links = ThemeLink.objects.filter(count=count).select_related("situation")
    linked: dict[str, list[Any]] = defaultdict(list)
    for link in links:
        linked[link.theme].append(link.situation)
    for theme in picture.themes:
        theme.per_head = _per_head(theme.amount, population)
        theme.situations = linked.get(theme.key, [])

    body_rows = list(in_year.values("body").annotate(total=Sum("amount"), audited=audited))
    flow_rows = list(in_year.values("funder", "body", "theme").annotate(total=Sum("amount")))
    source_rows = list(in_year.values("funder").annotate(total=Sum("amount")))
    ids = {r["body"] for r in body_rows} | {r["funder"] for r in source_rows if r["funder"]}
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
    picture.bodies = _totals(body_rows, "body", names, picture.total)
    picture.sources = _totals(source_rows, "funder", {**names, None: LOCAL_SOURCE}, picture.total)
    themes = dict(Theme.choices)
    picture.flows = sorted(
        (
            Flow(names.get(r["funder"], LOCAL_SOURCE), names[r["body"]], str(themes[r["theme"]]), r["total"])
            for r in flow_rows
        ),
        key=lambda f: -f.amount,
    )
    picture.similar = similar_counts(count=count, user=user, year=year)
    return picture


def similar_counts(*, count: SpendCount, user: Actor | None, year: int, limit: int = 10) -> list[Comparison]:
    """Other counts this user may see, of places of the same type, for the same year: totals and per head."""
    others = (
        counts_visible_to(user)
        .exclude(pk=count.pk)
        .filter(place__kind=count.place.kind, lines__year=year)
        .distinct()
        .select_related("place")[:limit]
    )
    found = []
    for other in others:
        amount = lines_visible(count=other, user=user).filter(year=year).aggregate(s=Sum("amount"))["s"]
        found.append(
            Comparison(
                other, year, amount or Decimal(0), _per_head(amount or Decimal(0), other.place.population)
            )
        )
    return sorted(found, key=lambda c: c.count.place.name)


def counts_for_place(*, place: Any, user: Actor | None) -> QuerySet[SpendCount]:
    return counts_visible_to(user).filter(place=place).order_by("-created_at")
