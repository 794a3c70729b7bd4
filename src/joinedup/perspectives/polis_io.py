"""Read and write Pol.is openData exports (comments.csv, votes.csv, participants-votes.csv).

Django-free, so the command line, the site's import and export, tests and benchmarks share one reader.
Votes use the export convention (agree = +1, disagree = -1, pass = 0). Every malformed cell is reported
as `PolisFormatError` naming the file and the line (1 = the header).
"""

import os
import random
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from joinedup import csvsafe

COMMENT_COLUMNS = (
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTE_COLUMNS = ("timestamp", "datetime", "comment-id", "voter-id", "vote")
PARTICIPANT_COLUMNS = ("participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree")
TRUE_WORDS = {"1", "true", "t", "yes"}
FALSE_WORDS = {"", "0", "false", "f", "no"}


class PolisFormatError(ValueError):
    """A malformed export file; `file` and `line` say where."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file} line {line}: {message}")
        self.file, self.line, self.message = file, line, message


@dataclass(frozen=True)
class PolisComment:
    id: int
    author_id: int
    timestamp: int
    body: str
    moderated: int = 0  # 1 accepted, 0 not yet moderated, -1 rejected
    agrees: int = 0
    disagrees: int = 0
    is_meta: bool = False
    is_seed: bool = False

    @property
    def moderated_out(self) -> bool:
        """Pol.is leaves rejected and meta statements out of the maths."""
        return self.moderated == -1 or self.is_meta


@dataclass(frozen=True)
class PolisVotes:
    """Vote events as parallel arrays (a conversation can hold millions)."""

    timestamps: NDArray[np.int64]
    comment_ids: NDArray[np.int64]
    voter_ids: NDArray[np.int64]
    votes: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.votes)


@dataclass(frozen=True)
class PolisExport:
    comments: list[PolisComment]
    votes: PolisVotes
    groups: dict[int, int | None] = field(default_factory=dict)  # from participants-votes.csv, if read
    has_vote_times: bool = True  # False when votes came from participants-votes.csv

    @property
    def moderated_out(self) -> list[int]:
        return [c.id for c in self.comments if c.moderated_out]


def polis_export_read(directory: Path | str) -> PolisExport:
    """Read comments.csv and votes.csv, or participants-votes.csv when votes.csv is absent.

    Raises PolisFormatError (file and line) on a malformed file, FileNotFoundError naming a missing one.
    """
    root = Path(directory)
    comments = _read_comments(_required(root, "comments.csv"))
    known = {c.id for c in comments}
    groups: dict[int, int | None] = {}
    if (root / "participants-votes.csv").exists():
        groups, matrix_votes = _read_participants_votes(root / "participants-votes.csv", known)
    if (root / "votes.csv").exists():
        return PolisExport(comments, _read_votes(root / "votes.csv", known), groups, True)
    if not (root / "participants-votes.csv").exists():
        raise FileNotFoundError(f"{root}: neither votes.csv nor participants-votes.csv is present")
    return PolisExport(comments, matrix_votes, groups, False)


def _required(root: Path, name: str) -> Path:
    path = root / name
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing (a Pol.is export needs comments.csv)")
    return path


def _rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row, after checking the header has the required columns."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csvsafe.reader(f)
        header = next(reader, None)
        if header is None:
            raise PolisFormatError(path.name, 1, "the file is empty (expected a header row)")
        missing = [c for c in required if c not in header]
        if missing:
            raise PolisFormatError(path.name, 1, f"missing column(s): {', '.join(missing)}")
        line = reader.line_num
        for values in reader:
            start, line = line + 1, reader.line_num
            if not values:
                continue
            if len(values) != len(header):
                raise PolisFormatError(
                    path.name, start, f"expected {len(header)} fields, found {len(values)}"
                )
            yield start, dict(zip(header, values, strict=True))


def _int(
    path: Path, line: int, row: dict[str, str], column: str, allowed: Sequence[int] | None = None
) -> int:
    raw = row[column].strip()
    try:
        value = int(raw)
    except ValueError:
        raise PolisFormatError(path.name, line, f"{column} must be a whole number, got {raw!r}") from None
    if allowed is not None and value not in allowed:
        raise PolisFormatError(
            path.name, line, f"{column} must be one of {', '.join(map(str, allowed))}, got {raw!r}"
        )
    return value


def _bool(path: Path, line: int, row: dict[str, str], column: str) -> bool:
    raw = row.get(column, "").strip().lower()
    if raw in TRUE_WORDS | FALSE_WORDS:
        return raw in TRUE_WORDS
    raise PolisFormatError(path.name, line, f"{column} must be true or false, got {raw!r}")


def _read_comments(path: Path) -> list[PolisComment]:
    comments: dict[int, PolisComment] = {}
    for line, row in _rows(path, ("comment-id", "comment-body")):
        cid = _int(path, line, row, "comment-id")
        if cid in comments:
            raise PolisFormatError(path.name, line, f"comment-id {cid} appears twice")
        comments[cid] = PolisComment(
            id=cid,
            author_id=_int(path, line, row, "author-id") if row.get("author-id", "").strip() else -1,
            timestamp=_int(path, line, row, "timestamp") if row.get("timestamp", "").strip() else 0,
            body=row["comment-body"],
            moderated=_int(path, line, row, "moderated", (-1, 0, 1))
            if row.get("moderated", "").strip()
            else 0,
            agrees=_int(path, line, row, "agrees") if row.get("agrees", "").strip() else 0,
            disagrees=_int(path, line, row, "disagrees") if row.get("disagrees", "").strip() else 0,
            is_meta=_bool(path, line, row, "is-meta"),
            is_seed=_bool(path, line, row, "is-seed"),
        )
    return sorted(comments.values(), key=lambda c: c.id)


def _read_votes(path: Path, known: set[int]) -> PolisVotes:
    times, cids, pids, votes = [], [], [], []
    for line, row in _rows(path, ("timestamp", "comment-id", "voter-id", "vote")):
        cid = _int(path, line, row, "comment-id")
        if cid not in known:
            raise PolisFormatError(path.name, line, f"comment-id {cid} is not in comments.csv")
        times.append(_int(path, line, row, "timestamp"))
        cids.append(cid)
        pids.append(_int(path, line, row, "voter-id"))
        votes.append(_int(path, line, row, "vote", (-1, 0, 1)))
    return _votes(times, cids, pids, votes)


def _votes(times: list[int], cids: list[int], pids: list[int], votes: list[int]) -> PolisVotes:
    return PolisVotes(
        np.array(times, dtype=np.int64), np.array(cids, dtype=np.int64),
        np.array(pids, dtype=np.int64), np.array(votes, dtype=np.int64),
    )  # fmt: skip


def _read_participants_votes(path: Path, known: set[int]) -> tuple[dict[int, int | None], PolisVotes]:
    """Groups and final votes; the votes carry no time, so each is stamped 0."""
    groups: dict[int, int | None] = {}
    cids, pids, votes = [], [], []
    for line, row in _rows(path, PARTICIPANT_COLUMNS):
        pid = _int(path, line, row, "participant")
        groups[pid] = _int(path, line, row, "group-id") if row["group-id"].strip() else None
        for column, raw in row.items():
            if column in PARTICIPANT_COLUMNS or not raw.strip():
                continue
            cid = _comment_column(path, column, known)
            cids.append(cid)
            pids.append(pid)
            votes.append(_int(path, line, row, column, (-1, 0, 1)))
    return groups, _votes([0] * len(votes), cids, pids, votes)


def _comment_column(path: Path, column: str, known: set[int]) -> int:
    try:
        cid = int(column)
    except ValueError:
        raise PolisFormatError(
            path.name, 1, f"column {column!r} is neither a known column nor a comment-id"
        ) from None
    if cid not in known:
        raise PolisFormatError(path.name, 1, f"comment-id {cid} is not in comments.csv")
    return cid


DAY_MS = 86_400_000
PSEUDONYMS = range(
    1_000_000, 10_000_000
)  # 7 digits: never mistaken for the small numbers a conversation uses


def polis_export_pseudonymise(export: PolisExport, rng: random.Random) -> PolisExport:
    """The export as any member may have it: nobody in the room can tie a row to a face.

    Only approved statements (and the votes on them) are kept, as on the report pages; no statement names its
    author (a remembered remark would otherwise unmask its author's every vote); each participant gets a
    pseudonym drawn at random for this export alone, so two exports cannot be joined, nor one joined to the
    report; and every time is cut to the start of its day (UTC), so votes cannot be matched to who was seen
    voting when. Group ids are kept, under the pseudonyms.
    """
    shown = [c for c in export.comments if c.moderated == 1]
    kept = np.isin(export.votes.comment_ids, [c.id for c in shown])
    v = export.votes
    real = sorted(set(v.voter_ids[kept].tolist()) | set(export.groups))
    pseudonym = dict(zip(real, rng.sample(PSEUDONYMS, len(real)), strict=True))
    comments = [
        PolisComment(
            id=c.id,
            author_id=-1,
            timestamp=_day(c.timestamp),
            body=c.body,
            moderated=c.moderated,
            is_meta=c.is_meta,
            is_seed=c.is_seed,
        )  # fmt: skip
        for c in shown
    ]
    votes = PolisVotes(
        v.timestamps[kept] // DAY_MS * DAY_MS,
        v.comment_ids[kept],
        np.array([pseudonym[int(p)] for p in v.voter_ids[kept]], dtype=np.int64),
        v.votes[kept],
    )
    groups = {pseudonym[p]: g for p, g in export.groups.items()}
    return PolisExport(comments, votes, groups, export.has_vote_times)


def _day(ms: int) -> int:
    return ms // DAY_MS * DAY_MS


def polis_export_write(directory: Path | str, export: PolisExport) -> None:
    """Write comments.csv, votes.csv and participants-votes.csv in Pol.is's openData layout.

    Each file is written to a temporary file and renamed into place, so a reader never sees half a file.
    `agrees`/`disagrees` and the participant tallies are recomputed from the votes.
    """
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    final = _final_votes(export.votes)
    _atomic_write(root / "comments.csv", COMMENT_COLUMNS, _comment_rows(export.comments, export.votes))
    _atomic_write(root / "votes.csv", VOTE_COLUMNS, _vote_rows(export.votes))
    header, rows = _participant_rows(export, final)
    _atomic_write(root / "participants-votes.csv", header, rows)


def _final_votes(v: PolisVotes) -> dict[tuple[int, int], int]:
    """(voter, comment) -> latest vote; equal timestamps keep file order."""
    final: dict[tuple[int, int], int] = {}
    for n in np.lexsort((np.arange(len(v)), v.timestamps)):
        final[(int(v.voter_ids[n]), int(v.comment_ids[n]))] = int(v.votes[n])
    return final


def _when(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%a %b %d %H:%M:%S UTC %Y")


def _comment_rows(comments: list[PolisComment], votes: PolisVotes) -> Iterator[list[object]]:
    """Newest first, as Pol.is writes them; agrees/disagrees count vote events, as Pol.is's do."""
    agrees = Counter(votes.comment_ids[votes.votes == 1].tolist())
    disagrees = Counter(votes.comment_ids[votes.votes == -1].tolist())
    for c in sorted(comments, key=lambda c: -c.timestamp):
        yield [
            c.timestamp,
            _when(c.timestamp),
            c.id,
            c.author_id,
            agrees[c.id],
            disagrees[c.id],
            c.moderated,
            c.body,
        ]


def _vote_rows(v: PolisVotes) -> Iterator[list[object]]:
    for n in np.lexsort((v.voter_ids, v.comment_ids)):
        ts = int(v.timestamps[n])
        yield [ts, _when(ts), int(v.comment_ids[n]), int(v.voter_ids[n]), int(v.votes[n])]


def _participant_rows(
    export: PolisExport, final: dict[tuple[int, int], int]
) -> tuple[list[str], Iterator[list[object]]]:
    cids = [c.id for c in export.comments]
    voters = sorted({pid for pid, _ in final} | set(export.groups))
    authored: dict[int, int] = {}
    for c in export.comments:
        authored[c.author_id] = authored.get(c.author_id, 0) + 1

    def rows() -> Iterator[list[object]]:
        for pid in voters:
            mine = [final.get((pid, cid)) for cid in cids]
            group = export.groups.get(pid)
            yield [
                pid, "" if group is None else group, authored.get(pid, 0),
                sum(v is not None for v in mine), mine.count(1), mine.count(-1),
                *("" if v is None else v for v in mine),
            ]  # fmt: skip

    return [*PARTICIPANT_COLUMNS, *map(str, cids)], rows()


def _atomic_write(path: Path, header: Sequence[str], rows: Iterator[Sequence[object]]) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            writer = csvsafe.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
