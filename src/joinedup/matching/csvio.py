"""Files for `joinedup match`: strict readers (every error, each naming its row and field) and writers.

No Django import: the command line runs on files alone. Rows are numbered as a spreadsheet numbers them, the
header being row 1. People rows are checked by the import's own rules (`joinedup.people.csvrows`), except that
email is optional here. Two optional people columns feed the matching engine: `experience` (the sectors of past
jobs, `;`-separated) and `role` (mentor or mentee, for mentoring rounds).

hosts.csv (secondments): id,name,organisation,sector,capacity,places,policy_areas,offers,seeks,ranking
  capacity: how many secondees the host takes (1 or more); offers: what the placement offers; seeks: the skills
  sought; ranking (optional): applicant ids, most wanted first — when blank the host ranks the applicants who
  chose it by compatibility.
applicants.csv (secondments): the people columns plus ranking: host ids, most wanted first (at least one).
"""

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TextIO

from joinedup import csvsafe
from joinedup.matching.compute import LEVELS, PARTS, ROLES, SECTORS, Pair, Person
from joinedup.people.csvrows import COLUMNS, Reference, RowError, parse_row, split_list

HOST_COLUMNS = (
    "id",
    "name",
    "organisation",
    "sector",
    "capacity",
    "places",
    "policy_areas",
    "offers",
    "seeks",
    "ranking",
)


@dataclass(frozen=True)
class Host:
    person: Person
    capacity: int
    ranking: tuple[str, ...]


@dataclass(frozen=True)
class Applicant:
    person: Person
    ranking: tuple[str, ...]


class FileErrors(Exception):
    """A file with faults; `errors` names each row and field."""

    def __init__(self, path: Path, errors: Sequence[RowError]) -> None:
        super().__init__(f"{path.name}: {len(errors)} error(s)")
        self.path = path
        self.errors = list(errors)


def load_regions() -> dict[str, str]:
    """GSS code → English region (or nation) from the packaged local-authority reference data."""
    data = resources.files("joinedup.places").joinpath(
        "data/local_authorities/uk_local_authorities_current.csv"
    )
    regions: dict[str, str] = {}
    with data.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get("current-authority") == "True" and row.get("gss-code"):
                regions[row["gss-code"]] = row.get("region") or row.get("nation") or ""
    return regions


def read_people(path: Path, extra: Sequence[str] = ()) -> list[tuple[Person, dict[str, str]]]:
    """People with the raw values of any `extra` columns; raises FileErrors listing every fault."""
    with _open(path) as f:
        reader = csvsafe.DictReader(f)
        # The people import's columns, but email is optional here.
        needed = [c for c in (*COLUMNS, *extra) if c != "email"]
        missing = [c for c in needed if c not in (reader.fieldnames or [])]
        if missing:
            raise FileErrors(
                path, [RowError(1, c, "this column is missing from the header") for c in missing]
            )
        found, errors, ids = _people_rows(reader, extra)
    errors.extend(_duplicate_ids(ids))
    if errors:
        raise FileErrors(path, sorted(errors, key=lambda e: e.row))
    return [(p, raw) for _, p, raw in found]


def _people_rows(
    reader: "csv.DictReader[str]", extra: Sequence[str]
) -> tuple[list[tuple[int, Person, dict[str, str]]], list[RowError], list[tuple[int, str]]]:
    found: list[tuple[int, Person, dict[str, str]]] = []
    errors: list[RowError] = []
    ids: list[tuple[int, str]] = []
    for number, raw in enumerate(reader, start=2):
        ids.append((number, (raw.get("id") or "").strip()))
        person, row_errors = person_from_row(raw, number)
        if person is None:
            errors.extend(row_errors)
        else:
            found.append((number, person, {c: (raw.get(c) or "").strip() for c in extra}))
    return found, errors, [(n, i) for n, i in ids if i]


def person_from_row(raw: dict[str, str | None], number: int) -> tuple[Person | None, list[RowError]]:
    """One people row as an engine Person, or the row's errors."""
    row, errors = parse_row(
        {"email": "-@-.-", **{k: v for k, v in raw.items() if k != "email" or v}}, number, Reference()
    )
    errors = [e for e in errors if not (e.field == "email" and (raw.get("email") or "").strip() == "")]
    experience = [s.lower() for s in split_list(raw.get("experience") or "")]
    role = (raw.get("role") or "").strip().lower()
    errors += [
        RowError(number, "experience", f"“{s}” is not a sector: use central, local or other")
        for s in experience
        if s not in SECTORS
    ]
    if role not in ROLES:
        errors.append(
            RowError(number, "role", f"“{role}” is not a role: use mentor or mentee, or leave it blank")
        )
    if row is not None and not row.sector:
        errors.append(RowError(number, "sector", "this field is required (central, local or other)"))
    if errors or row is None:
        return None, errors
    person = Person(
        id=row.id, sector=row.sector, organisation=row.organisation or "", level=row.level, places=row.places,
        policy_areas=row.policy_areas, offers=row.offers, seeks=row.seeks, experience=frozenset(experience),
        role=role, name=row.name,
    )  # fmt: skip
    return person, []


def read_pairs(path: Path, known: set[str]) -> list[tuple[str, str]]:
    """history.csv (or blocked pairs): person_a,person_b; both must be people of the round."""
    pairs: list[tuple[str, str]] = []
    errors: list[RowError] = []
    with _open(path) as f:
        reader = csvsafe.DictReader(f)
        missing = [c for c in ("person_a", "person_b") if c not in (reader.fieldnames or [])]
        if missing:
            raise FileErrors(
                path, [RowError(1, c, "this column is missing from the header") for c in missing]
            )
        for number, raw in enumerate(reader, start=2):
            a, b = (raw.get("person_a") or "").strip(), (raw.get("person_b") or "").strip()
            errors += [
                RowError(number, col, f"no person has the id “{v}”")
                for col, v in (("person_a", a), ("person_b", b))
                if v not in known
            ]
            if a == b and a:
                errors.append(RowError(number, "person_b", "a person cannot be paired with themselves"))
            pairs.append((a, b))
    if errors:
        raise FileErrors(path, errors)
    return pairs


def read_hosts(path: Path) -> list[Host]:
    """hosts.csv for a secondment allocation; raises FileErrors listing every fault."""
    hosts: list[tuple[int, Host]] = []
    errors: list[RowError] = []
    with _open(path) as f:
        reader = csvsafe.DictReader(f)
        missing = [c for c in HOST_COLUMNS if c not in (reader.fieldnames or []) and c != "ranking"]
        if missing:
            raise FileErrors(
                path, [RowError(1, c, "this column is missing from the header") for c in missing]
            )
        for number, raw in enumerate(reader, start=2):
            host, row_errors = _host(raw, number)
            errors += row_errors
            if host is not None:
                hosts.append((number, host))
    errors += _duplicate_ids([(n, h.person.id) for n, h in hosts])
    if errors:
        raise FileErrors(path, sorted(errors, key=lambda e: e.row))
    return [h for _, h in hosts]


def _host(raw: dict[str, str | None], number: int) -> tuple[Host | None, list[RowError]]:
    capacity_text = (raw.get("capacity") or "").strip()
    person, errors = person_from_row({**raw, "level": LEVELS[1], "email": ""}, number)
    if not capacity_text.isdigit() or int(capacity_text) < 1:
        errors.append(
            RowError(number, "capacity", f"“{capacity_text}” is not a whole number of places, 1 or more")
        )
    if person is None or errors:
        return None, errors
    return Host(person, int(capacity_text), tuple(split_list(raw.get("ranking") or ""))), []


def read_applicants(path: Path, host_ids: set[str]) -> list[Applicant]:
    """applicants.csv: people rows plus their ranking of hosts; raises FileErrors listing every fault."""
    people = _people_or_errors(path)
    errors: list[RowError] = []
    applicants = []
    for number, (person, raw) in people:
        ranking = tuple(split_list(raw["ranking"]))
        if not ranking:
            errors.append(RowError(number, "ranking", "rank at least one host"))
        errors += [
            RowError(number, "ranking", f"no host has the id “{h}”") for h in ranking if h not in host_ids
        ]
        if len(set(ranking)) != len(ranking):
            errors.append(RowError(number, "ranking", "a host is ranked twice"))
        applicants.append(Applicant(person, ranking))
    if errors:
        raise FileErrors(path, errors)
    return applicants


def _people_or_errors(path: Path) -> list[tuple[int, tuple[Person, dict[str, str]]]]:
    rows = read_people(path, extra=("ranking",))
    return list(enumerate(rows, start=2))


def write_pairs(stream: TextIO, pairs: Iterable[Pair]) -> None:
    """pairs.csv: person_a,person_b,score, one column per score part, then the third person of a group of three."""
    out = csvsafe.writer(stream)
    out.writerow(["person_a", "person_b", "score", *PARTS, "third"])
    for p in pairs:
        out.writerow([p.a, p.b, _num(p.score), *(_num(p.parts[x]) for x in PARTS), p.third or ""])


def write_edges(
    stream: TextIO, ids: Sequence[str], a: Sequence[int], b: Sequence[int], score: Sequence[float]
) -> None:
    """edges.csv: every candidate edge the solver saw."""
    out = csvsafe.writer(stream)
    out.writerow(["person_a", "person_b", "score"])
    out.writerows((ids[x], ids[y], _num(s)) for x, y, s in zip(a, b, score, strict=True))


def write_rows(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    out = csvsafe.writer(stream)
    out.writerow(header)
    out.writerows(rows)


def _num(value: float) -> str:
    """A score as we format it: a number, so written as it is (joinedup.csvsafe)."""
    return csvsafe.Verbatim(f"{value:.6f}")


def _duplicate_ids(rows: list[tuple[int, str]]) -> list[RowError]:
    first: dict[str, int] = {}
    errors = []
    for number, ident in rows:
        if ident in first:
            errors.append(RowError(number, "id", f"the same id as row {first[ident]}"))
        first.setdefault(ident, number)
    return errors


def _open(path: Path) -> TextIO:
    if not path.is_file():
        raise FileErrors(path, [RowError(0, "file", f"no such file: {path}")])
    return path.open(newline="", encoding="utf-8-sig")
