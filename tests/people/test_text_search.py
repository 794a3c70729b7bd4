"""Full-text search of the people directory: FTS5 on SQLite, a GIN tsvector index on PostgreSQL.

Every test here runs on either database (DATABASE_URL picks it); the few that look at one database's index
directly say so.
"""

import io
import random

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from joinedup.accounts.models import User
from joinedup.people.csvrows import PersonRow
from joinedup.people.models import Profile
from joinedup.people.selectors import DirectoryFilters, profile_directory_search, profiles_matching_text
from joinedup.people.services import people_import, profile_create, profile_update, user_erase
from joinedup.people.textsearch import MAX_WORDS, fts5_match, postgres_tsquery, search_words
from joinedup.places.models import OrganisationKind
from tests import people_helpers as h

URL = reverse("people:directory")

NASTY = [
    '"',
    '""',
    '"housing',
    "*",
    "hous*",
    "**",
    "AND",
    "housing AND",
    "OR NOT",
    "NEAR(housing care)",
    "-housing",
    "housing -care",
    "care - housing",
    "^housing",
    "search_text:housing",
    "{search_text}: housing",
    "(housing",
    "housing)",
    "'",
    "o'brien",
    "\\",
    "hous\\",
    "a & b | !c <-> d:*",
    "' & '",
    ":*",
    "%",
    "_",
    "%housing_",
    "🏠",
    "housing 🏠 care",
    "👩🏽‍⚕️",
    "\x00",
    "\u200b",
    "ǅ ﬁ Ⅷ ²",
    "İstanbul",
    "日本語",
    "a" * 1000,
    "housing " * 200,
    "x" * 5000,
    "\n\t ",
]


def _names(qs):
    return sorted(p.user.name for p in qs.select_related("user"))


def _find(text):
    return _names(profiles_matching_text(Profile.objects.all(), text))


def _person(email, name, **fields):
    user = User.objects.create_user(email=email, password=h.PASSWORD, name=name)
    return profile_create(user=user, **fields)


@pytest.fixture
def people(db):
    """Three people made through the services, as the site makes them."""
    _person(
        "ada@example.org",
        "Ada Okafor",
        organisation=h.council(),
        job_title="Head of housing",
        offers="Hostels and temporary accommodation",
    )
    _person(
        "ben@example.org",
        "Ben Hughes",
        organisation=h.organisation("cabinet-office", "Cabinet Office", OrganisationKind.MINISTERIAL),
        job_title="Policy adviser",
        seeks="Hospital discharge pilots in Leeds",
    )
    _person("cy@example.org", "Cy Doe", job_title="Housing officer", offers="Secondment to a council")


# The query builders, on their own


def test_it_keeps_only_letters_and_digits_as_words():
    assert search_words('  "Housing" AND-care* (o\'Brien) 🏠 covid19 ') == [
        "housing",
        "and",
        "care",
        "o",
        "brien",
        "covid19",
    ]


def test_it_caps_the_number_and_length_of_words():
    words = search_words(" ".join(f"w{i}" for i in range(20)) + " " + "z" * 500)
    assert len(words) == MAX_WORDS
    assert all(len(w) <= 64 for w in search_words("z" * 500))


def test_it_quotes_every_word_as_a_prefix():
    assert fts5_match(["hous", "and"]) == '"hous"* AND "and"*'
    assert postgres_tsquery(["hous", "and"]) == "'hous':* & 'and':*"


def test_it_escapes_quotes_should_a_word_ever_hold_one():
    assert fts5_match(['a"b']) == '"a""b"*'
    assert postgres_tsquery(["a'b\\"]) == "'a''b\\\\':*"


# Matching


def test_it_finds_a_whole_word_in_any_case(people):
    assert _find("HOUSING") == ["Ada Okafor", "Cy Doe"]
    assert _find("okafor") == ["Ada Okafor"]


def test_it_finds_the_start_of_a_word(people):
    assert _find("hous") == ["Ada Okafor", "Cy Doe"]
    assert _find("hosp disch") == ["Ben Hughes"]
    assert _find("leeds") == ["Ada Okafor", "Ben Hughes"]  # his seeks; her organisation's name


def test_it_needs_every_word(people):
    assert _find("housing hostels") == ["Ada Okafor"]
    assert _find("housing zebra") == []


def test_it_does_not_match_the_middle_of_a_word(people):
    assert _find("ousing") == []


def test_it_treats_operators_as_plain_words(people):
    assert _find("housing OR zebra") == []  # "or" is a word to find, and no one has it
    assert _find("NOT housing") == []
    assert _find("-housing") == ["Ada Okafor", "Cy Doe"]  # the minus is punctuation, not "without"
    assert _find('"head of"') == ["Ada Okafor"]


def test_it_matches_no_one_for_text_without_letters_or_digits(people):
    assert _find("*** 🏠 ---") == []


@pytest.mark.parametrize("text", NASTY)
def test_it_accepts_any_text_without_error(people, text):
    _find(text)
    filters = DirectoryFilters(q=text, sector="local")
    list(profile_directory_search(user=User.objects.get(email="ada@example.org"), filters=filters))


@pytest.mark.parametrize("text", NASTY)
def test_it_answers_any_text_in_the_directory(people, client, text):
    client.force_login(User.objects.get(email="ada@example.org"))
    # A NUL character is refused for the whole site with a clear 400 (core.middleware); all else is searched.
    expected = 400 if "\x00" in text else 200
    assert client.get(URL, {"q": text}).status_code == expected


def test_it_accepts_random_characters_from_every_script(people):
    rng = random.Random(2)
    alphabet = [chr(c) for c in range(1, 0x3000)] + list("\"'*:^()-+&|!<>{}[]\\ ") * 40 + ["🏠", "👩🏽‍⚕️"]
    for _ in range(300):
        _find("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))))


def test_it_finds_words_with_accents(db):
    _person("jose@example.org", "José Núñez", job_title="Café owner")
    assert _find("JOSÉ") == ["José Núñez"]
    assert _find("núñ caf") == ["José Núñez"]
    if (
        connection.vendor == "sqlite"
    ):  # FTS5's tokenizer also folds accents away; PostgreSQL's 'simple' does not
        assert _find("nunez") == ["José Núñez"]


# Keeping the index in step with every way a profile changes


def test_it_finds_an_updated_profile_by_its_new_words_only(people):
    ada = Profile.objects.get(user__email="ada@example.org")
    profile_update(
        profile=ada, name="Ada Mensah", job_title="Director of transport", offers="Bus franchising"
    )
    assert _find("mensah transport") == ["Ada Mensah"]
    assert _find("franchis") == ["Ada Mensah"]
    assert _find("okafor") == []
    assert _find("hostels") == []
    assert _find("housing") == ["Cy Doe"]


def test_it_follows_a_queryset_update_too(people):
    Profile.objects.filter(user__email="cy@example.org").update(search_text="cy doe lighthouse keeper")
    assert _find("lighthouse") == ["Cy Doe"]
    assert _find("housing") == ["Ada Okafor"]


def test_it_forgets_an_erased_profile(people):
    user_erase(user=User.objects.get(email="ada@example.org"))
    assert _find("okafor") == []
    assert _find("housing") == ["Cy Doe"]


def test_it_forgets_a_profile_deleted_with_its_user(people):
    User.objects.get(email="cy@example.org").delete()
    assert _find("housing") == ["Ada Okafor"]


def test_it_finds_imported_people_new_and_updated(db):
    def row(id_, name, offers):
        return PersonRow(row=2, id=id_, name=name, email=f"{id_}@example.org", sector="other",
                         organisation=None, level="manager", offers=offers)  # fmt: skip

    people_import(rows=[row("p1", "Priya Shah", "Tenancy sustainment"), row("p2", "Tom Reed", "Data")])
    assert _find("tenancy") == ["Priya Shah"]
    assert _find("reed") == ["Tom Reed"]
    people_import(rows=[row("p1", "Priya Shah", "Rough sleeping outreach")])
    assert _find("rough sleep") == ["Priya Shah"]
    assert _find("tenancy") == []


def test_it_finds_seeded_demo_people(db):
    call_command("load-reference", verbosity=0)
    call_command("seed-demo", people=120, seed=3, batch=50, stdout=io.StringIO())
    someone = Profile.objects.select_related("user").order_by("pk")[57]
    surname = someone.user.name.split()[-1]
    found = profiles_matching_text(Profile.objects.all(), surname)
    assert someone in found
    expected = {p.pk for p in Profile.objects.all() if surname.lower() in p.search_text.split()}
    assert {p.pk for p in found} >= expected
    assert _index_agrees_with_the_table()


def test_it_sorts_search_results_by_name_through_the_view_when_asked(people, client):
    client.force_login(User.objects.get(email="ben@example.org"))
    response = client.get(URL, {"q": "hous", "order": "name"})
    assert [p.user.name for p in response.context["profiles"]] == ["Ada Okafor", "Cy Doe"]


# Each database's index itself


def _index_agrees_with_the_table():
    if connection.vendor != "sqlite":
        return True  # PostgreSQL's index is on an expression of the row: it cannot disagree
    with connection.cursor() as cursor:
        # With rank 1, FTS5 checks its index against the content table, raising if they differ.
        cursor.execute(
            "INSERT INTO people_profile_fts(people_profile_fts, rank) VALUES ('integrity-check', 1)"
        )
    return True


def test_it_keeps_the_sqlite_index_whole_through_every_change(people):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 index")
    ada = Profile.objects.get(user__email="ada@example.org")
    profile_update(profile=ada, offers="Something else entirely")
    user_erase(user=User.objects.get(email="ben@example.org"))
    assert _index_agrees_with_the_table()


def test_it_has_the_sqlite_triggers_after_every_migration(db):
    """A later migration that rebuilds people_profile drops its triggers: it must make them again."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 triggers")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'people_profile'"
        )
        triggers = {name for (name,) in cursor.fetchall()}
    assert triggers >= {"people_profile_fts_insert", "people_profile_fts_update", "people_profile_fts_delete"}


def test_it_answers_from_the_postgres_gin_index(people):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's GIN index")
    qs = profiles_matching_text(Profile.objects.all(), "hous").order_by()
    with connection.cursor() as cursor:
        # Three rows: forbid the plans that would win on so few so that the plan shows the index can serve it.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Bitmap Index Scan on people_profile_search_gin" in plan
