"""Pol.is openData export and import: a round trip keeps statements, final votes and moderation."""

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from joinedup.jobs.services import jobs_run_all
from joinedup.perspectives import services
from joinedup.perspectives.import_cli import handle_import
from joinedup.perspectives.models import Conversation, Statement, StatementStatus, Vote
from joinedup.perspectives.polis_io import polis_export_read, polis_export_write
from tests.perspectives import site_cast
from tests.perspectives.site_cast import TWELVE, add_pattern_statements, vote_pattern

BREXIT = Path(__file__).parent / "data" / "brexit-consensus"

site = site_cast.site  # the fixtures, under their own names
as_user = site_cast.as_user


def filled(site):
    statements = add_pattern_statements(site)
    for perspective in TWELVE:
        participant = services.participant_anonymous_create(
            conversation=site.conversation, perspective=perspective
        )
        vote_pattern(participant, statements, perspective)
    services.vote_cast(participant=participant, statement_id=statements[0].pk, value=-1)  # a changed vote
    services.statement_moderate(statement=statements[5], actor=site.people.convener, approve=False)
    jobs_run_all()
    return statements


def votes_of(conversation):
    return sorted(
        Vote.objects.filter(participant__conversation=conversation).values_list(
            "participant__number", "statement__number", "value"
        )
    )


def statements_of(conversation):
    # Pol.is's openData comments.csv has no seed flag, so `is_seed` does not survive a round trip.
    return sorted(conversation.statements.values_list("number", "text", "status", "is_meta"))


def run_import(directory, situation_id, title="Imported"):
    command = BaseCommand(stdout=io.StringIO())
    handle_import(command, {"polis_dir": Path(directory), "situation": situation_id, "title": title})
    return command.stdout.getvalue()


@pytest.mark.parametrize(("who", "route"), [("member", "export-votes"), ("convener", "export-full")])
def test_it_downloads_the_three_polis_files(site, as_user, who, route):
    filled(site)
    response = as_user(getattr(site.people, who)).get(
        reverse(f"perspectives:{route}", args=[site.conversation.pk])
    )
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["comments.csv", "participants-votes.csv", "votes.csv"]
    header = archive.read("participants-votes.csv").decode().splitlines()[0]
    assert header.startswith("participant,group-id,n-comments,n-votes,n-agree,n-disagree,")


def test_it_round_trips_a_members_export_with_its_votes_and_groups(site, as_user, tmp_path):
    filled(site)
    response = as_user(site.people.member).get(
        reverse("perspectives:export-votes", args=[site.conversation.pk])
    )
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    run_import(tmp_path, site.people.situation.pk, "From a member")
    imported = Conversation.objects.get(title="From a member")
    approved = site.conversation.statements.filter(status=StatementStatus.APPROVED)
    assert sorted(imported.statements.values_list("number", "text")) == sorted(
        approved.values_list("number", "text")
    )
    assert tallies_of(imported) == tallies_of(site.conversation, approved_only=True)


def tallies_of(conversation, approved_only=False):
    """Per statement, how many voted each way: what survives pseudonyms."""
    votes = Vote.objects.filter(participant__conversation=conversation)
    if approved_only:
        votes = votes.filter(statement__status=StatementStatus.APPROVED)
    return sorted(Counter(votes.values_list("statement__number", "value")).items())


def test_it_round_trips_through_an_export(site, tmp_path):
    filled(site)
    polis_export_write(tmp_path, services.conversation_export(site.conversation))
    output = run_import(tmp_path, site.people.situation.pk)
    imported = Conversation.objects.get(title="Imported")
    assert votes_of(imported) == votes_of(site.conversation)
    assert statements_of(imported) == statements_of(site.conversation)
    assert f"conversation {imported.pk}" in output
    assert imported.statements.get(text="Out-of-area placements should need a second sign-off.").status == (
        StatementStatus.REJECTED
    )
    export = polis_export_read(tmp_path)
    report = site.conversation.reports.get().data["participants"]
    assert export.groups == {int(p): g for p, g in report.items()}


def test_it_imports_a_real_polis_conversation_and_reports_on_it(site):
    run_import(BREXIT, site.people.situation.pk, "Brexit consensus")
    imported = Conversation.objects.get(title="Brexit consensus")
    export = polis_export_read(BREXIT)
    assert imported.statements.count() == len(export.comments)
    assert imported.is_open is False
    jobs_run_all()
    report = imported.reports.get()
    assert len(report.data["groups"]) >= 2


def test_it_imports_nothing_from_a_malformed_export(site, tmp_path):
    filled(site)
    polis_export_write(tmp_path, services.conversation_export(site.conversation))
    votes = (tmp_path / "votes.csv").read_text().splitlines()
    votes[3] = votes[3].rsplit(",", 1)[0] + ",7"
    (tmp_path / "votes.csv").write_text("\n".join(votes) + "\n")
    before = Conversation.objects.count()
    with pytest.raises(CommandError, match=r"votes.csv line 4: vote must be one of -1, 0, 1"):
        run_import(tmp_path, site.people.situation.pk)
    assert Conversation.objects.count() == before


def test_it_imports_nothing_into_an_unknown_situation(site):
    with pytest.raises(CommandError, match="no situation with id 999999"):
        run_import(BREXIT, 999999)
    assert Statement.objects.exclude(conversation=site.conversation).count() == 0


def test_it_rolls_back_a_failed_import(site, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.polis, "report_schedule", broken)
    with pytest.raises(RuntimeError):
        services.conversation_import_polis(
            situation=site.people.situation, export=polis_export_read(BREXIT), title="Half"
        )
    assert not Conversation.objects.filter(title="Half").exists()
    assert not Vote.objects.exists()


def test_it_imports_through_the_command_line(site):
    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "perspectives", "import", "--polis-dir", str(BREXIT), "--situation", str(site.people.situation.pk),
        stdout=out,
    )  # fmt: skip
    imported = Conversation.objects.get(title="brexit-consensus")
    assert f"into conversation {imported.pk}" in out.getvalue()
    assert Vote.objects.filter(participant__conversation=imported).exists()
