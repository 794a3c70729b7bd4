"""Reading and writing map files on disk for the command line; the engine does the parsing."""

from pathlib import Path

from joinedup.systemmaps.compute import CausalMap, formats, render_png, render_svg

READ_FORMATS = ("graphml", "kumu-json", "csv", "kumu-csv")
WRITE_FORMATS = ("graphml", "kumu-json", "csv", "kumu-csv", "svg", "png")


def format_guess(path: Path) -> str:
    suffix = path.suffix.lower()
    return {
        ".graphml": "graphml",
        ".xml": "graphml",
        ".json": "kumu-json",
        ".csv": "csv",
        ".svg": "svg",
        ".png": "png",
    }.get(suffix, "graphml")


def map_read(path: Path, *, fmt: str, second: Path | None = None) -> CausalMap:
    """The map in `path` (and, for the two-file CSV layouts, `second`: links.csv or connections.csv)."""
    data = path.read_bytes()
    if fmt == "graphml":
        return formats.read_graphml(data, name=path.name)
    if fmt == "kumu-json":
        return formats.read_kumu_json(data, name=path.name)
    if second is None:
        raise ValueError(f"the {fmt} layout needs a second file (--links)")
    names = (path.name, second.name)
    if fmt == "csv":
        return formats.read_csv(data, second.read_bytes(), names=names)
    return formats.read_kumu_csv(data, second.read_bytes(), names=names)


def map_write(
    cmap: CausalMap, path: Path, *, fmt: str, second: Path | None = None, title: str = "System map"
) -> None:
    if fmt in ("csv", "kumu-csv"):
        if second is None:
            raise ValueError(f"the {fmt} layout needs a second file (--links-out)")
        first_text, second_text = formats.write_csv(cmap) if fmt == "csv" else formats.write_kumu_csv(cmap)
        path.write_text(first_text, encoding="utf-8")
        second.write_text(second_text, encoding="utf-8")
    elif fmt == "png":
        path.write_bytes(render_png(render_svg(cmap, title=title)))
    else:
        writers = {"graphml": formats.write_graphml, "kumu-json": formats.write_kumu_json}
        text = render_svg(cmap, title=title) if fmt == "svg" else writers[fmt](cmap)
        path.write_text(text, encoding="utf-8")
