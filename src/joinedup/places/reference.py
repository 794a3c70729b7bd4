"""Read the reference data in `places/data/` into plain rows, with the known faults corrected.

Nothing here touches the database: `services.reference_load` compares these rows with what is stored.
The corrections (SOURCES.md, "Known problems") are made here, in code, so that the copied files stay
byte-for-byte copies of their sources.
"""

import contextlib
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from django.utils.text import slugify

from joinedup.places.models import OrganisationKind

DATA_DIR = Path(__file__).resolve().parent / "data"
LOCAL_AUTHORITIES = Path("local_authorities/uk_local_authorities_current.csv")
REGIONS = Path("regions/england_regions.csv")
GOVUK_ORGANISATIONS = Path("government_organisations/govuk_organisations.csv")

GSS_CODE = re.compile(r"^[ENSW]\d{8}$")

# The North East Mayoral Combined Authority replaced these two in May 2024 (SOURCES.md); the snapshot predates it.
NEMCA_CODE = "NEMCA"
NEMCA_GSS = "E47000014"
REPLACED_BY_NEMCA = ("NTCA", "NECA")

# Text the source stored with a broken encoding, and what it should read.
TEXT_REPAIRS = {"Sir Ynys Mï¿½n": "Sir Ynys Môn"}

SCOTLAND_OFFICE_SLUG = "scotland-office"


class ReferenceDataError(Exception):
    """The reference data is not what the loader expects; each message names its file, row and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class PlaceRow:
    code: str
    gss_code: str
    name: str
    official_name: str
    alt_names: str
    nation: str
    region: str
    region_code: str
    kind: str
    kind_name: str
    county_code: str
    combined_authority_code: str
    population: int | None
    area_km2: float | None
    latitude: float | None
    longitude: float | None
    is_current: bool = True


@dataclass(frozen=True)
class OrganisationRow:
    slug: str
    name: str
    abbreviation: str
    kind: str
    govuk_id: str
    web_url: str
    source: str
    place_code: str = ""
    parent_slugs: tuple[str, ...] = ()
    is_active: bool = True


def _read_csv(data_dir: Path, name: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows with their line number in the file (the header is line 1), for error messages."""
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


def _number(value: str) -> float | None:
    return float(value) if value.strip() else None


def _repair(text: str) -> str:
    """Undo UTF-8 read as Latin-1 ("â\\x80\\x99" for "’"), and the known replacement-character fault."""
    for broken, fixed in TEXT_REPAIRS.items():
        text = text.replace(broken, fixed)
    if re.search("[\u00c2-\u00c3\u00e2][\u0080-\u00bf]", text):
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            text = text.encode("latin-1").decode("utf-8")
    return text.strip()


# --- Places -----------------------------------------------------------------------------------------------


def read_region_codes(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """English region name → its E12 GSS code."""
    return {row["name"]: row["statistical-geography"] for _, row in _read_csv(data_dir, REGIONS)}


def _check_place(line: int, row: dict[str, str], regions: dict[str, str]) -> list[str]:
    where = f"{LOCAL_AUTHORITIES}, row {line}"
    errors = [
        f"{where}, column {column}: is blank"
        for column in ("local-authority-code", "nice-name", "nation", "local-authority-type")
        if not row[column].strip()
    ]
    if not GSS_CODE.match(row["gss-code"]):
        errors.append(f"{where}, column gss-code: {row['gss-code']!r} is not a GSS code")
    if row["nation"] == "England" and row["region"] not in regions:
        errors.append(f"{where}, column region: {row['region']!r} is not an English region")
    for column in ("pop-2020", "area", "lat", "long"):
        try:
            _number(row[column])
        except ValueError:
            errors.append(f"{where}, column {column}: {row[column]!r} is not a number")
    return errors


def _place_row(row: dict[str, str], regions: dict[str, str]) -> PlaceRow:
    english = row["nation"] == "England"
    population = _number(row["pop-2020"])
    # Regions are English; elsewhere the source repeats the nation, which says nothing new.
    return PlaceRow(
        code=row["local-authority-code"],
        gss_code=row["gss-code"],
        name=row["nice-name"].strip(),
        official_name=row["official-name"].strip(),
        alt_names=_repair(row["alt-names"]),
        nation=row["nation"],
        region=row["region"] if english else "",
        region_code=regions.get(row["region"], "") if english else "",
        kind=row["local-authority-type"],
        kind_name=row["local-authority-type-name"],
        county_code=row["county-la"],
        combined_authority_code=row["combined-authority"],
        population=int(population) if population is not None else None,
        area_km2=_number(row["area"]),
        latitude=_number(row["lat"]),
        longitude=_number(row["long"]),
    )


def _north_east_corrected(rows: list[PlaceRow]) -> list[PlaceRow]:
    """Add NEMCA, keep NTCA and NECA as retired records, and point their members at NEMCA."""
    old = {row.code: row for row in rows if row.code in REPLACED_BY_NEMCA}
    nemca = PlaceRow(
        code=NEMCA_CODE,
        gss_code=NEMCA_GSS,
        name="North East",
        official_name="North East Mayoral Combined Authority",
        alt_names="North East Mayoral Combined Authority,NEMCA",
        nation="England",
        region="North East",
        region_code=next(iter(old.values())).region_code if old else "",
        kind="COMB",
        kind_name="Combined authority",
        county_code="",
        combined_authority_code="",
        # Its area is exactly that of its two predecessors, so their figures add up.
        population=sum(row.population or 0 for row in old.values()) or None,
        area_km2=sum(row.area_km2 or 0 for row in old.values()) or None,
        latitude=None,
        longitude=None,
    )
    fixed = []
    for row in rows:
        if row.code in REPLACED_BY_NEMCA:
            row = replace(row, is_current=False)
        elif row.combined_authority_code in REPLACED_BY_NEMCA:
            row = replace(row, combined_authority_code=NEMCA_CODE)
        fixed.append(row)
    return [*fixed, nemca]


def read_places(data_dir: Path = DATA_DIR) -> list[PlaceRow]:
    """Every current local authority area, corrected. Raises ReferenceDataError listing every bad row."""
    regions = read_region_codes(data_dir)
    rows, errors = [], []
    for line, row in _read_csv(data_dir, LOCAL_AUTHORITIES):
        if row["current-authority"] != "True":
            continue
        problems = _check_place(line, row, regions)
        errors.extend(problems)
        if not problems:
            rows.append(_place_row(row, regions))
    if errors:
        raise ReferenceDataError(errors)
    return _north_east_corrected(rows)


# --- Organisations ----------------------------------------------------------------------------------------

GOVUK_KINDS: dict[str, str] = {
    "Ministerial department": OrganisationKind.MINISTERIAL,
    "Non-ministerial department": OrganisationKind.NON_MINISTERIAL,
    "Special health authority": OrganisationKind.HEALTH,
    "Devolved government": OrganisationKind.OTHER,
}
HEALTH_TITLE = re.compile(r"^(NHS|Public Health) ")
POLICE_TITLE = re.compile(r"Police Service\b|Police Authority$|Constabulary$")


def govuk_kind(format_name: str, title: str) -> str:
    """The organisation kind for a GOV.UK `format` (and, for health and police bodies, the title).

    - Ministerial department → ministerial; Non-ministerial department → non_ministerial.
    - Special health authority, and any body whose title starts "NHS " or "Public Health " → health.
    - Police forces and police authorities (title has "Police Service", ends "Police Authority" or
      "Constabulary") → police. Bodies that oversee the police (inspectorates, the IOPC) stay agencies.
    - Devolved government (the Scottish and Welsh Governments, the Northern Ireland Executive) → other:
      they are neither UK central government nor local government.
    - Everything else — executive agencies, executive and advisory NDPBs, public corporations, tribunals,
      courts, sub organisations, monitoring bodies, "Other", the Prime Minister's Office, the Civil
      Service — → agency: all are arm's-length parts of central government.
    """
    if format_name in GOVUK_KINDS:
        return GOVUK_KINDS[format_name]
    if HEALTH_TITLE.search(title):
        return OrganisationKind.HEALTH
    if POLICE_TITLE.search(title):
        return OrganisationKind.POLICE
    return OrganisationKind.AGENCY


# Missing from the GOV.UK snapshot although other records name it as their parent (SOURCES.md). GOV.UK lists it,
# like the Wales Office and the Northern Ireland Office, among the ministerial departments.
SCOTLAND_OFFICE = OrganisationRow(
    slug=SCOTLAND_OFFICE_SLUG,
    name="Scotland Office",
    abbreviation="",
    kind=OrganisationKind.MINISTERIAL,
    govuk_id="",
    web_url="https://www.gov.uk/government/organisations/scotland-office",
    source="govuk",
)


def read_central_organisations(data_dir: Path = DATA_DIR) -> list[OrganisationRow]:
    """GOV.UK organisations that are not closed, plus the Scotland Office."""
    rows, errors = [], []
    for line, row in _read_csv(data_dir, GOVUK_ORGANISATIONS):
        if row["govuk_status"] == "closed":
            continue
        if not row["slug"] or not row["title"].strip():
            errors.append(f"{GOVUK_ORGANISATIONS}, row {line}: slug and title are required")
            continue
        title = _repair(row["title"])
        rows.append(
            OrganisationRow(
                slug=row["slug"],
                name=title,
                abbreviation=_repair(row["abbreviation"]) if row["abbreviation"] != title else "",
                kind=govuk_kind(row["format"], title),
                govuk_id=row["govuk_analytics_id"],
                web_url=row["web_url"],
                source="govuk",
                parent_slugs=tuple(slug for slug in row["parent_slugs"].split(";") if slug),
            )
        )
    if errors:
        raise ReferenceDataError(errors)
    return [*rows, SCOTLAND_OFFICE]


def local_organisations(places: list[PlaceRow]) -> list[OrganisationRow]:
    """One council (or combined authority, or the GLA) per local authority, linked to its place."""
    combined = {"COMB", "SRA"}
    return [
        OrganisationRow(
            slug=slugify(place.official_name),
            name=place.official_name,
            abbreviation=place.code if place.kind in combined else "",
            kind=OrganisationKind.COMBINED_AUTHORITY if place.kind in combined else OrganisationKind.COUNCIL,
            govuk_id="",
            web_url="",
            source="mysociety",
            place_code=place.code,
            is_active=place.is_current,
        )
        for place in places
    ]
