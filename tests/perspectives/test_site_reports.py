"""The report: recomputed in a debounced background job, published whole, shown with the split by side."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from joinedup.engine import opinions
from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.services import jobs_run_all
from joinedup.perspectives import services
from joinedup.perspectives.models import OpinionReport
from joinedup.perspectives.selectors import report_view
from tests.perspectives import site_cast
from tests.perspectives.site_cast import TWELVE, add_pattern_statements, vote_pattern

site = site_cast.site  # the fixtures, under their own names
as_user = site_cast.as_user


def report_jobs(site):
    return Job.objects.filter(kind=services.REPORT_JOB, params__conversation_id=site.conversation.pk)


def twelve_vote(site):
    statements = add_pattern_statements(site)
    for perspective in TWELVE:
        participant = services.participant_anonymous_create(
            conversation=site.conversation, perspective=perspective
        )
        vote_pattern(participant, statements, perspective)
    return statements


def test_it_queues_one_recomputation_for_a_burst_of_votes(site, settings):
    settings.PERSPECTIVES_REPORT_DELAY_SECONDS = 5
    participant = services.participant_for_member(conversation=site.conversation, user=site.people.member)
    for _ in range(10):
        for statement in site.statements:
            services.vote_cast(participant=participant, statement_id=statement.pk, value=1)
    jobs = report_jobs(site)
    assert jobs.count() == 1
    task = DBTaskResult.objects.get(id=jobs.get().task_id)
    assert task.run_after > timezone.now() + timedelta(seconds=3)
    assert jobs_run_all() == 0  # not due yet: it waits to gather more votes


def test_it_queues_the_next_recomputation_once_one_is_running(site, settings):
    settings.PERSPECTIVES_REPORT_DELAY_SECONDS = 5
    participant = services.participant_for_member(conversation=site.conversation, user=site.people.member)
    services.vote_cast(participant=participant, statement_id=site.statements[0].pk, value=1)
    report_jobs(site).update(status=JobStatus.RUNNING)
    services.vote_cast(participant=participant, statement_id=site.statements[1].pk, value=1)
    services.vote_cast(participant=participant, statement_id=site.statements[2].pk, value=1)
    assert report_jobs(site).filter(status=JobStatus.QUEUED).count() == 1


def test_it_computes_groups_consensus_and_the_central_local_split(site):
    twelve_vote(site)
    jobs_run_all()
    report = OpinionReport.objects.get(conversation=site.conversation)
    assert (report.participant_count, report.vote_count) == (12, 72)
    view = report_view(report)
    assert len(view.groups) >= 2
    assert sum(g.size for g in view.groups) == 12
    assert "Families need one named caseworker." in [s.text for s in view.consensus_agree]
    diverging = {d.text: d for d in view.divergence}
    assert diverging["The current funding formula is fair."].central == 100
    assert diverging["The current funding formula is fair."].local == 0
    assert "Families need one named caseworker." in [s.text for s in view.common_ground]


def test_it_withholds_a_perspective_below_the_minimum_count(site):
    twelve_vote(site)
    jobs_run_all()
    view = report_view(OpinionReport.objects.get())
    row = next(r for r in view.split_rows if r.text == "The current funding formula is fair.")
    cells = {label: (share, seen) for label, share, seen in row.cells}
    assert cells["Central government"] == (100, 5)
    assert cells["Frontline staff"] == (None, 1)


def test_it_leaves_rejected_statements_out_of_the_report(site):
    statements = twelve_vote(site)
    services.statement_moderate(statement=statements[3], actor=site.people.convener, approve=False)
    jobs_run_all()
    report = OpinionReport.objects.get()
    assert statements[3].number in report.data["moderated_out"]
    view = report_view(report)
    shown = [r.text for r in view.split_rows] + [d.text for d in view.divergence]
    assert "The current funding formula is fair." not in shown


def test_it_keeps_the_previous_report_until_a_new_one_is_complete(site, monkeypatch):
    twelve_vote(site)
    jobs_run_all()
    first = OpinionReport.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("engine fell over")

    # The services import the engine when they compute (not at start-up), so patch it at its source.
    monkeypatch.setattr(opinions, "analyse", broken)
    participant = services.participant_for_member(conversation=site.conversation, user=site.people.member)
    services.vote_cast(participant=participant, statement_id=site.statements[0].pk, value=1)
    jobs_run_all()
    assert list(OpinionReport.objects.all()) == [first]
    assert report_jobs(site).filter(status=JobStatus.FAILED).exists()


def test_it_replaces_the_report_in_one_step(site):
    twelve_vote(site)
    jobs_run_all()
    first = OpinionReport.objects.get()
    services.report_compute(conversation=site.conversation)
    reports = list(OpinionReport.objects.all())
    assert len(reports) == 1 and reports[0].pk != first.pk
    assert reports[0].data["state"]["clustered"]  # warm-started from the first one's state


def test_it_shows_the_report_pages(site, as_user):
    twelve_vote(site)
    jobs_run_all()
    client = as_user(site.people.member)
    page = client.get(reverse("perspectives:report", args=[site.conversation.pk])).content.decode()
    assert "<svg" in page and "Opinion map" in page and "Group A" in page
    assert "Where central and local government differ most" in page
    assert "The current funding formula is fair." in page
    assert "withheld (1 vote)" in page
    assert " style=" not in page and "<script>" not in page
    summary = client.get(reverse("perspectives:summary", args=[site.conversation.pk])).content.decode()
    assert "12 people voted on 6 statements" in summary
    assert "Families need one named caseworker." in summary


def test_it_says_so_when_there_is_no_report_yet(site, as_user):
    page = as_user(site.people.member).get(reverse("perspectives:report", args=[site.conversation.pk]))
    assert "There is no report yet" in page.content.decode()


def test_it_says_a_newer_report_is_coming(site, as_user, settings):
    twelve_vote(site)
    jobs_run_all()
    settings.PERSPECTIVES_REPORT_DELAY_SECONDS = 60
    participant = services.participant_for_member(conversation=site.conversation, user=site.people.member)
    services.vote_cast(participant=participant, statement_id=site.statements[0].pk, value=1)
    page = as_user(site.people.member).get(reverse("perspectives:report", args=[site.conversation.pk]))
    assert "Newer votes are being counted" in page.content.decode()


@pytest.mark.parametrize("n", [1, 2])
def test_it_reports_on_tiny_conversations(site, n):
    statements = add_pattern_statements(site)
    for _ in range(n):
        participant = services.participant_anonymous_create(
            conversation=site.conversation, perspective="local"
        )
        vote_pattern(participant, statements, "local")
    jobs_run_all()
    assert OpinionReport.objects.get().participant_count == n


def test_it_lists_as_divergent_only_significant_differences(site):
    twelve_vote(site)
    jobs_run_all()
    view = report_view(OpinionReport.objects.get())
    assert {d.text for d in view.divergence} == {
        "Central rules leave councils no room to act.",
        "Councils should hold the budget for temporary accommodation.",
        "National data on B&B stays is good enough.",
        "The current funding formula is fair.",
    }
