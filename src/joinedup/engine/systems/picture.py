"""Pictures of a causal map: SVG always, PNG through cairosvg when the Cairo library is present.

Polarity is shown by line style and a sign, not by colour alone (WCAG 1.4.1); owners by colour and the
legend. The picture is never the only way in: the site shows the same map as tables.
"""

import math
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from joinedup.engine.systems.model import CausalMap

OWNER_COLOURS = {
    "central": "#1d70b8",
    "local": "#00703c",
    "community": "#a0470d",
    "other": "#4c2c92",
    None: "#505a5f",
}
WIDTH, MARGIN, RADIUS = 960, 90, 12
# Labels are never cut: they wrap onto lines of about this many characters, on a white halo so a line
# passing behind does not hide them.
LABEL_LINE_CHARS = 22
# Past this many factors never placed, the picture puts them on a circle: linear time, not quadratic.
SPRING_MAX_FACTORS = 500


class PictureUnavailable(RuntimeError):
    """PNG needs cairosvg and the Cairo library; SVG is always available."""


def layout(cmap: CausalMap, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions: the map's own where every factor has one, else a seeded spring layout (deterministic)."""
    if cmap.factors and all(f.x is not None and f.y is not None for f in cmap.factors):
        return {f.id: (float(f.x or 0.0), float(f.y or 0.0)) for f in cmap.factors}
    graph = cmap.graph().to_undirected()
    if len(cmap.factors) <= 60:
        pos = nx.kamada_kawai_layout(graph) if len(cmap.factors) > 2 else nx.circular_layout(graph)
    elif len(cmap.factors) <= SPRING_MAX_FACTORS:
        pos = nx.spring_layout(graph, seed=seed)
    else:  # a spring layout costs factors² per step: 20 s of CPU at 2,000 factors, on every page view
        pos = nx.circular_layout(graph)
    return {node: (float(xy[0]), float(xy[1])) for node, xy in pos.items()}


def _fit(pos: dict[str, tuple[float, float]]) -> tuple[dict[str, tuple[float, float]], float]:
    """Scale positions into the canvas, keeping the aspect ratio; returns (positions, height)."""
    if not pos:
        return {}, 2 * MARGIN
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    scale = (WIDTH - 2 * MARGIN) / max(span_x, span_y)
    height = span_y * scale + 2 * MARGIN + 40
    fitted = {
        k: (MARGIN + (x - min(xs)) * scale, MARGIN + (y - min(ys)) * scale) for k, (x, y) in pos.items()
    }
    return fitted, height


def render_svg(cmap: CausalMap, *, title: str = "System map") -> str:
    """A standalone SVG document of the map: factors coloured by owner, links by polarity (+ solid, − dashed)."""
    pos, height = _fit(layout(cmap))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
        f'height="{height:.0f}" role="img" aria-labelledby="map-title map-desc" font-family="Arial, sans-serif">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<desc id="map-desc">{len(cmap.factors)} factors and {len(cmap.links)} links. '
        "Solid arrows: same direction (+). Dashed arrows: opposite direction (−). Dotted grey arrows: either "
        "way (?).</desc>",
        "<defs>",
        _marker("arrow-plus", "#0b0c0c"),
        _marker("arrow-minus", "#d4351c"),
        "</defs>",
        '<rect width="100%" height="100%" fill="#ffffff"/>',
    ]
    pairs = {(link.source, link.target) for link in cmap.links}
    parts += [_edge(cmap, i, pos, (link.target, link.source) in pairs) for i, link in enumerate(cmap.links)]
    parts += [_node(cmap, f.id, pos[f.id]) for f in cmap.factors]
    parts.append(_legend(height))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _marker(name: str, colour: str) -> str:
    return (
        f'<marker id="{name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>'
    )


def _edge(cmap: CausalMap, index: int, pos: dict[str, tuple[float, float]], has_reverse: bool) -> str:
    link = cmap.links[index]
    (x1, y1), (x2, y2) = pos[link.source], pos[link.target]
    if link.source == link.target:
        return _self_loop(link.polarity, x1, y1)
    dx, dy = x2 - x1, y2 - y1
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    # A link and its reverse would be drawn on top of each other: each is moved to its own side.
    shift = 5.0 if has_reverse else 0.0
    ox, oy = -uy * shift, ux * shift
    sx, sy = x1 + ux * RADIUS + ox, y1 + uy * RADIUS + oy
    tx, ty = x2 - ux * (RADIUS + 2) + ox, y2 - uy * (RADIUS + 2) + oy
    minus = link.polarity == "-"
    unknown = link.polarity == "?"
    colour, dash = ("#d4351c", ' stroke-dasharray="6 4"') if minus else ("#0b0c0c", "")
    if unknown:
        colour, dash = "#505a5f", ' stroke-dasharray="2 3"'
    sign = "?" if unknown else "−" if minus else "+"
    label = f"{cmap.label(link.source)} to {cmap.label(link.target)}: {sign}"
    mx, my = (sx + tx) / 2 - uy * 9, (sy + ty) / 2 + ux * 9
    delay = (
        f'<text x="{(sx + tx) / 2:.1f}" y="{(sy + ty) / 2 + 4:.1f}" font-size="11" fill="#505a5f">delay</text>'
        if link.delay
        else ""
    )
    return (
        f"<g><title>{escape(label)}</title>"
        f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{tx:.1f}" y2="{ty:.1f}" stroke="{colour}" stroke-width="1.5"{dash} '
        f'marker-end="url(#{"arrow-minus" if minus else "arrow-plus"})"/>'
        f'<text x="{mx:.1f}" y="{my + 4:.1f}" font-size="12" font-weight="bold" fill="{colour}" '
        f'text-anchor="middle">{sign}</text>{delay}</g>'
    )


def _self_loop(polarity: str, x: float, y: float) -> str:
    colour = "#d4351c" if polarity == "-" else "#0b0c0c"
    return (
        f'<path d="M {x - 6:.1f} {y - RADIUS:.1f} C {x - 30:.1f} {y - 50:.1f} {x + 30:.1f} {y - 50:.1f} '
        f'{x + 6:.1f} {y - RADIUS:.1f}" fill="none" stroke="{colour}" stroke-width="1.5" '
        f'marker-end="url(#{"arrow-minus" if polarity == "-" else "arrow-plus"})"/>'
    )


def _node(cmap: CausalMap, factor_id: str, xy: tuple[float, float]) -> str:
    factor = cmap.factor(factor_id)
    owner = factor.owner or "owner not known"
    lines = "".join(
        f'<tspan x="{xy[0]:.1f}" dy="{0 if i == 0 else 15}">{escape(line)}</tspan>'
        for i, line in enumerate(label_lines(factor.label))
    )
    # The label twice: a white outline first (a halo, so links behind do not cross the words), then the words.
    # Two copies rather than paint-order, which not every SVG renderer (cairosvg, for PNG) supports.
    text = f'<text x="{xy[0]:.1f}" y="{xy[1] + RADIUS + 14:.1f}" font-size="13" text-anchor="middle"'
    return (
        f"<g><title>{escape(factor.label)} ({escape(owner)})</title>"
        f'<circle cx="{xy[0]:.1f}" cy="{xy[1]:.1f}" r="{RADIUS}" fill={quoteattr(OWNER_COLOURS[factor.owner])} '
        'stroke="#0b0c0c"/>'
        f'{text} fill="#ffffff" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" aria-hidden="true">'
        f"{lines}</text>"
        f'{text} fill="#0b0c0c">{lines}</text></g>'
    )


def label_lines(label: str, width: int = LABEL_LINE_CHARS) -> list[str]:
    """The whole label in lines of about `width` characters, broken between words (a longer word has a
    line of its own, whole)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _legend(height: float) -> str:
    items = [
        ("central", "Central"),
        ("local", "Local"),
        ("community", "Community"),
        ("other", "Other"),
        (None, "Not known"),
    ]
    y = height - 24
    out = ['<g font-size="13">']
    for i, (owner, name) in enumerate(items):
        x = 20 + i * 120
        out.append(f'<circle cx="{x}" cy="{y}" r="7" fill="{OWNER_COLOURS[owner]}" stroke="#0b0c0c"/>')
        out.append(f'<text x="{x + 12}" y="{y + 5}">{name}</text>')
    out.append("</g>")
    return "".join(out)


def render_png(svg: str, *, scale: float = 1.5) -> bytes:
    """The SVG as PNG bytes; raises PictureUnavailable where cairosvg or the Cairo library is missing."""
    try:
        import cairosvg  # type: ignore[import-untyped]  # ships no type hints
    except (ImportError, OSError) as err:  # OSError: the package is there but libcairo is not
        raise PictureUnavailable(f"PNG pictures need cairosvg and the Cairo library ({err})") from err
    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
    return png
