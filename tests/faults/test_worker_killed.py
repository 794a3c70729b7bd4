"""A worker killed (SIGKILL) in the middle of writing a job's result publishes nothing, and the next worker
retries the job, which then publishes its result once, whole.

The workers are real `joinedup worker` processes (django-tasks-db's db_worker plus our recovery; see
tests/faults/jobworker.py) on a scratch database of the same kind as the test run's: a SQLite file, or a
PostgreSQL database named after it. That a job is failed, with its reason, once its attempts are used up is
tested in tests/jobs.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tests.faults.jobworker", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=180,
    )  # fmt: skip
    return str(done.stdout).strip()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, django_db_blocker):
    """A migrated scratch database the worker processes share; yields the environment to run them in."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "joinedup.settings", "PYTHONPATH": str(ROOT)}
    with django_db_blocker.unblock():
        vendor, settings = connection.vendor, dict(connection.settings_dict)
    if vendor == "postgresql":
        name = f"{settings['NAME']}_faults"
        dsn = (
            f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} user={settings['USER']}"
        )
        with psycopg.connect(f"{dsn} dbname=postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{settings['USER']}@{host}:{port}/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('faults') / 'faults.sqlite3'}"
    _run(env, "migrate")
    yield env
    if vendor == "postgresql":
        with psycopg.connect(f"{dsn} dbname=postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _kill_mid_write(env: dict[str, str], marker: Path) -> None:
    env = {**env, "FAULT_MARKER": str(marker), "FAULT_PAUSE": "60"}
    log = (marker.parent / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.jobworker", "worker", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert worker.poll() is None, "the worker stopped by itself: " + _tail(marker)
            assert time.monotonic() < deadline, "the worker never reached the middle of the write: " + _tail(
                marker
            )
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)


def _next_worker(env: dict[str, str]) -> None:
    """A new `joinedup worker`, as started after the crash: on start it requeues the dead worker's job (its
    heartbeat is older than FAULT_STALE_AFTER), then runs the queue and stops (--batch)."""
    time.sleep(1.5)
    _run({**env, "FAULT_STALE_AFTER": "1"}, "worker", "--batch")


def _tail(marker: Path) -> str:
    return (marker.parent / "worker.log").read_text()[-2000:]


def _state(env: dict[str, str], job_id: str) -> dict[str, Any]:
    state: dict[str, Any] = json.loads(_run(env, "state", job_id))
    return state


def test_it_retries_a_matching_round_killed_mid_write_and_publishes_it_once_whole(scratch, tmp_path):
    marker = tmp_path / "matches-written"
    job_id = _run(scratch, "round")
    _kill_mid_write(scratch, marker)

    state = _state(scratch, job_id)  # every match was written, none committed
    assert (state["status"], state["task"], state["attempts"]) == ("running", "RUNNING", 1)
    assert state["round"] == "running" and state["matches"] == 0

    _next_worker(scratch)
    state = _state(scratch, job_id)
    assert (state["status"], state["task"], state["attempts"]) == ("done", "SUCCESSFUL", 2)
    assert state["round"] == "ready" and state["matches"] == state["result"]["pairs"] == 2
    assert len(state["members"]) == len(set(state["members"])) == 5  # everyone once: no duplicate matches

    _run(scratch, "publish", str(state["result"]["round_id"]))
    _run(scratch, "worker", "--batch")  # the introductions
    state = _state(scratch, job_id)
    assert state["round"] == "published" and state["matches"] == 2
    assert state["jobs"] == {"matching.run_round": 1, "matching.send_introductions": 1}


def test_it_publishes_no_opinion_report_when_the_worker_is_killed_mid_publish(scratch, tmp_path):
    marker = tmp_path / "report-written"
    job_id = _run(scratch, "report")
    _kill_mid_write(scratch, marker)

    state = _state(scratch, job_id)
    assert state["status"] == "running" and state["rows"] == 0  # the report row was written, not committed

    _next_worker(scratch)
    state = _state(scratch, job_id)
    assert state["status"] == "done" and state["rows"] == 1 and state["attempts"] == 2
