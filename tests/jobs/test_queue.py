from datetime import timedelta

import pytest
from django.utils import timezone

from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.registry import JobFailed, job_handler
from joinedup.jobs.services import (
    job_claim_next,
    job_enqueue,
    job_run,
    job_run_next,
    jobs_recover_stale,
    jobs_run_all,
)
from tests.people_helpers import person

pytestmark = pytest.mark.django_db

CALLS: list[dict] = []


@job_handler("tests.echo")
def echo(params, progress):
    progress(50, "Halfway")
    CALLS.append(params)
    return {"echo": params["value"]}


@job_handler("tests.refuse")
def refuse(params, progress):
    raise JobFailed("Too few eligible people: 1 of the 2 needed")


@job_handler("tests.crash")
def crash(params, progress):
    raise RuntimeError("boom")


def test_it_runs_a_job_and_keeps_its_result():
    job = job_enqueue(kind="tests.echo", params={"value": 7})
    finished = job_run_next()
    assert finished is not None and finished.pk == job.pk
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"echo": 7}
    assert job.progress == 100


def test_it_claims_each_job_once():
    job_enqueue(kind="tests.echo", params={"value": 1})
    first = job_claim_next(worker="a")
    second = job_claim_next(worker="b")
    assert first is not None
    assert second is None
    assert first.attempts == 1


def test_it_waits_for_run_after():
    job_enqueue(kind="tests.echo", params={"value": 1}, delay_seconds=60)
    assert job_claim_next(worker="a") is None


def test_it_records_a_reason_a_user_can_act_on():
    job = job_enqueue(kind="tests.refuse", params={})
    jobs_run_all()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Too few eligible people: 1 of the 2 needed"
    assert job.result is None


def test_it_retries_an_unexpected_failure_then_fails_with_its_reason():
    job = job_enqueue(kind="tests.crash", params={}, max_attempts=2)
    job_run(job=job_claim_next(worker="a"))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    job_run(job=job_claim_next(worker="a"))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "RuntimeError: boom" in job.error


def test_it_requeues_a_job_whose_worker_died():
    job = job_enqueue(kind="tests.echo", params={"value": 3})
    job_claim_next(worker="dead")
    later = timezone.now() + timedelta(minutes=5)
    assert jobs_recover_stale(now=later) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert "worker stopped" in job.message


def test_it_fails_a_job_whose_worker_died_on_every_attempt():
    job = job_enqueue(kind="tests.echo", params={"value": 3}, max_attempts=1)
    job_claim_next(worker="dead")
    jobs_recover_stale(now=timezone.now() + timedelta(minutes=5))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.result is None


def test_it_shows_progress_to_its_creator_and_not_to_others(client):
    owner = person("owner@example.gov.uk", "Owner")
    other = person("other@example.gov.uk", "Other")
    job = job_enqueue(kind="tests.echo", params={"value": 1}, created_by=owner)
    client.force_login(owner)
    assert client.get(f"/jobs/{job.pk}/").status_code == 200
    assert client.get(f"/jobs/{job.pk}/status.json").json()["status"] == "queued"
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/status.json").status_code == 404


def test_it_asks_anonymous_visitors_to_sign_in(client):
    job = job_enqueue(kind="tests.echo", params={"value": 1})
    assert client.get(f"/jobs/{job.pk}/").status_code == 302


def test_it_keeps_jobs_in_the_database():
    job_enqueue(kind="tests.echo", params={"value": 1})
    assert Job.objects.count() == 1
