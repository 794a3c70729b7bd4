"""`joinedup match` from files: outputs that can be checked independently, and row errors for bad input."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = "id,name,email,sector,organisation,level,places,policy_areas,offers,seeks\n"
ROWS = [
    "c1,Ann,,central,dept-a,senior,E08000035,housing;health,advice on housing policy,council delivery of homes",
    "c2,Bob,bob@example.org,central,dept-b,manager,E09000001,transport,bus funding rules,local bus franchising",
    "c3,Cat,,central,dept-a,frontline,,health,jobcentre casework,integrated care",
    "l1,Dee,,local,council-x,manager,E08000035,housing,council delivery of homes,advice on housing policy",
    "l2,Eve,,local,council-y,manager,E09000001;E09000002,transport,local bus franchising,bus funding rules",
    "l3,Fay,,local,council-z,senior,E06000001,health,integrated care,jobcentre casework",
]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def test_it_writes_pairs_with_score_parts_and_the_candidate_edges(tmp_path):
    people = write(tmp_path, "people.csv", HEADER + "\n".join(ROWS) + "\n")
    out, edges = tmp_path / "pairs.csv", tmp_path / "edges.csv"
    call_command(
        "match",
        "run",
        "--kind",
        "coffee",
        "--people",
        str(people),
        "--out",
        str(out),
        "--candidates-out",
        str(edges),
        "--seed",
        "1",
    )
    pairs = read(out)
    assert list(pairs[0]) == [
        "person_a",
        "person_b",
        "score",
        "policy_areas",
        "places",
        "text",
        "experience",
        "level",
        "third",
    ]
    assert {frozenset((p["person_a"], p["person_b"])) for p in pairs} == {
        frozenset(("c1", "l1")),
        frozenset(("c2", "l2")),
        frozenset(("c3", "l3")),
    }
    for p in pairs:
        parts = sum(float(p[k]) for k in ("policy_areas", "places", "text", "experience", "level"))
        assert float(p["score"]) == pytest.approx(parts, abs=1e-5)
    edge_rows = read(edges)
    assert list(edge_rows[0]) == ["person_a", "person_b", "score"]
    assert len(edge_rows) == 9  # every central with every local: k=50 covers them all


def test_it_never_repeats_a_pair_in_the_history_file(tmp_path):
    people = write(tmp_path, "people.csv", HEADER + "\n".join(ROWS) + "\n")
    history = write(tmp_path, "history.csv", "person_a,person_b\nc1,l1\nl2,c2\n")
    out = tmp_path / "pairs.csv"
    call_command("match", "run", "--people", str(people), "--history", str(history), "--out", str(out))
    pairs = {frozenset((p["person_a"], p["person_b"])) for p in read(out)}
    assert not pairs & {frozenset(("c1", "l1")), frozenset(("c2", "l2"))}


def test_it_refuses_an_unknown_sector_and_a_duplicate_id_with_row_errors(tmp_path, capsys):
    bad = ROWS[:2] + [ROWS[2].replace(",central,", ",centrl,"), ROWS[3].replace("l1,", "c1,", 1)]
    people = write(tmp_path, "people.csv", HEADER + "\n".join(bad) + "\n")
    out = tmp_path / "pairs.csv"
    with pytest.raises(CommandError, match="Nothing written: 2 error"):
        call_command("match", "run", "--people", str(people), "--out", str(out))
    err = capsys.readouterr().err
    assert "Row 4, sector: “centrl” is not a sector" in err
    assert "Row 5, id: the same id as row 2" in err
    assert not out.exists()


def test_it_refuses_history_naming_unknown_people(tmp_path, capsys):
    people = write(tmp_path, "people.csv", HEADER + "\n".join(ROWS) + "\n")
    history = write(tmp_path, "history.csv", "person_a,person_b\nc1,zz\n")
    with pytest.raises(CommandError):
        call_command(
            "match",
            "run",
            "--people",
            str(people),
            "--history",
            str(history),
            "--out",
            str(tmp_path / "p.csv"),
        )
    assert "Row 2, person_b: no person has the id “zz”" in capsys.readouterr().err


def test_it_says_so_when_a_round_has_too_few_eligible_people(tmp_path):
    people = write(tmp_path, "people.csv", HEADER + "\n".join(ROWS[:3]) + "\n")
    with pytest.raises(CommandError, match="needs people on both sides: 3 central and 0 local"):
        call_command("match", "run", "--people", str(people), "--out", str(tmp_path / "p.csv"))


def test_it_allocates_secondments_stably(tmp_path):
    hosts = write(
        tmp_path,
        "hosts.csv",
        "id,name,organisation,sector,capacity,places,policy_areas,offers,seeks,ranking\n"
        "h1,Leeds housing,council-x,local,1,E08000035,housing,a year in housing delivery,policy skills,\n"
        "h2,DfT buses,dept-b,central,2,,transport,bus policy,local delivery experience,l2;c1\n",
    )
    applicants = write(
        tmp_path,
        "applicants.csv",
        HEADER.strip()
        + ",ranking\n"
        + "\n".join([ROWS[0] + ",h1;h2", ROWS[3] + ",h1", ROWS[4] + ",h2;h1"])
        + "\n",
    )
    out = tmp_path / "allocation.csv"
    call_command(
        "match", "secondments", "--hosts", str(hosts), "--applicants", str(applicants), "--out", str(out)
    )
    rows = {r["applicant"]: r for r in read(out)}
    assert rows["l2"]["host"] == "h2" and rows["l2"]["applicant_rank"] == "1"
    placed_h1 = [a for a, r in rows.items() if r["host"] == "h1"]
    assert len(placed_h1) == 1
    assert all(r["reason"] for r in rows.values() if not r["host"])


def test_it_refuses_a_host_with_a_bad_capacity_and_a_ranking_of_unknown_hosts(tmp_path, capsys):
    hosts = write(
        tmp_path,
        "hosts.csv",
        "id,name,organisation,sector,capacity,places,policy_areas,offers,seeks\nh1,H,c,local,none,,,,\n",
    )
    applicants = write(tmp_path, "applicants.csv", HEADER.strip() + ",ranking\n" + ROWS[0] + ",h9\n")
    with pytest.raises(CommandError):
        call_command(
            "match",
            "secondments",
            "--hosts",
            str(hosts),
            "--applicants",
            str(applicants),
            "--out",
            str(tmp_path / "a.csv"),
        )
    assert "Row 2, capacity: “none” is not a whole number" in capsys.readouterr().err


def test_it_seats_tables_and_reports_each_tables_mix(tmp_path, capsys):
    people = write(tmp_path, "people.csv", HEADER + "\n".join(ROWS) + "\n")
    out = tmp_path / "tables.csv"
    call_command("match", "tables", "--people", str(people), "--size", "3", "--out", str(out))
    rows = read(out)
    assert sorted(r["person"] for r in rows) == ["c1", "c2", "c3", "l1", "l2", "l3"]
    assert {r["table"] for r in rows} == {"1", "2"}
    printed = capsys.readouterr().out
    assert "Table 1: 3 people;" in printed and "from the same organisation" in printed


def test_it_runs_a_mentoring_round_where_every_pair_differs_in_level(tmp_path):
    people = write(tmp_path, "people.csv", HEADER + "\n".join(ROWS) + "\n")
    out = tmp_path / "pairs.csv"
    call_command("match", "run", "--kind", "mentoring", "--people", str(people), "--out", str(out))
    level = {row.split(",")[0]: row.split(",")[5] for row in ROWS}
    pairs = read(out)
    assert pairs and all(level[p["person_a"]] != level[p["person_b"]] for p in pairs)
