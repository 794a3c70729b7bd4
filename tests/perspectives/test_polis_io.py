import csv
import shutil
from pathlib import Path

import pytest

from joinedup.perspectives.polis_io import PolisFormatError, polis_export_read, polis_export_write

DATA = Path(__file__).parent / "data" / "brexit-consensus"


@pytest.fixture
def export_dir(tmp_path: Path) -> Path:
    target = tmp_path / "export"
    shutil.copytree(DATA, target)
    return target


def _append(path: Path, text: str) -> int:
    """Append a line; return its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, text]) + "\n", encoding="utf-8")
    return len(lines) + 1


def test_it_reads_comments_votes_and_pol_is_groups() -> None:
    export = polis_export_read(DATA)
    assert len(export.comments) == 50
    assert len(export.votes) == 5312
    assert export.has_vote_times
    assert export.groups[0] == 1 and sum(g is not None for g in export.groups.values()) == 197
    assert export.comments[0].id == 0 and export.comments[0].body == "I voted to Leave."


def test_it_checks_the_vote_sign_against_the_comment_tallies() -> None:
    export = polis_export_read(DATA)
    assert int((export.votes.votes == 1).sum()) == sum(c.agrees for c in export.comments)


def test_it_falls_back_to_participants_votes_without_votes_csv(export_dir: Path) -> None:
    (export_dir / "votes.csv").unlink()
    export = polis_export_read(export_dir)
    assert not export.has_vote_times
    assert len(export.votes) == sum(
        int(r["n-votes"]) for r in csv.DictReader((DATA / "participants-votes.csv").open())
    )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1500282615559,x,3,7,2", "vote must be one of -1, 0, 1, got '2'"),
        ("1500282615559,x,3,seven,1", "voter-id must be a whole number, got 'seven'"),
        ("1500282615559,x,999,7,1", "comment-id 999 is not in comments.csv"),
        ("1500282615559,x,3,7", "expected 5 fields, found 4"),
    ],
)
def test_it_names_the_file_and_line_of_a_bad_vote(export_dir: Path, row: str, message: str) -> None:
    line = _append(export_dir / "votes.csv", row)
    with pytest.raises(PolisFormatError) as caught:
        polis_export_read(export_dir)
    assert caught.value.file == "votes.csv" and caught.value.line == line
    assert str(caught.value) == f"votes.csv line {line}: {message}"


def test_it_names_a_missing_column(export_dir: Path) -> None:
    (export_dir / "comments.csv").write_text("comment-id,agrees\n1,2\n", encoding="utf-8")
    with pytest.raises(PolisFormatError, match=r"comments.csv line 1: missing column\(s\): comment-body"):
        polis_export_read(export_dir)


def test_it_counts_lines_through_multiline_statements(export_dir: Path) -> None:
    path = export_dir / "comments.csv"
    path.write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        '1,x,1,0,0,0,1,"two\nlines"\n'
        "2,x,2,0,0,0,maybe,bad\n",
        encoding="utf-8",
    )
    with pytest.raises(PolisFormatError, match="comments.csv line 4: moderated must be a whole number"):
        polis_export_read(export_dir)


def test_it_names_a_bad_cell_in_participants_votes(export_dir: Path) -> None:
    (export_dir / "votes.csv").unlink()
    path = export_dir / "participants-votes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",x"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PolisFormatError, match="participants-votes.csv line 4: 49 must be a whole number"):
        polis_export_read(export_dir)


def test_it_says_which_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="comments.csv"):
        polis_export_read(tmp_path)
    shutil.copy(DATA / "comments.csv", tmp_path / "comments.csv")
    with pytest.raises(FileNotFoundError, match="neither votes.csv nor participants-votes.csv"):
        polis_export_read(tmp_path)


def test_it_writes_an_export_that_reads_back_the_same(tmp_path: Path) -> None:
    original = polis_export_read(DATA)
    polis_export_write(tmp_path, original)
    again = polis_export_read(tmp_path)
    assert [c.__dict__ for c in again.comments] == [c.__dict__ for c in original.comments]
    assert sorted(zip(*(a.tolist() for a in again.votes.__dict__.values()), strict=True)) == sorted(
        zip(*(a.tolist() for a in original.votes.__dict__.values()), strict=True)
    )
    assert again.groups == original.groups
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "comments.csv",
        "participants-votes.csv",
        "votes.csv",
    ]


def test_it_writes_participants_votes_with_the_final_vote_and_tallies(tmp_path: Path) -> None:
    polis_export_write(tmp_path, polis_export_read(DATA))
    ours = list(csv.reader((tmp_path / "participants-votes.csv").open(encoding="utf-8")))
    theirs = list(csv.reader((DATA / "participants-votes.csv").open(encoding="utf-8")))
    assert ours[0] == theirs[0]
    # n-comments (column 2) is left out: Pol.is counts statements written, including some not exported.
    assert sorted(r[:2] + r[3:] for r in ours[1:]) == sorted(r[:2] + r[3:] for r in theirs[1:])
