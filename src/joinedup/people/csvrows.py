"""The people CSV: its columns and the rules for each row, with no Django import.

Shared by `joinedup import-people` / `export-people` and by the matching command line, which reads the same file.
Reading never stops at the first fault: it returns every error, each naming its row (as a spreadsheet numbers it,
the header being row 1) and its field, so one pass fixes the whole file.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from joinedup import csvsafe

COLUMNS = (
    "id",
    "name",
    "email",
    "sector",
    "organisation",
    "level",
    "places",
    "policy_areas",
    "offers",
    "seeks",
)
SECTORS = ("central", "local", "other")
LEVELS = {"frontline": "frontline", "manager": "manager", "senior": "senior", "senior leader": "senior"}
SEPARATOR = ";"
GSS_CODE = re.compile(r"^[ENSWK]\d{8}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Reference:
    """What rows are checked against. None means "do not check" (e.g. a command line with no database).

    organisations: lower-cased slug or exact name -> (slug, sector); place_codes: GSS codes;
    policy_areas: lower-cased slug or name -> slug.
    """

    organisations: Mapping[str, tuple[str, str]] | None = None
    place_codes: frozenset[str] | None = None
    policy_areas: Mapping[str, str] | None = None


@dataclass(frozen=True)
class PersonRow:
    row: int
    id: str
    name: str
    email: str
    sector: str
    organisation: str | None  # the organisation's slug
    level: str
    places: tuple[str, ...] = ()  # GSS codes
    policy_areas: tuple[str, ...] = ()  # slugs
    offers: str = ""
    seeks: str = ""


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.field}: {self.message}"


@dataclass
class _Checker:
    row: int
    errors: list[RowError] = field(default_factory=list)

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def read_people_csv(
    stream: TextIO, reference: Reference | None = None
) -> tuple[list[PersonRow], list[RowError]]:
    """Every valid row and every error in the file; callers import nothing unless errors is empty."""
    reader = csvsafe.DictReader(stream)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [RowError(1, c, "this column is missing from the header") for c in missing]
    rows: list[PersonRow] = []
    errors: list[RowError] = []
    keys: list[tuple[int, str, str]] = []
    for number, raw in enumerate(reader, start=2):
        row, row_errors = parse_row(raw, number, reference or Reference())
        errors.extend(row_errors)
        keys.append((number, (raw.get("id") or "").strip(), (raw.get("email") or "").strip().lower()))
        if row is not None:
            rows.append(row)
    errors.extend(_duplicates(keys))
    return rows, sorted(errors, key=lambda e: (e.row, COLUMNS.index(e.field) if e.field in COLUMNS else 99))


def parse_row(
    raw: Mapping[str, str | None], row: int, reference: Reference
) -> tuple[PersonRow | None, list[RowError]]:
    """One row checked against the rules; (None, errors) when any field is wrong."""
    value = {c: (raw.get(c) or "").strip() for c in COLUMNS}
    check = _Checker(row)
    _require(check, value, "id", "name")
    if value["email"] and not EMAIL.match(value["email"]):
        check.fail("email", f"“{value['email']}” is not an email address")
    _require(check, value, "email")
    organisation, sector = _organisation_and_sector(check, value, reference)
    level = LEVELS.get(value["level"].lower() or "manager")
    if level is None:
        check.fail("level", f"“{value['level']}” is not a level: use frontline, manager or senior")
    places = _places(check, value["places"], reference)
    areas = _policy_areas(check, value["policy_areas"], reference)
    if check.errors or level is None:
        return None, check.errors
    person = PersonRow(
        row, value["id"], value["name"], value["email"].lower(), sector, organisation, level,
        tuple(places), tuple(areas), value["offers"], value["seeks"],
    )  # fmt: skip
    return person, []


def _require(check: _Checker, value: Mapping[str, str], *columns: str) -> None:
    for column in columns:
        if not value[column]:
            check.fail(column, "this field is required")


def _organisation_and_sector(
    check: _Checker, value: Mapping[str, str], reference: Reference
) -> tuple[str | None, str]:
    sector = value["sector"].lower()
    if sector and sector not in SECTORS:
        check.fail("sector", f"“{value['sector']}” is not a sector: use central, local or other")
    if not value["organisation"]:
        if not sector:
            check.fail("sector", "give a sector (central, local or other) when there is no organisation")
        return None, sector
    if reference.organisations is None:
        return value["organisation"], sector
    found = reference.organisations.get(value["organisation"].lower())
    if found is None:
        check.fail("organisation", f"no organisation has the slug or name “{value['organisation']}”")
        return None, sector
    slug, org_sector = found
    if sector and sector in SECTORS and sector != org_sector:
        check.fail("sector", f"“{sector}” does not agree with {value['organisation']}, which is {org_sector}")
    return slug, org_sector


def _places(check: _Checker, text: str, reference: Reference) -> list[str]:
    codes = [c.upper() for c in split_list(text)]
    for code in codes:
        if not GSS_CODE.match(code):
            check.fail("places", f"“{code}” is not a GSS code (like E08000035)")
        elif reference.place_codes is not None and code not in reference.place_codes:
            check.fail("places", f"no current place has the GSS code {code}")
    return list(dict.fromkeys(codes))


def _policy_areas(check: _Checker, text: str, reference: Reference) -> list[str]:
    names = split_list(text)
    if reference.policy_areas is None:
        return names
    slugs = []
    for name in names:
        slug = reference.policy_areas.get(name.lower())
        if slug is None:
            check.fail("policy_areas", f"no policy area is called “{name}”")
        else:
            slugs.append(slug)
    return list(dict.fromkeys(slugs))


def _duplicates(keys: list[tuple[int, str, str]]) -> list[RowError]:
    """An id or email given twice, whatever else is wrong with either row."""
    errors: list[RowError] = []
    for index, column in ((1, "id"), (2, "email")):
        first_seen: dict[str, int] = {}
        for key in keys:
            value, row = str(key[index]), key[0]
            if value and value in first_seen:
                errors.append(RowError(row, column, f"the same {column} as row {first_seen[value]}"))
            first_seen.setdefault(value, row)
    return errors


def write_people_csv(stream: TextIO, rows: Iterable[PersonRow]) -> int:
    """Write rows in the import's own format (so an export imports back unchanged); returns the count.

    Text that a spreadsheet would run as a formula is escaped (joinedup.csvsafe); the reader undoes it."""
    writer = csvsafe.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for person in rows:
        writer.writerow(
            [
                person.id, person.name, person.email, person.sector, person.organisation or "", person.level,
                SEPARATOR.join(person.places), SEPARATOR.join(person.policy_areas), person.offers, person.seeks,
            ]
        )  # fmt: skip
        count += 1
    return count
