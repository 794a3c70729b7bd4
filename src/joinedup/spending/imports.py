"""The spend-line file: its published template, and reading it row by row into checked records.

Reading writes nothing: it returns the records or every row's problems, and the service writes all the records
in one transaction or none of them. A cell may give a choice by its code or its label, in any case.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from joinedup import csvsafe
from joinedup.places.models import Organisation, Sector
from joinedup.spending.models import Channel, Confidence, Theme

COLUMNS = [
    "year",
    "theme",
    "amount",
    "funding_source",
    "channel",
    "people_served",
    "households_served",
    "confidence",
    "sensitive",
    "description",
]
REQUIRED = ["year", "theme", "amount", "channel"]
MAX_ROWS = 200_000
MAX_ERRORS_KEPT = 200
LOCAL_WORDS = {"", "local", "own", "own funds", "local funds"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
MAX_AMOUNT = Decimal("999999999999.99")
_YEAR = re.compile(r"^(\d{4})(?:\s*[-–/]\s*(\d{2}|\d{4}))?$")

TEMPLATE_ROWS = [
    ["2025-26", "Children and families", "1250000", "Department for Education", "Commissioned", "420", "", "audited", "no", "Family support contracts"],
    ["2025-26", "Older people", "830000.50", "local", "Delivered directly", "", "310", "estimated", "no", "Home care reablement team"],
]  # fmt: skip


@dataclass(frozen=True)
class LineRecord:
    year: int
    theme: str
    amount: Decimal
    funder_id: int | None
    is_central: bool
    channel: str
    people_served: int | None
    households_served: int | None
    confidence: str
    is_sensitive: bool
    description: str


@dataclass(frozen=True)
class RowError:
    row: int  # the file's line number, the header being line 1
    message: str


def template_csv() -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()


def _choice_lookup(choices: type[Theme] | type[Channel] | type[Confidence]) -> dict[str, str]:
    found = {str(value): str(value) for value in choices.values}
    found.update({str(label).lower(): str(value) for value, label in choices.choices})
    return found


THEMES, CHANNELS, CONFIDENCES = _choice_lookup(Theme), _choice_lookup(Channel), _choice_lookup(Confidence)


def funder_lookup() -> dict[str, tuple[int, bool]]:
    """Each funder by its name, abbreviation and slug (lower case): its id and whether it is central money."""
    found: dict[str, tuple[int, bool]] = {}
    rows = Organisation.objects.filter(is_active=True).values_list(
        "pk", "name", "abbreviation", "slug", "sector"
    )
    for pk, name, abbreviation, slug, sector in rows:
        entry = (pk, sector == Sector.CENTRAL)
        for key in (slug, name.lower(), abbreviation.lower()):
            if key:
                found.setdefault(key, entry)
    return found


def _year(text: str) -> int:
    match = _YEAR.match(text)
    if not match:
        raise ValueError(f"year “{text}” is not a year such as 2025 or 2025-26")
    start = int(match.group(1))
    if match.group(2) and int(match.group(2)[-2:]) != (start + 1) % 100:
        raise ValueError(f"year “{text}” is not one financial year")
    if not 1990 <= start <= 2100:
        raise ValueError(f"year {start} is out of range")
    return start


def _amount(text: str) -> Decimal:
    cleaned = text.replace("£", "").replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"amount “{text}” is not a number") from None
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
        raise ValueError(f"amount “{text}” must be zero or more, under a trillion pounds")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"amount “{text}” has more than pence")
    return value.quantize(Decimal("0.01"))


def _count(name: str, text: str) -> int | None:
    cleaned = text.replace(",", "").strip()
    if not cleaned:
        return None
    if not cleaned.isdigit() or len(cleaned) > 9:
        raise ValueError(f"{name.replace('_', ' ')} “{text}” is not a whole number")
    return int(cleaned)


def _choice(name: str, text: str, lookup: dict[str, str], default: str | None = None) -> str:
    key = text.strip().lower()
    if not key and default is not None:
        return default
    if key not in lookup:
        raise ValueError(f"{name} “{text}” is not one of the listed values")
    return lookup[key]


def _funder(source: str, funders: dict[str, tuple[int, bool]]) -> tuple[int | None, bool]:
    if source.lower() in LOCAL_WORDS:
        return None, False
    if source.lower() in funders:
        return funders[source.lower()]
    raise ValueError(f"funding source “{source}” is not an organisation on Joined Up (or write local)")


def _sensitive(text: str) -> bool:
    if text.strip().lower() not in YES | NO:
        raise ValueError(f"sensitive “{text}” should be yes or no")
    return text.strip().lower() in YES


def _description(text: str) -> str:
    if len(text.strip()) > 300:
        raise ValueError("description is longer than 300 characters")
    return text.strip()


def _record(row: dict[str, str], funders: dict[str, tuple[int, bool]]) -> LineRecord:
    """The row's record, or a ValueError naming every problem the row has."""
    missing = [name for name in REQUIRED if not row.get(name, "").strip()]
    problems = ["missing " + ", ".join(missing)] if missing else []
    values: dict[str, Any] = {}
    readers: dict[str, Callable[[], Any]] = {
        "year": lambda: _year(row["year"].strip()),
        "theme": lambda: _choice("theme", row["theme"], THEMES),
        "amount": lambda: _amount(row["amount"]),
        "funder": lambda: _funder(row.get("funding_source", "").strip(), funders),
        "channel": lambda: _choice("channel", row["channel"], CHANNELS),
        "people_served": lambda: _count("people_served", row.get("people_served", "")),
        "households_served": lambda: _count("households_served", row.get("households_served", "")),
        "confidence": lambda: _choice(
            "confidence", row.get("confidence", ""), CONFIDENCES, Confidence.ESTIMATED
        ),
        "is_sensitive": lambda: _sensitive(row.get("sensitive", "")),
        "description": lambda: _description(row.get("description", "")),
    }
    for name, read in readers.items():
        if name in missing:
            continue
        try:
            values[name] = read()
        except ValueError as problem:
            problems.append(str(problem))
    if problems:
        raise ValueError("; ".join(problems))
    funder_id, is_central = values.pop("funder")
    return LineRecord(funder_id=funder_id, is_central=is_central, **values)


def read_row(row: dict[str, str]) -> LineRecord:
    """One row entered by hand, by the file's column names; a ValueError names every problem."""
    return _record({name: row.get(name, "") or "" for name in COLUMNS}, funder_lookup())


def read_lines(text: str) -> tuple[list[LineRecord], list[RowError]]:
    """Every row's record, or every row's problems (then the records are not to be written)."""
    reader = csvsafe.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    absent = [name for name in REQUIRED if name not in header]
    if absent:
        return [], [RowError(1, "The header row lacks " + ", ".join(absent) + " (use the template)")]
    funders = funder_lookup()
    records: list[LineRecord] = []
    errors: list[RowError] = []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(RowError(number, f"The file has more than {MAX_ROWS:,} rows; split it"))
            break
        cells = {key: (value or "") for key, value in row.items() if key}
        if not any(value.strip() for value in cells.values()):
            continue
        try:
            records.append(_record(cells, funders))
        except ValueError as problem:
            errors.append(RowError(number, str(problem)))
    if not records and not errors:
        errors.append(RowError(1, "The file has no spend lines"))
    return records, errors
