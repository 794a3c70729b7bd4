"""Health-check results: released whole when a round closes, every group under the minimum withheld."""

import statistics
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone

from joinedup.partnerships.items import DIMENSION_NAMES, RATED_DIMENSIONS, SHRUG, items_of
from joinedup.partnerships.models import CodeBatch, HealthCheck, Partnership, RespondentSide

DIVERGENCE_GAP = 1.0
DROP = 0.75
WITHHELD = "Not enough responses to show this without identifying people"
DIMENSION_LABELS = {
    **DIMENSION_NAMES,
    SHRUG: "Frontline outlook (will it last, does it fit, can we shift it)",
}


def min_group() -> int:
    return int(settings.JOINEDUP_MIN_ANONYMOUS_GROUP)


# The API publishes its own copy of these two records (api/partnerships.py), so its schema stays put.
@dataclass
class Score:
    mean: float | None
    n: int
    withheld: bool = False


@dataclass
class Results:
    check: HealthCheck
    n: int
    withheld: bool
    overall: dict[str, Score]
    by_side: dict[str, dict[str, Score]]
    warnings: list[str]
    talk_about: list[str]


def _response_means(answers: dict[str, int]) -> dict[str, float]:
    return {dim: statistics.fmean(answers[item.code] for item in items_of(dim)) for dim in RATED_DIMENSIONS}


def _score(rows: list[dict[str, float]], dim: str, shown: bool = True) -> Score:
    if not shown or len(rows) < min_group():
        return Score(None, len(rows), withheld=True)
    return Score(round(statistics.fmean(r[dim] for r in rows), 2), len(rows))


def shown_sides(counts: dict[str, int]) -> set[str]:
    """Sides whose split may be shown. A side under the minimum is withheld; and while the withheld sides
    together hold fewer than the minimum (but some answers), the smallest shown side is withheld too —
    otherwise the whole-round figure minus the shown sides would give away the small side's answers."""
    limit = min_group()
    shown = {side for side, n in counts.items() if n >= limit}
    hidden = sum(n for side, n in counts.items() if side not in shown)
    while shown and 0 < hidden < limit:
        smallest = min(shown, key=lambda side: (counts[side], side))
        shown.discard(smallest)
        hidden += counts[smallest]
    return shown


def check_results(check: HealthCheck, previous: HealthCheck | None = None) -> Results:
    """Results of one closed round, released all at once when it closes (never answer by answer, so two reads
    cannot be subtracted). Any group under the minimum is withheld, the whole round included; free text is
    shown only from sides with at least the minimum of responses, in the storage's random order and without sides."""
    if not check.is_closed(timezone.localdate()):
        return _unreleased(check)
    responses = list(check.responses.order_by("id"))
    rows = [_response_means(r.answers) for r in responses]
    sides = {
        s: [m for m, r in zip(rows, responses, strict=True) if r.side == s] for s in RespondentSide.values
    }
    shown = shown_sides({s: len(side_rows) for s, side_rows in sides.items()})
    overall = {dim: _score(rows, dim) for dim in RATED_DIMENSIONS}
    by_side = {
        s: {dim: _score(side_rows, dim, s in shown) for dim in RATED_DIMENSIONS}
        for s, side_rows in sides.items()
    }
    enough = len(rows) >= min_group()
    prior = check_results(previous) if previous is not None else None
    return Results(
        check=check,
        n=len(rows),
        withheld=not enough,
        overall=overall,
        by_side=by_side,
        warnings=_warnings(overall, by_side, prior) if enough else [],
        # A comment is not an average, so nothing subtracts: a side's comments show once that side has enough.
        talk_about=[r.talk_about for r in responses if r.talk_about and len(sides[r.side]) >= min_group()]
        if enough
        else [],
    )


def _unreleased(check: HealthCheck) -> Results:
    withheld = {dim: Score(None, 0, withheld=True) for dim in RATED_DIMENSIONS}
    return Results(
        check=check,
        n=0,
        withheld=True,
        overall=dict(withheld),
        by_side={s: dict(withheld) for s in RespondentSide.values},
        warnings=[],
        talk_about=[],
    )


def _warnings(
    overall: dict[str, Score], by_side: dict[str, dict[str, Score]], prior: Results | None
) -> list[str]:
    warnings = []
    side_names = dict(RespondentSide.choices)
    for dim in RATED_DIMENSIONS:
        label = DIMENSION_LABELS[dim]
        gap = _divergence(label, {s: by_side[s][dim].mean for s in by_side}, side_names)
        if gap:
            warnings.append(gap)
        before = prior.overall[dim].mean if prior is not None else None
        now = overall[dim].mean
        if before is not None and now is not None and before - now >= DROP - 1e-9:
            warnings.append(
                f"{label}: fell by {before - now:.2f} points since the last round ({before:.1f} to {now:.1f}; "
                f"a warning starts at a drop of {DROP})."
            )
    return warnings


def _divergence(label: str, means: dict[str, float | None], names: dict[str, str]) -> str | None:
    shown = {side: mean for side, mean in means.items() if mean is not None}
    if len(shown) < 2:
        return None
    high = max(shown, key=lambda side: shown[side])
    low = min(shown, key=lambda side: shown[side])
    gap = shown[high] - shown[low]
    if gap < DIVERGENCE_GAP - 1e-9:
        return None
    return (
        f"{label}: the sides see it differently — {names[high].lower()} {shown[high]:.1f} against "
        f"{names[low].lower()} {shown[low]:.1f}, a gap of {gap:.1f} points (a warning starts at "
        f"{DIVERGENCE_GAP:.0f})."
    )


@dataclass(frozen=True)
class CodesIssued:
    """The codes issued for one side of a round, in all, and who issued them."""

    side: str
    label: str
    count: int
    issued_by: list[str]


def codes_issued(check: HealthCheck) -> list[CodesIssued]:
    """Per side, in the sides' order, how many codes the leads issued for this round and who issued them: shown
    beside the round to every member, so a lead who issues codes nobody asked for (and could answer with them)
    is seen to. Says nothing of who used a code. A batch whose issuer is gone (account deleted) or was never a
    person (the demo, the load test) says "not recorded"."""
    batches = list(CodeBatch.objects.filter(check_round=check).select_related("issued_by"))
    out = []
    for side, label in RespondentSide.choices:
        mine = [b for b in batches if b.side == side]
        if mine:
            names = sorted({str(b.issued_by) if b.issued_by else "not recorded" for b in mine})
            out.append(CodesIssued(side, str(label), sum(b.count for b in mine), names))
    return out


def closed_checks(partnership: Partnership, today: date | None = None) -> list[HealthCheck]:
    today = today or timezone.localdate()
    return [c for c in partnership.health_checks.order_by("opens_on", "pk") if c.is_closed(today)]


def previous_check(check: HealthCheck) -> HealthCheck | None:
    rounds = closed_checks(check.partnership)
    earlier = [c for c in rounds if (c.opens_on, c.pk) < (check.opens_on, check.pk)]
    return earlier[-1] if earlier else None


def trends(partnership: Partnership) -> list[tuple[HealthCheck, dict[str, Score]]]:
    """Overall score of each dimension in each closed round, oldest first."""
    return [(c, check_results(c).overall) for c in closed_checks(partnership)]


def latest_results(partnership: Partnership) -> Results | None:
    rounds = closed_checks(partnership)
    if not rounds:
        return None
    return check_results(rounds[-1], rounds[-2] if len(rounds) > 1 else None)
