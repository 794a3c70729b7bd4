"""The reference loader, run against the real data copied into the package."""

import csv
import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from joinedup.places.models import Organisation, OrganisationKind, Place, Sector
from joinedup.places.reference import DATA_DIR, GOVUK_ORGANISATIONS, ReferenceDataError, govuk_kind
from joinedup.places.services import reference_load
from tests.people_helpers import department, place

pytestmark = pytest.mark.django_db

NEMCA_MEMBERS = {
    "Newcastle upon Tyne",
    "North Tyneside",
    "Northumberland",
    "County Durham",
    "Gateshead",
    "South Tyneside",
    "Sunderland",
}


@pytest.fixture
def loaded():
    return reference_load()


def test_it_loads_every_current_place_by_nation_and_type(loaded):
    current = Place.objects.filter(is_current=True)
    # SOURCES.md's counts, less North of Tyne and North East CA, plus the North East Mayoral CA.
    assert Counter(current.values_list("nation", flat=True)) == {
        "England": 331,
        "Scotland": 32,
        "Wales": 22,
        "Northern Ireland": 11,
    }
    assert Counter(current.values_list("kind_name", flat=True)) == {
        "Non-metropolitan district": 164,
        "Unitary authority": 63,
        "Metropolitan district": 36,
        "London borough": 32,
        "Scottish unitary authority": 32,
        "Welsh unitary authority": 22,
        "County": 21,
        "Combined authority": 13,
        "NI district": 11,
        "Strategic Regional Authority": 1,
        "City corporation": 1,
    }


def test_it_gives_each_english_place_its_region_code(loaded):
    leeds = Place.objects.get(gss_code="E08000035")
    assert (leeds.region, leeds.region_code, leeds.kind) == ("Yorkshire and The Humber", "E12000003", "MD")
    assert not Place.objects.filter(nation="England", is_current=True, region_code="").exists()
    assert Place.objects.get(gss_code="S12000033").region == ""


def test_it_adds_the_north_east_mayoral_combined_authority_with_its_seven_members(loaded):
    nemca = Place.objects.get(gss_code="E47000014")
    assert nemca.is_current and nemca.kind == "COMB"
    assert set(nemca.member_places.values_list("name", flat=True)) == NEMCA_MEMBERS
    org = Organisation.objects.get(place=nemca)
    assert (org.kind, org.sector, org.is_active) == (OrganisationKind.COMBINED_AUTHORITY, Sector.LOCAL, True)


def test_it_retires_north_of_tyne_and_the_old_north_east_combined_authority(loaded):
    for gss in ("E47000011", "E47000010"):
        old = Place.objects.get(gss_code=gss)
        assert not old.is_current
        assert not old.member_places.exists()
        assert not Organisation.objects.get(place=old).is_active


def test_it_adds_the_scotland_office(loaded):
    office = Organisation.objects.get(slug="scotland-office")
    assert (office.kind, office.sector) == (OrganisationKind.MINISTERIAL, Sector.CENTRAL)
    assert Organisation.objects.get(slug="boundary-commission-for-scotland").parent == office


def test_it_loads_no_closed_govuk_organisation(loaded):
    with (DATA_DIR / GOVUK_ORGANISATIONS).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    closed = {row["slug"] for row in rows if row["govuk_status"] == "closed"}
    assert len(closed) == 589
    assert not Organisation.objects.filter(slug__in=closed).exists()
    assert Organisation.objects.filter(source="govuk").count() == 665 + 1  # and the Scotland Office


def test_it_links_districts_members_councils_and_parents(loaded):
    assert Place.objects.get(code="ADU").county.code == "WSX"
    assert Place.objects.get(code="CMD").combined_authority.code == "GLA"
    assert Place.objects.get(code="GLA").member_places.count() == 33  # 32 boroughs and the City
    council = Organisation.objects.get(slug="leeds-city-council")
    assert (council.kind, council.sector, council.place.code) == (
        OrganisationKind.COUNCIL,
        Sector.LOCAL,
        "LDS",
    )
    assert Organisation.objects.get(slug="uk-health-security-agency").parent.slug == (
        "department-of-health-and-social-care"
    )
    active = Organisation.objects.filter(is_active=True, source="mysociety")
    assert active.filter(kind=OrganisationKind.COUNCIL).count() == 382
    assert active.filter(kind=OrganisationKind.COMBINED_AUTHORITY).count() == 14  # 13 CAs and the GLA


def test_it_repairs_mis_encoded_text(loaded):
    anglesey = Place.objects.get(code="AGY")
    assert "Sir Ynys Môn" in anglesey.alt_names and "ï¿½" not in anglesey.alt_names
    assert Organisation.objects.filter(name="The Adjudicator’s Office").exists()
    assert not Organisation.objects.filter(name__contains="â").exists()


@pytest.mark.parametrize(
    ("format_name", "title", "kind"),
    [
        ("Ministerial department", "Home Office", OrganisationKind.MINISTERIAL),
        ("Non-ministerial department", "HM Revenue & Customs", OrganisationKind.NON_MINISTERIAL),
        ("Executive agency", "Met Office", OrganisationKind.AGENCY),
        ("Executive non-departmental public body", "NHS England", OrganisationKind.HEALTH),
        ("Special health authority", "NHS Resolution", OrganisationKind.HEALTH),
        (
            "Executive non-departmental public body",
            "Police Service of Northern Ireland",
            OrganisationKind.POLICE,
        ),
        (
            "Executive non-departmental public body",
            "Independent Office for Police Conduct",
            OrganisationKind.AGENCY,
        ),
        ("Devolved government", "Welsh Government", OrganisationKind.OTHER),
        ("Tribunal", "First-tier Tribunal (Tax)", OrganisationKind.AGENCY),
    ],
)
def test_it_maps_govuk_formats_to_kinds(format_name, title, kind):
    assert govuk_kind(format_name, title) == kind


def test_it_changes_nothing_on_a_second_run(loaded):
    again = reference_load()
    for part in (again.places, again.organisations):
        assert (part.added, part.updated, part.retired) == ([], [], [])


def test_it_retires_a_place_an_earlier_load_made_and_the_data_dropped(loaded):
    gone = Place.objects.create(
        code="ZZZ", gss_code="E07999999", name="Oldshire", official_name="Oldshire District Council"
    )
    Organisation.objects.create(slug="oldshire", name="Oldshire Council", kind="council", source="mysociety")
    report = reference_load()
    assert report.places.retired == ["Oldshire"]
    assert report.organisations.retired == ["Oldshire Council"]
    gone.refresh_from_db()
    assert not gone.is_current  # kept, not deleted


def test_it_reports_a_place_it_corrects(loaded):
    Place.objects.filter(code="LDS").update(name="Leedz", population=1)
    report = reference_load()
    assert report.places.updated == ["Leeds"]
    assert Place.objects.get(code="LDS").population == 798786


def test_it_takes_over_a_place_made_by_hand_with_the_same_gss_code():
    leeds = place()  # the test helper's Leeds, with a made-up code
    reference_load()
    leeds.refresh_from_db()
    assert (leeds.code, leeds.official_name) == ("LDS", "Leeds City Council")


def test_it_leaves_organisations_added_by_hand_alone(loaded):
    mine = department()  # source "manual", a slug GOV.UK does not use
    reference_load()
    mine.refresh_from_db()
    assert mine.is_active


def test_it_rejects_bad_data_naming_the_row_and_loads_nothing(tmp_path: Path):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "local_authorities" / "uk_local_authorities_current.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("E07000223", "E0700022X"), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as error:
        reference_load(data_dir=tmp_path)
    assert "row 5, column gss-code: 'E0700022X' is not a GSS code" in str(error.value)
    assert not Place.objects.exists()


def test_it_prints_what_it_added_updated_and_retired():
    out = StringIO()
    call_command("load-reference", stdout=out)
    assert out.getvalue().splitlines() == [
        "Places: 398 added, 0 updated, 0 retired",
        "Organisations: 1064 added, 0 updated, 0 retired",
    ]
