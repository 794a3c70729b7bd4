"""docs/benchmarks.md is made from the per-area pages by bench/collect.py, never edited by hand: a figure
changed in one place only would leave the two disagreeing."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_benchmarks_page_is_what_collect_makes_of_the_area_pages():
    spec = importlib.util.spec_from_file_location("collect", ROOT / "bench" / "collect.py")
    assert spec is not None and spec.loader is not None
    collect = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(collect)
    on_disk = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert on_disk == collect.render(), "edit docs/benchmarks/<area>.md, then run: python bench/collect.py"
