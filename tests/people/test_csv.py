import csv
import io

import pytest
from django.core.management import CommandError, call_command

from joinedup.accounts.models import User
from joinedup.people.csvrows import COLUMNS, Reference, read_people_csv
from joinedup.people.models import Profile
from tests import people_helpers as h


@pytest.fixture
def reference(db):
    h.place()
    h.place("E08000036", "Wakefield")
    h.department()
    h.council()
    h.policy_area("Housing")


def rows(n, bad=None):
    out = []
    for i in range(n):
        row = {
            "id": f"p{i:04}",
            "name": f"Person {i}",
            "email": f"person{i}@example.org",
            "sector": "local" if i % 2 else "central",
            "organisation": "leeds-city-council"
            if i % 2
            else "Ministry of Housing, Communities and Local Government",
            "level": "manager",
            "places": "E08000035;E08000036" if i % 2 else "",
            "policy_areas": "housing" if i % 3 else "Housing",
            "offers": "Housing know-how",
            "seeks": "A peer in a department",
        }
        row.update((bad or {}).get(i, {}))
        out.append(row)
    return out


def write(path, data):
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(data)
    return path


def test_it_imports_nothing_when_one_of_1000_rows_is_bad_and_names_it(reference, tmp_path, capsys):
    path = write(tmp_path / "people.csv", rows(1000, {499: {"places": "E08000035;E99999999"}}))
    with pytest.raises(CommandError, match="Nothing imported: 1 error"):
        call_command("import-people", str(path))
    # Row 501: the header is row 1, so the 500th person (index 499) is row 501.
    assert "Row 501, places: no current place has the GSS code E99999999" in capsys.readouterr().err
    assert Profile.objects.count() == 0


def test_it_imports_all_1000_rows_of_the_fixed_file(reference, tmp_path):
    call_command("import-people", str(write(tmp_path / "people.csv", rows(1000))))
    assert Profile.objects.count() == 1000
    person = Profile.objects.get(external_id="p0001")
    assert person.sector == "local" and person.organisation.slug == "leeds-city-council"
    assert sorted(person.places.values_list("gss_code", flat=True)) == ["E08000035", "E08000036"]
    assert not User.objects.get(email="person1@example.org").has_usable_password()


def test_it_prints_every_error_with_row_and_field(reference, tmp_path, capsys):
    bad = {
        0: {"email": "not-an-email"},
        2: {"sector": "central", "organisation": "leeds-city-council"},
        3: {"level": "boss", "policy_areas": "Knitting"},
        4: {"id": "p0000"},
    }
    with pytest.raises(CommandError, match="5 error"):
        call_command("import-people", str(write(tmp_path / "p.csv", rows(5, bad))))
    err = capsys.readouterr().err
    assert "Row 2, email: “not-an-email” is not an email address" in err
    assert "Row 4, sector: “central” does not agree with leeds-city-council, which is local" in err
    assert "Row 5, level:" in err and "Row 5, policy_areas: no policy area is called “Knitting”" in err
    assert "Row 6, id: the same id as row 2" in err


def test_it_updates_on_reimport_of_the_same_id(reference, tmp_path):
    call_command("import-people", str(write(tmp_path / "p.csv", rows(3))))
    call_command(
        "import-people", str(write(tmp_path / "p.csv", rows(3, {1: {"name": "Renamed", "level": "senior"}})))
    )
    assert Profile.objects.count() == 3
    profile = Profile.objects.get(external_id="p0001")
    assert (profile.user.name, profile.level) == ("Renamed", "senior")


def test_it_refuses_an_email_that_belongs_to_someone_else(reference, tmp_path, capsys):
    Profile.objects.filter(user=h.person("person1@example.org", "Already Here")).update(external_id="x1")
    with pytest.raises(CommandError):
        call_command("import-people", str(write(tmp_path / "p.csv", rows(3))))
    assert "Row 3, email: person1@example.org already belongs to" in capsys.readouterr().err


def test_it_adopts_a_profile_without_an_id_that_has_the_rows_email(reference, tmp_path):
    h.person("person1@example.org", "Already Here")
    call_command("import-people", str(write(tmp_path / "p.csv", rows(3))))
    assert Profile.objects.get(user__email="person1@example.org").external_id == "p0001"
    assert Profile.objects.count() == 3


def test_it_round_trips_through_export(reference, tmp_path):
    h.person("cast@example.org", "Cast Member")
    call_command("import-people", str(write(tmp_path / "in.csv", rows(20))))
    call_command("export-people", str(tmp_path / "out.csv"))
    first = (tmp_path / "out.csv").read_text()
    call_command("import-people", str(tmp_path / "out.csv"))
    call_command("export-people", str(tmp_path / "again.csv"))
    assert Profile.objects.count() == 21
    assert (tmp_path / "again.csv").read_text() == first
    assert "p0018,Person 18,person18@example.org,central" in first


def test_it_reports_missing_columns_without_a_database():
    _rows, errors = read_people_csv(io.StringIO("id,name\n1,A\n"), Reference())
    assert [str(e) for e in errors][0] == "Row 1, email: this column is missing from the header"


def test_it_checks_rows_without_reference_data():
    text = "id,name,email,sector,organisation,level,places,policy_areas,offers,seeks\n1,A,a@x.org,local,,senior leader,e08000035,Housing,o,s\n"
    people, errors = read_people_csv(io.StringIO(text))
    assert errors == []
    assert people[0].places == ("E08000035",) and people[0].level == "senior"
