"""`joinedup systems analyse` and `joinedup systems convert`, from files to files."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from joinedup.engine.systems import formats

GRAPHML = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="label" attr.type="string"/>
  <key id="d1" for="node" attr.name="owner" attr.type="string"/>
  <key id="d2" for="edge" attr.name="polarity" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="voids"><data key="d0">Empty homes</data><data key="d1">local</data></node>
    <node id="crime"><data key="d0">Street crime</data><data key="d1">community</data></node>
    <node id="targets"><data key="d0">Reporting demands</data><data key="d1">central</data></node>
    <edge source="voids" target="crime"><data key="d2">+</data></edge>
    <edge source="crime" target="voids"><data key="d2">+</data></edge>
    <edge source="crime" target="targets"><data key="d2">+</data></edge>
    <edge source="targets" target="voids"><data key="d2">-</data></edge>
  </graph>
</graphml>
"""


@pytest.fixture
def map_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.graphml"
    path.write_text(GRAPHML)
    return path


def test_it_writes_the_analysis_json(map_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "analysis.json"
    call_command("systems", "analyse", str(map_file), "--out", str(out), "--max-length", "8")
    report = json.loads(out.read_text())
    keys = ("factors", "type", "length", "delays", "story")
    assert [{k: loop[k] for k in keys} for loop in report["loops"]] == [
        {
            "factors": ["voids", "crime"],
            "type": "reinforcing",
            "length": 2,
            "delays": 0,
            "story": "more Empty homes → more Street crime → more Empty homes",
        },
        {
            "factors": ["voids", "crime", "targets"],
            "type": "balancing",
            "length": 3,
            "delays": 0,
            "story": "more Empty homes → more Street crime → more Reporting demands → less Empty homes",
        },
    ]
    assert [item["factor"] for item in report["leverage"]][:1] == ["crime"]
    assert all(isinstance(item["score"], float) for item in report["leverage"])
    assert {(b["source"], b["target"]) for b in report["cross_boundary_links"]} == {
        ("voids", "crime"),
        ("crime", "voids"),
        ("crime", "targets"),
        ("targets", "voids"),
    }


def test_it_bounds_the_loop_length(map_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "analysis.json"
    call_command("systems", "analyse", str(map_file), "--out", str(out), "--max-length", "2")
    assert [loop["factors"] for loop in json.loads(out.read_text())["loops"]] == [["voids", "crime"]]


def test_it_adds_what_if_answers(map_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "analysis.json"
    call_command("systems", "analyse", str(map_file), "--out", str(out), "--what-if", "targets")
    (answer,) = json.loads(out.read_text())["what_if"]
    assert {e["factor"]: e["sign"] for e in answer["effects"]} == {"voids": "-", "crime": "-"}


def test_it_names_the_line_of_a_bad_link(tmp_path: Path) -> None:
    path = tmp_path / "bad.graphml"
    path.write_text(GRAPHML.replace('target="targets"', 'target="nowhere"'))
    with pytest.raises(
        CommandError,
        match=r"bad.graphml line 12 \(edge 'crime' → 'nowhere'\): the link refers to an unknown factor 'nowhere'",
    ):
        call_command("systems", "analyse", str(path), "--out", str(tmp_path / "a.json"))
    assert not (tmp_path / "a.json").exists()


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command("systems", "analyse", str(tmp_path / "none.graphml"), "--out", str(tmp_path / "a.json"))


def test_it_converts_between_formats(map_file: Path, tmp_path: Path) -> None:
    call_command(
        "systems",
        "convert",
        str(map_file),
        "--out",
        str(tmp_path / "f.csv"),
        "--links-out",
        str(tmp_path / "l.csv"),
    )
    back = formats.read_csv((tmp_path / "f.csv").read_text(), (tmp_path / "l.csv").read_text())
    assert back == formats.read_graphml(GRAPHML)
    call_command(
        "systems",
        "convert",
        str(tmp_path / "f.csv"),
        "--links",
        str(tmp_path / "l.csv"),
        "--out",
        str(tmp_path / "m.svg"),
    )
    assert (tmp_path / "m.svg").read_text().startswith("<svg")


def test_the_joinedup_command_runs_it_without_loading_every_app(map_file: Path, tmp_path: Path) -> None:
    """`joinedup systems` reads files only, so it skips Django's whole start-up (why a refusal is quick)."""
    import subprocess
    import sys

    out = tmp_path / "analysis.json"
    probe = (
        "import sys, django.apps; from joinedup import cli; "
        f"cli.main(['joinedup', 'systems', 'analyse', {str(map_file)!r}, '--out', {str(out)!r}]); "
        "sys.exit(3 if django.apps.apps.ready else 0)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text())["loops"]
