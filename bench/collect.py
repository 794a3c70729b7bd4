"""Gather the per-area benchmark pages (docs/benchmarks/*.md) into docs/benchmarks.md.

Run: .venv/bin/python bench/collect.py — each area's page keeps its own figures, commands and machine notes;
this only stitches them into one document with a table of contents.
"""

from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"
ORDER = [
    "directory",
    "directory-ranked",
    "places",
    "startup",
    "matching",
    "matching-site",
    "opinions",
    "perspectives-site",
    "systems",
    "learning",
    "spending",
    "load",
    "notifications",
]


def render() -> str:
    """docs/benchmarks.md as the per-area pages make it."""
    pages = sorted((DOCS / "benchmarks").glob("*.md"), key=lambda p: (ORDER + [p.stem]).index(p.stem))
    parts = [
        "# Benchmarks\n",
        "Speed and quality figures, each with the command that produced it, the data size and the machine. The "
        "machines are shared 2-core boxes: ratios are quoted against a baseline measured in the same run, and load "
        "averages are given where other work was running. Each section is kept in `docs/benchmarks/<area>.md`; "
        "`python bench/collect.py` rebuilds this page.\n",
    ]
    parts += [f"- [{_title(p)}](#{_anchor(_title(p))})" for p in pages]
    for page in pages:
        text = page.read_text(encoding="utf-8").strip()
        # Each page's own "# Title" becomes a second-level heading here.
        lines = [("#" + line) if line.startswith("#") else line for line in text.splitlines()]
        parts.append("\n" + "\n".join(lines) + "\n")
    return "\n".join(parts)


def main() -> None:
    (DOCS / "benchmarks.md").write_text(render(), encoding="utf-8")


def _title(page: Path) -> str:
    first = page.read_text(encoding="utf-8").splitlines()[0]
    return first.lstrip("#").strip() or page.stem


def _anchor(title: str) -> str:
    return "".join(c for c in title.lower().replace(" ", "-") if c.isalnum() or c == "-")


if __name__ == "__main__":
    main()
