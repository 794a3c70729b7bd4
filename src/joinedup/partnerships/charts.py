"""Server-rendered SVG charts of health-check results. Each chart has a title and description for screen
readers, and the page always shows the same figures as a table beside it. No script, no style attributes (CSP)."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SERIES_COLOURS = ["#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#505a5f", "#f47738"]


def _svg(width: int, height: int, title: str, desc: str, body: list[str], ident: str) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ju-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" font-family="Arial, sans-serif" role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 — every text piece is escaped above


def bar_chart(
    *, ident: str, title: str, categories: list[str], series: list[tuple[str, list[float | None]]]
) -> SafeString:
    """Horizontal grouped bars on a 1–5 scale: one group per category, one bar per series (None = not shown)."""
    label_w, plot_w, bar_h, gap = 230, 420, 14, 12
    group_h = bar_h * len(series) + gap
    legend_h = 24
    height = legend_h + group_h * len(categories) + 30
    width = label_w + plot_w + 60
    body = _legend([name for name, _ in series], legend_h)
    for i, category in enumerate(categories):
        y0 = legend_h + i * group_h
        body.append(
            f'<text x="{label_w - 8}" y="{y0 + group_h / 2}" text-anchor="end" font-size="13" '
            f'fill="#0b0c0c">{escape(category)}</text>'
        )
        for j, (name, values) in enumerate(series):
            value = values[i]
            if value is None:
                continue
            y = y0 + j * bar_h
            w = plot_w * (value - 1) / 4
            body.append(
                f'<rect x="{label_w}" y="{y}" width="{max(w, 2):.1f}" height="{bar_h - 2}" '
                f'fill="{SERIES_COLOURS[j % len(SERIES_COLOURS)]}"><title>{escape(name)}: {value:.1f}</title></rect>'
            )
            body.append(
                f'<text x="{label_w + max(w, 2) + 4:.1f}" y="{y + bar_h - 4}" font-size="11" '
                f'fill="#0b0c0c">{value:.1f}</text>'
            )
    body.extend(_axis(label_w, plot_w, height - 26))
    desc = "Bar chart of scores from 1 (low) to 5 (high). The table that follows gives the same figures."
    return _svg(width, height, title, desc, body, ident)


def line_chart(
    *, ident: str, title: str, rounds: list[str], series: list[tuple[str, list[float | None]]]
) -> SafeString:
    """Scores of each series across rounds on a 1–5 scale; gaps where a round's figure is withheld."""
    left, top, plot_w, plot_h = 50, 34, 560, 220
    width, height = left + plot_w + 40, top + plot_h + 50
    body = _legend([name for name, _ in series], 24)
    for level in range(1, 6):
        y = top + plot_h * (5 - level) / 4
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y}" y2="{y}" stroke="#b1b4b6"/>')
        body.append(
            f'<text x="{left - 8}" y="{y + 4}" text-anchor="end" font-size="11" fill="#0b0c0c">{level}</text>'
        )
    step = plot_w / max(len(rounds) - 1, 1)
    for k, name in enumerate(rounds):
        body.append(
            f'<text x="{left + k * step:.1f}" y="{top + plot_h + 20}" text-anchor="middle" font-size="11" '
            f'fill="#0b0c0c">{escape(name)}</text>'
        )
    for j, (name, values) in enumerate(series):
        colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
        points = [
            (left + k * step, top + plot_h * (5 - v) / 4) for k, v in enumerate(values) if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body.extend(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"><title>{escape(name)}</title></circle>'
            for x, y in points
        )
    desc = "Line chart of each dimension's score (1 low, 5 high) in each round. The table that follows gives the same figures."
    return _svg(width, height, title, desc, body, ident)


def _legend(names: list[str], height: int) -> list[str]:
    parts, x = [], 0
    for j, name in enumerate(names):
        colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="15" font-size="12" fill="#0b0c0c">{escape(name)}</text>')
        x += 24 + 8 * len(name)
    return parts


def _axis(left: int, plot_w: int, y: float) -> list[str]:
    parts = [f'<line x1="{left}" x2="{left + plot_w}" y1="{y}" y2="{y}" stroke="#0b0c0c"/>']
    for level in range(1, 6):
        x = left + plot_w * (level - 1) / 4
        parts.append(
            f'<text x="{x}" y="{y + 16}" text-anchor="middle" font-size="11" fill="#0b0c0c">{level}</text>'
        )
    return parts
