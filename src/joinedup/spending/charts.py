"""The flow picture: money from its sources, through the bodies that spend it, to the themes it is spent on.

A server-rendered SVG of bands between three columns (a Sankey diagram), with a title and a description that say
in words what it shows; the page gives the same figures in a table beside it. No script, no style attributes (CSP).
A column shows its largest MAX_NODES entries and puts the rest together as "Others".
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from joinedup.spending.selectors import Flow

K = TypeVar("K")
MAX_NODES = 8
OTHERS = "Others"
COLOURS = ["#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#505a5f", "#f47738", "#5694ca", "#85994b", "#912b88"]
WIDTH, TOP, PLOT_H, NODE_W, GAP = 1000, 30, 440, 14, 10
COLUMN_X = [200, 493, 786]
HEADINGS = ["Whose money", "Who spends it", "On what"]


@dataclass
class _Node:
    name: str
    amount: Decimal
    y: float = 0.0
    h: float = 0.0
    out_y: float = 0.0
    in_y: float = 0.0


def money(amount: Decimal) -> str:
    """£ in words a reader takes in at a glance: £1.2m, £350k, £900."""
    value = float(amount)
    if value >= 1_000_000:
        return f"£{value / 1_000_000:,.1f}m"
    if value >= 10_000:
        return f"£{value / 1_000:,.0f}k"
    return f"£{value:,.0f}"


def _top(amounts: dict[str, Decimal]) -> dict[str, str]:
    """Each name's place in the column: itself if among the largest, else Others."""
    ranked = sorted(amounts, key=lambda name: (-amounts[name], name))
    keep = set(ranked[: MAX_NODES - 1]) if len(ranked) > MAX_NODES else set(ranked)
    return {name: (name if name in keep else OTHERS) for name in ranked}


def _column(pairs: Iterable[tuple[str, Decimal]]) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    for name, amount in pairs:
        node = nodes.setdefault(name, _Node(name, Decimal(0)))
        node.amount += amount
    return dict(sorted(nodes.items(), key=lambda item: (item[0] == OTHERS, -item[1].amount)))


def _lay_out(nodes: dict[str, _Node], scale: float) -> None:
    y = float(TOP)
    for node in nodes.values():
        node.h = max(float(node.amount) * scale, 1.5)
        node.y = node.out_y = node.in_y = y
        y += node.h + GAP


def _band(x0: float, y0: float, x1: float, y1: float, h: float, colour: str, label: str) -> str:
    mid = (x0 + x1) / 2
    path = (
        f"M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
        f"L{x1:.1f},{y1 + h:.1f} C{mid:.1f},{y1 + h:.1f} {mid:.1f},{y0 + h:.1f} {x0:.1f},{y0 + h:.1f} Z"
    )
    return f'<path d="{path}" fill="{colour}" fill-opacity="0.35"><title>{escape(label)}</title></path>'


def flow_chart(*, ident: str, title: str, flows: list[Flow]) -> SafeString:
    """Sources → bodies → themes, band widths in proportion to the money."""
    sources = _top(_sum((f.source, f.amount) for f in flows))
    bodies = _top(_sum((f.body, f.amount) for f in flows))
    themes = _top(_sum((f.theme, f.amount) for f in flows))
    left = _sum(((sources[f.source], bodies[f.body]), f.amount) for f in flows)
    right = _sum(((bodies[f.body], themes[f.theme]), f.amount) for f in flows)
    columns = [
        _column((sources[f.source], f.amount) for f in flows),
        _column((bodies[f.body], f.amount) for f in flows),
        _column((themes[f.theme], f.amount) for f in flows),
    ]
    total = sum((f.amount for f in flows), Decimal(0))
    most = max(len(c) for c in columns) if flows else 1
    scale = (PLOT_H - GAP * (most - 1)) / float(total) if total else 0.0
    for column in columns:
        _lay_out(column, scale)
    colour = {name: COLOURS[i % len(COLOURS)] for i, name in enumerate(columns[0])}
    body_colour = {name: COLOURS[i % len(COLOURS)] for i, name in enumerate(columns[1])}
    parts: list[str] = []
    for i, heading in enumerate(HEADINGS):
        anchor = "end" if i == 0 else "start"
        x = COLUMN_X[i] + (-6 if i == 0 else NODE_W + 6 if i == 2 else 0)
        parts.append(
            f'<text x="{x}" y="16" text-anchor="{anchor}" font-size="14" font-weight="bold" fill="#0b0c0c">{heading}</text>'
        )
    for step, (links, colours) in enumerate(((left, colour), (right, body_colour))):
        for (a, b), amount in sorted(links.items(), key=lambda item: -item[1]):
            src, dst, h = columns[step][a], columns[step + 1][b], float(amount) * scale
            x0, x1 = COLUMN_X[step] + NODE_W, COLUMN_X[step + 1]
            parts.append(_band(x0, src.out_y, x1, dst.in_y, h, colours[a], f"{a} → {b}: {money(amount)}"))
            src.out_y += h
            dst.in_y += h
    for i, column in enumerate(columns):
        for node in column.values():
            parts.append(
                f'<rect x="{COLUMN_X[i]}" y="{node.y:.1f}" width="{NODE_W}" height="{node.h:.1f}" fill="#0b0c0c">'
                f"<title>{escape(node.name)}: {money(node.amount)}</title></rect>"
            )
            x, anchor = (COLUMN_X[i] - 6, "end") if i == 0 else (COLUMN_X[i] + NODE_W + 6, "start")
            parts.append(
                f'<text x="{x}" y="{node.y + node.h / 2 + 4:.1f}" text-anchor="{anchor}" font-size="12" '
                f'fill="#0b0c0c" stroke="#ffffff" stroke-width="3" paint-order="stroke">'
                f"{escape(_short(node.name))} {money(node.amount)}</text>"
            )
    height = max((n.y + n.h for c in columns for n in c.values()), default=TOP) + 16
    desc = describe(flows)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ju-chart ju-flow" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" font-family="Arial, sans-serif" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(parts) + "</svg>")  # noqa: S308 — every text piece is escaped above


def describe(flows: list[Flow]) -> str:
    """The flow picture in words: its text alternative."""
    if not flows:
        return "No spend is counted for this year."
    sources = _sum((f.source, f.amount) for f in flows)
    bodies = _sum((f.body, f.amount) for f in flows)
    themes = _sum((f.theme, f.amount) for f in flows)
    total = sum(sources.values(), Decimal(0))

    def largest(amounts: dict[str, Decimal]) -> str:
        name = max(amounts, key=lambda n: (amounts[n], n))
        return f"{name} ({money(amounts[name])})"

    return (
        f"{money(total)} flows from {len(sources)} sources of money through {len(bodies)} bodies to "
        f"{len(themes)} themes. The largest source is {largest(sources)}, the largest spender is "
        f"{largest(bodies)} and the largest theme is {largest(themes)}. The table of flows below gives every figure."
    )


def _sum(pairs: Iterable[tuple[K, Decimal]]) -> dict[K, Decimal]:
    found: dict[K, Decimal] = defaultdict(Decimal)
    for key, amount in pairs:
        found[key] += amount
    return dict(found)


def _short(name: str, limit: int = 34) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
