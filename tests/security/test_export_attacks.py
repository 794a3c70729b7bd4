"""Attacks through exports: tying a conversation's votes to faces, and CSV cells that run as formulas.

Re-identification: someone who was in the room knows who joined when and who voted when. A member's download
must therefore carry no participant number that means anything (fresh pseudonyms each time), no time finer than
the day and no author of a statement; only the conversation's owners get the full export.

Formula injection: every CSV the site and the command line write is read back with the plain `csv` module, and
no cell may begin with = + - @ tab or CR unless it is a number (or the one-character polarity + / -).
"""

import csv
import io
import re
import zipfile

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup import csvsafe
from joinedup.engine.systems import formats
from joinedup.partnerships.models import Partnership
from joinedup.people.models import Profile
from joinedup.perspectives import services
from joinedup.perspectives.models import Conversation, Participant, Statement, StatementStatus, Vote
from joinedup.systemmaps.models import Factor
from tests.security.world import build_world

HOSTILE = ['=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "\t=1"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
DAY_MS = 86_400_000


@pytest.fixture
def world(db):
    return build_world()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def safe_cells(text: str) -> list[str]:
    """Every cell, after checking that none would run in a spreadsheet."""
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    live = [c for c in cells if c.startswith(TRIGGERS) and not NUMBER.fullmatch(c) and c not in ("+", "-")]
    assert live == []
    return cells


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- conversations ---------------------------------------------------------------------------------------


@pytest.fixture
def conversation(world):
    """The world's conversation with its pending statement, eight approved ones (five hostile), one rejected,
    and six participants (two members, four through the link) who voted on every approved statement."""
    conversation = Conversation.objects.get(pk=world.objects["conversation_id"])
    texts = [*HOSTILE, "Beds are blocked.", "Care homes refuse weekend discharges.", "Notes go missing."]
    now = timezone.now()
    approved = [
        Statement.objects.create(
            conversation=conversation, number=n, text=text, created_at=now, status=StatementStatus.APPROVED
        )  # fmt: skip
        for n, text in enumerate(texts, start=2)
    ]
    people = [
        services.participant_for_member(conversation=conversation, user=world.users["member"]),
        services.participant_for_member(conversation=conversation, user=world.users["lead"]),
        *(
            services.participant_anonymous_create(conversation=conversation, perspective=p)
            for p in ("frontline", "service_user", "local", "central")
        ),
    ]
    for i, participant in enumerate(people):
        for j, statement in enumerate(approved):
            services.vote_cast(participant=participant, statement_id=statement.pk, value=(i + j) % 3 - 1)
    Statement.objects.create(conversation=conversation, number=20, text="Name and shame the ward manager.",
                             created_at=now, author=people[0], status=StatementStatus.REJECTED)  # fmt: skip
    services.report_compute(conversation=conversation)
    return conversation


def download(client: Client, route: str, conversation: Conversation) -> dict[str, str]:
    response = client.get(reverse(f"perspectives:{route}", args=[conversation.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def voter_ids(files: dict[str, str]) -> set[int]:
    return {int(r["voter-id"]) for r in rows(files["votes.csv"])}


def test_it_gives_members_new_pseudonyms_in_every_export(world, conversation):
    client = signed_in(world.users["member"])
    first, second = (
        download(client, "export-votes", conversation),
        download(client, "export-votes", conversation),
    )
    numbers = set(Participant.objects.filter(conversation=conversation).values_list("number", flat=True))
    assert len(voter_ids(first)) == len(numbers) == 6
    assert voter_ids(first) != voter_ids(second)
    assert voter_ids(first).isdisjoint(numbers) and voter_ids(second).isdisjoint(numbers)
    participants = {int(r["participant"]) for r in rows(first["participants-votes.csv"])}
    assert participants == voter_ids(first)  # one pseudonym per person within one export


def test_it_cuts_a_members_export_to_the_day_and_names_no_author(world, conversation):
    files = download(signed_in(world.users["member"]), "export-votes", conversation)
    votes, comments = rows(files["votes.csv"]), rows(files["comments.csv"])
    for row in votes + comments:
        assert int(row["timestamp"]) % DAY_MS == 0
        assert " 00:00:00 UTC " in row["datetime"]
    assert {r["author-id"] for r in comments} == {"-1"}
    assert all(r["n-comments"] == "0" for r in rows(files["participants-votes.csv"]))
    approved = conversation.statements.filter(status=StatementStatus.APPROVED)
    assert sorted(int(r["comment-id"]) for r in comments) == sorted(approved.values_list("number", flat=True))
    assert "Care packages are late." not in files["comments.csv"]  # waiting for moderation
    assert "Name and shame" not in files["comments.csv"]  # rejected
    assert len(votes) == Vote.objects.filter(statement__in=approved).count()


def test_it_gives_owners_the_complete_export(world, conversation):
    files = download(signed_in(world.users["lead"]), "export-full", conversation)
    expected = {
        (p, s, v, int(t.timestamp() * 1000))
        for p, s, v, t in Vote.objects.filter(participant__conversation=conversation).values_list(
            "participant__number", "statement__number", "value", "voted_at"
        )
    }
    got = {
        (int(r["voter-id"]), int(r["comment-id"]), int(r["vote"]), int(r["timestamp"]))
        for r in rows(files["votes.csv"])
    }
    assert got == expected
    assert any(t % DAY_MS for *_, t in got)  # real times, to the millisecond
    comments = {int(r["comment-id"]): r for r in rows(files["comments.csv"])}
    assert set(comments) == set(conversation.statements.values_list("number", flat=True))
    member_number = Participant.objects.get(conversation=conversation, user=world.users["member"]).number
    assert comments[20]["author-id"] == str(member_number) and comments[20]["moderated"] == "-1"


def test_it_keeps_the_full_export_from_members_and_outsiders(world, conversation):
    full = reverse("perspectives:export-full", args=[conversation.pk])
    assert signed_in(world.users["member"]).get(full).status_code == 403
    assert signed_in(world.users["outsider"]).get(full).status_code == 404
    assert signed_in(world.users["admin"]).get(full).status_code == 200
    page = signed_in(world.users["member"]).get(reverse("perspectives:export", args=[conversation.pk]))
    assert full not in page.content.decode() and "made-up numbers" in page.content.decode()
    page = signed_in(world.users["lead"]).get(reverse("perspectives:export", args=[conversation.pk]))
    assert full in page.content.decode() and "to the millisecond" in page.content.decode()


def test_it_counts_the_member_who_opened_a_conversation_as_an_owner(world, conversation):
    conversation.created_by = world.users["member"]
    conversation.save(update_fields=["created_by"])
    assert download(signed_in(world.users["member"]), "export-full", conversation)


def test_it_shows_no_participant_numbers_on_the_report(world, conversation):
    report = conversation.reports.get()
    assert report.data["projections"]  # there are marks on the map to label
    html = signed_in(world.users["member"]).get(reverse("perspectives:report", args=[conversation.pk]))
    text = html.content.decode()
    assert "Participants' positions" in text
    assert re.search(r"Participant \d", text) is None
    assert ">Participant</th>" not in text


def test_it_escapes_statements_in_both_conversation_exports(world, conversation):
    for who, route in (("member", "export-votes"), ("lead", "export-full")):
        files = download(signed_in(world.users[who]), route, conversation)
        for text in files.values():
            safe_cells(text)
        bodies = [r["comment-body"] for r in rows(files["comments.csv"])]
        for value in HOSTILE:
            assert "'" + value in bodies


def test_it_imports_its_own_escaped_conversation_export(world, conversation, tmp_path):
    files = download(signed_in(world.users["lead"]), "export-full", conversation)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    call_command("perspectives", "import", "--polis-dir", str(tmp_path),
                 "--situation", str(world.objects["situation_id"]), "--title", "Back again")  # fmt: skip
    imported = Conversation.objects.get(title="Back again")
    texts = set(imported.statements.values_list("text", flat=True))
    assert set(HOSTILE) <= texts


# --- every other CSV ------------------------------------------------------------------------------------


def test_it_escapes_the_system_map_csvs_and_reads_them_back(world):
    a = Factor.objects.get(pk=world.objects["factor_id"])
    a.key, a.label, a.organisation, a.description, a.x, a.y = "@SUM(A1)", HOSTILE[0], "+1", "\t=1", -3.5, 2.0
    a.save()
    Factor.objects.filter(system_map_id=a.system_map_id, key="b").update(label="-1+1")
    client = signed_in(world.users["member"])
    body = {}
    for name in ("factors.csv", "links.csv", "kumu-elements.csv", "kumu-connections.csv"):
        response = client.get(reverse("systemmaps:export", args=[a.system_map_id, name]))
        body[name] = response.content.decode()
        cells = safe_cells(body[name])
        assert "'@SUM(A1)" in cells
    factors = safe_cells(body["factors.csv"])
    assert {"'" + v for v in HOSTILE} <= set(factors) and "-3.5" in factors
    assert "+" in safe_cells(body["links.csv"])  # the polarity stays a plain +
    for cmap in (
        formats.read_csv(body["factors.csv"], body["links.csv"]),
        formats.read_kumu_csv(body["kumu-elements.csv"], body["kumu-connections.csv"]),
    ):
        labels = {f.id: f.label for f in cmap.factors}
        assert labels["@SUM(A1)"] == HOSTILE[0] and "-1+1" in labels.values()
        assert cmap.links[0].source == "@SUM(A1)" and cmap.links[0].polarity == "+"


def test_it_escapes_the_people_export_and_imports_it_back(world, tmp_path):
    profile = Profile.objects.get(user=world.users["member"])
    profile.external_id, profile.offers, profile.seeks = "+1", "-1+1", "@SUM(A1)"
    profile.save()
    profile.user.name = HOSTILE[0]
    profile.user.save()
    out, again = tmp_path / "people.csv", tmp_path / "again.csv"
    call_command("export-people", str(out))
    cells = safe_cells(out.read_text())
    assert {"'" + v for v in HOSTILE[:4]} <= set(cells)
    call_command("import-people", str(out))
    profile.refresh_from_db()
    assert (profile.user.name, profile.external_id, profile.offers, profile.seeks) == (
        HOSTILE[0], "+1", "-1+1", "@SUM(A1)",
    )  # fmt: skip
    call_command("export-people", str(again))
    assert again.read_text() == out.read_text()


def test_it_escapes_the_match_files_and_reads_its_pairs_back_as_history(tmp_path):
    people = tmp_path / "people.csv"
    with people.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "name", "email", "sector", "organisation", "level", "places", "policy_areas",
                         "offers", "seeks"])  # fmt: skip
        for n, (ident, sector) in enumerate(zip([*HOSTILE, "plain"], ["central", "local"] * 3, strict=True)):
            writer.writerow([ident, f"Person {n}", "", sector, "=org()" if n % 2 else "dept-a", "manager",
                             "E08000035", "housing", "housing advice", "housing advice"])  # fmt: skip
    pairs, edges, tables = tmp_path / "pairs.csv", tmp_path / "edges.csv", tmp_path / "tables.csv"
    call_command("match", "run", "--people", str(people), "--out", str(pairs), "--candidates-out", str(edges))
    call_command("match", "tables", "--people", str(people), "--size", "3", "--out", str(tables))
    written = {path.name: safe_cells(path.read_text()) for path in (pairs, edges, tables)}
    stripped = [v.strip() for v in HOSTILE]  # ids are trimmed on reading, as any cell is
    assert {"'" + v for v in stripped} <= set(written["tables.csv"]) and "'=org()" in written["tables.csv"]
    assert any(c.startswith("'") for c in written["pairs.csv"])
    assert any(c.startswith("'") for c in written["edges.csv"])
    again = tmp_path / "again.csv"
    call_command("match", "run", "--people", str(people), "--history", str(pairs), "--out", str(again))
    first, second = met_in(pairs), met_in(again)
    assert first and not first & second  # the escaped ids were read back: nobody meets twice


def met_in(path):
    with path.open(newline="") as f:
        return {frozenset((r["person_a"], r["person_b"])) for r in csvsafe.DictReader(f)}


def test_it_escapes_the_programme_csv(world):
    Partnership.objects.filter(pk=world.objects["partnership_id"]).update(title=HOSTILE[0])
    response = signed_in(world.users["admin"]).get(
        reverse("partnerships:programme-csv", args=[world.objects["programme_id"]])
    )
    assert response.status_code == 200
    assert "'" + HOSTILE[0] in safe_cells(response.content.decode())
