"""A count's totals for other tools: a CSV of totals, and a 360Giving-like JSON of the money one body gives another.

Both hold the lines this user may see, summed (year, theme, body, source), never the lines themselves. Only money
that passes from a funder to the body that spends it is a grant in 360Giving's sense; a body's own money is in
the CSV but not in the JSON.
"""

import io
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from joinedup import csvsafe
from joinedup.accounts.actors import Actor
from joinedup.places.models import Organisation
from joinedup.spending.models import Confidence, SpendCount, Theme, financial_year
from joinedup.spending.selectors import LOCAL_SOURCE, lines_visible

CSV_COLUMNS = [
    "year",
    "theme",
    "body",
    "funding_source",
    "central_or_local",
    "amount",
    "audited_amount",
    "lines",
]


def _rows(count: SpendCount, user: Actor | None) -> tuple[list[dict[str, Any]], dict[Any, Organisation]]:
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in lines_visible(count=count, user=user)
        .order_by()
        .values("year", "theme", "body", "funder", "is_central")
        .annotate(
            total=Sum("amount"),
            audited=Sum("amount", filter=Q(confidence=Confidence.AUDITED)),
            lines=Count("id"),
        )
        .order_by("year", "theme", "body", "funder")
    ]
    ids = {r["body"] for r in rows} | {r["funder"] for r in rows if r["funder"]}
    return rows, Organisation.objects.in_bulk(ids)


def totals_csv(*, count: SpendCount, user: Actor | None) -> str:
    rows, orgs = _rows(count, user)
    themes = dict(Theme.choices)
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                csvsafe.Verbatim(financial_year(r["year"])),
                themes[r["theme"]],
                orgs[r["body"]].name,
                orgs[r["funder"]].name if r["funder"] else LOCAL_SOURCE,
                "central" if r["is_central"] else "local",
                csvsafe.Verbatim(f"{r['total']:.2f}"),
                csvsafe.Verbatim(f"{r['audited'] or Decimal(0):.2f}"),
                r["lines"],
            ]
        )
    return out.getvalue()


def _org(org: Organisation) -> dict[str, str]:
    return {"id": f"XI-JOINEDUP-{org.slug}", "name": org.name}


def giving_json(*, count: SpendCount, user: Actor | None, url: str) -> dict[str, Any]:
    """360Giving-like grants: one per (year, theme, funder, body) of money passed from a funder to a body."""
    rows, orgs = _rows(count, user)
    themes = dict(Theme.choices)
    place = count.place
    grants = []
    for r in rows:
        if not r["funder"] or r["funder"] == r["body"]:
            continue
        body, funder, year = orgs[r["body"]], orgs[r["funder"]], r["year"]
        grants.append(
            {
                "id": f"XI-JOINEDUP-spend-{count.pk}-{year}-{r['theme']}-{funder.pk}-{body.pk}",
                "title": f"{themes[r['theme']]} in {place.name}, {financial_year(year)}",
                "description": f"Money from {funder.name} spent by {body.name} on {themes[r['theme']].lower()} "
                f"in {place.name} ({r['lines']} lines of the count “{count.title}”).",
                "currency": "GBP",
                "amountAwarded": float(r["total"]),
                "awardDate": f"{year}-04-01",
                "plannedDates": [{"startDate": f"{year}-04-01", "endDate": f"{year + 1}-03-31"}],
                "recipientOrganization": [_org(body)],
                "fundingOrganization": [_org(funder)],
                "beneficiaryLocation": [{"name": place.name, "geoCode": place.gss_code, "geoCodeType": "LA"}],
                "classifications": [
                    {"vocabulary": "joinedup-spend-theme", "code": r["theme"], "title": themes[r["theme"]]}
                ],
                "dataSource": url,
            }
        )
    return {
        "grants": grants,
        "illustrative": count.is_illustrative,
        "note": "Totals of a Total Place-style count on Joined Up; a body's own money is not a grant and is left out.",
    }
