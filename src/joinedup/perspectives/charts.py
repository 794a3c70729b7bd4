"""The opinion map as a server-rendered SVG: participants as points, each group outlined by its convex hull.

No script and no style attributes (the CSP forbids them). Groups differ by shape as well as colour, so the
map reads without colour; the page gives the same facts as a table beside it.
"""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK palette colours with at least 3:1 contrast against white (WCAG non-text contrast).
GROUP_COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#b58840", "#28a197", "#f47738", "#912b88"]
UNGROUPED = "#505a5f"
WIDTH, HEIGHT, PAD = 640, 420, 36

Point = tuple[float, float]


def convex_hull(points: Sequence[Point]) -> list[Point]:
    """Andrew's monotone chain: the hull's corners anticlockwise (fewer than 3 distinct points: those points)."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    def half(seq: Sequence[Point]) -> list[Point]:
        chain: list[Point] = []
        for p in seq:
            while len(chain) >= 2 and cross(chain[-2], chain[-1], p) <= 0:
                chain.pop()
            chain.append(p)
        return chain

    lower, upper = half(pts), half(pts[::-1])
    return lower[:-1] + upper[:-1]


def _scaler(points: Sequence[Point]) -> tuple[float, float, float, float]:
    """Scale and offsets that fit every point inside the padded drawing, keeping the aspect ratio."""
    xs, ys = [p[0] for p in points] or [0.0], [p[1] for p in points] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    scale = min(WIDTH - 2 * PAD, HEIGHT - 2 * PAD) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return scale, cx, cy, span


def _marker(shape: int, x: float, y: float, colour: str, label: str) -> str:
    title = f"<title>{escape(label)}</title>"
    if shape % 3 == 1:  # square
        return f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}">{title}</rect>'
    if shape % 3 == 2:  # triangle
        path = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}"
        return f'<polygon points="{path}" fill="{colour}">{title}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}">{title}</circle>'


def opinion_map_svg(
    *, ident: str, points: Sequence[tuple[float, float, int | None]], group_names: dict[int, str]
) -> SafeString:
    """`points`: (x, y, group id or None); no participant numbers, so no mark can be tied to a person who
    joined at a known moment. Hulls are drawn under the points."""
    scale, cx, cy, _ = _scaler([(x, y) for x, y, _ in points])

    def at(x: float, y: float) -> Point:
        return WIDTH / 2 + (x - cx) * scale, HEIGHT / 2 - (y - cy) * scale

    body = [f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff" stroke="#b1b4b6"/>']
    for group_id, name in sorted(group_names.items()):
        members = [at(x, y) for x, y, g in points if g == group_id]
        body.extend(_outline(members, GROUP_COLOURS[group_id % len(GROUP_COLOURS)], name))
    for x, y, gid in points:
        colour = UNGROUPED if gid is None else GROUP_COLOURS[gid % len(GROUP_COLOURS)]
        where = "Not yet in a group" if gid is None else group_names.get(gid, "")
        body.append(_marker(0 if gid is None else gid, *at(x, y), colour, where))
    desc = (
        f"{len(points)} participants placed by how they voted: people who voted alike are close together. "
        f"{len(group_names)} opinion groups are outlined. The table that follows gives the same facts."
    )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ju-chart ju-opinion-map" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" font-family="Arial, sans-serif" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">Opinion map</title><desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 — every text piece is escaped above


def _outline(members: list[Point], colour: str, name: str) -> list[str]:
    if not members:
        return []
    hull = convex_hull(members)
    parts = []
    if len(hull) >= 3:
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in hull)
        parts.append(
            f'<polygon class="ju-group-outline" points="{corners}" fill="{colour}" fill-opacity="0.12" '
            f'stroke="{colour}" stroke-width="2" stroke-linejoin="round"/>'
        )
    elif len(hull) == 2:  # a hull of two points is a line: draw it as a thick rounded band
        (x1, y1), (x2, y2) = hull
        parts.append(
            f'<line class="ju-group-outline" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{colour}" stroke-width="24" stroke-opacity="0.2" stroke-linecap="round"/>'
        )
    else:  # everyone in the group voted alike, so they share one point: ring it
        (x, y) = hull[0]
        parts.append(
            f'<circle class="ju-group-outline" cx="{x:.1f}" cy="{y:.1f}" r="14" fill="{colour}" '
            f'fill-opacity="0.12" stroke="{colour}" stroke-width="2"/>'
        )
    lx = sum(x for x, _ in members) / len(members)
    ly = min(y for _, y in members) - 12
    parts.append(
        f'<text x="{lx:.1f}" y="{max(ly, 14):.1f}" text-anchor="middle" font-size="14" font-weight="bold" '
        f'fill="#0b0c0c">{escape(name)}</text>'
    )
    return parts
