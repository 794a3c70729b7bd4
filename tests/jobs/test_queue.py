import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from joinedup.jobs import execute
from joinedup.jobs.models import Job, JobStatus
from joinedup.jobs.registry import JobFailed, job_handler, task_for
from joinedup.jobs.services import MAX_ATTEMPTS, job_enqueue, jobs_recover_stale, jobs_run_all
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


@job_handler("tests.linked")
def linked(params, progress):
    return {"next_url": "/matching/rounds/1/"}


@job_handler("tests.slow")
def slow(params, progress):
    time.sleep(float(params["seconds"]))
    return {}


def _task(job: Job) -> DBTaskResult:
    return DBTaskResult.objects.get(id=job.task_id)


def _as_if_its_worker_died(job: Job) -> None:
    """What a worker killed mid-job leaves: the task RUNNING, the job running with its last heartbeat."""
    _task(job).claim("dead-worker")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=timezone.now(), attempts=1)


def test_it_runs_a_job_as_a_django_task_and_keeps_its_result():
    job = job_enqueue(kind="tests.echo", params={"value": 7})
    task = _task(job)
    assert task.status == TaskResultStatus.READY and task.task_path == "tests.jobs.test_queue.echo"
    assert task_for("tests.echo") is echo
    assert jobs_run_all() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"echo": 7}
    assert job.progress == 100 and job.attempts == 1
    assert _task(job).status == TaskResultStatus.SUCCESSFUL


def test_it_runs_each_job_once():
    CALLS.clear()
    job_enqueue(kind="tests.echo", params={"value": 1})
    assert jobs_run_all() == 1
    assert jobs_run_all() == 0
    assert CALLS == [{"value": 1}]


def test_it_waits_for_its_delay():
    job = job_enqueue(kind="tests.echo", params={"value": 1}, delay_seconds=60)
    assert jobs_run_all() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_it_queues_nothing_when_the_callers_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        job_enqueue(kind="tests.echo", params={"value": 1})
        raise RuntimeError("the request failed after queueing")
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def test_it_refuses_a_kind_nobody_registered():
    with pytest.raises(LookupError, match="tests.nobody"):
        job_enqueue(kind="tests.nobody", params={})
    assert not Job.objects.exists()


def test_it_records_a_reason_a_user_can_act_on():
    job = job_enqueue(kind="tests.refuse", params={})
    jobs_run_all()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Too few eligible people: 1 of the 2 needed"
    assert job.result is None
    assert _task(job).status == TaskResultStatus.FAILED


def test_it_fails_an_unexpected_error_with_its_class_and_message():
    job = job_enqueue(kind="tests.crash", params={})
    jobs_run_all()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "It failed unexpectedly (RuntimeError: boom)"
    assert _task(job).status == TaskResultStatus.FAILED


def test_it_requeues_a_job_whose_worker_died_and_runs_it_again():
    job = job_enqueue(kind="tests.echo", params={"value": 3})
    _as_if_its_worker_died(job)
    assert jobs_recover_stale() == 0  # its heartbeat is fresh: the worker may be alive
    assert jobs_recover_stale(now=timezone.now() + timedelta(minutes=5)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and "worker stopped" in job.message
    assert _task(job).status == TaskResultStatus.READY
    assert jobs_run_all() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and job.result == {"echo": 3}


def test_it_fails_a_job_whose_worker_died_on_every_attempt():
    job = job_enqueue(kind="tests.echo", params={"value": 3})
    _as_if_its_worker_died(job)
    Job.objects.filter(pk=job.pk).update(attempts=MAX_ATTEMPTS)
    assert jobs_recover_stale(now=timezone.now() + timedelta(minutes=5)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result is None
    assert job.error == "The worker stopped while running it, on every attempt"
    assert _task(job).status == TaskResultStatus.FAILED
    assert jobs_run_all() == 0


def test_it_does_not_run_a_finished_job_twice():
    CALLS.clear()
    job = job_enqueue(kind="tests.echo", params={"value": 4})
    jobs_run_all()
    DBTaskResult.objects.filter(id=job.task_id).update(status=TaskResultStatus.READY)  # run again, somehow
    jobs_run_all()
    assert CALLS == [{"value": 4}]


@pytest.mark.django_db(transaction=True)
def test_it_beats_the_heartbeat_of_a_long_step(monkeypatch):
    monkeypatch.setattr(execute, "HEARTBEAT_EVERY", timedelta(seconds=0.2))
    job = job_enqueue(kind="tests.slow", params={"seconds": 1.5})
    started = timezone.now()
    jobs_run_all()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.heartbeat_at is not None and job.heartbeat_at > started + timedelta(seconds=0.5)


@pytest.mark.django_db(transaction=True)
def test_the_worker_command_recovers_dead_workers_jobs_then_runs_the_queue():
    dead = job_enqueue(kind="tests.echo", params={"value": 5})
    _as_if_its_worker_died(dead)
    Job.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    fresh = job_enqueue(kind="tests.echo", params={"value": 6})
    call_command("worker", "--once", "--no-startup-delay", verbosity=0)
    for job in (dead, fresh):
        job.refresh_from_db()
        assert job.status == JobStatus.DONE
    assert dead.attempts == 2 and fresh.attempts == 1


def test_it_shows_progress_to_its_owner_and_not_to_others(client):
    owner = person("owner@example.gov.uk", "Owner")
    other = person("other@example.gov.uk", "Other")
    job = job_enqueue(kind="tests.echo", params={"value": 1}, owner=owner)
    client.force_login(owner)
    assert client.get(f"/jobs/{job.pk}/").status_code == 200
    assert client.get(f"/jobs/{job.pk}/status.json").json()["status"] == "queued"
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/status.json").status_code == 404


def test_it_links_back_to_the_result_once_done(client):
    owner = person("owner@example.gov.uk", "Owner")
    job = job_enqueue(kind="tests.linked", params={}, owner=owner)
    client.force_login(owner)
    assert "/matching/rounds/1/" not in client.get(f"/jobs/{job.pk}/").content.decode()
    jobs_run_all()
    assert 'href="/matching/rounds/1/"' in client.get(f"/jobs/{job.pk}/").content.decode()


def test_it_shows_why_a_job_failed(client):
    owner = person("owner@example.gov.uk", "Owner")
    job = job_enqueue(kind="tests.refuse", params={}, owner=owner)
    jobs_run_all()
    client.force_login(owner)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Too few eligible people" in page
    status = client.get(f"/jobs/{job.pk}/status.json").json()
    assert status["finished"] and status["status"] == "failed"


def test_it_asks_anonymous_visitors_to_sign_in(client):
    job = job_enqueue(kind="tests.echo", params={"value": 1})
    assert client.get(f"/jobs/{job.pk}/").status_code == 302
