"""A worker killed (SIGKILL) in the middle of writing a job's result publishes nothing, and the job is
retried, or failed with its reason once its attempts are used up.

The worker is a real `joinedup worker` process (tests/faults/jobworker.py adds a test handler) on a scratch
database of the same kind as the test run's: a SQLite file, or a PostgreSQL database named after it.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
    env = {**env, "FAULT_MARKER": str(marker)}
    log = (marker.parent / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.jobworker", "worker", "--poll", "0.2"],
        cwd=ROOT, env={**env, "FAULT_PAUSE": "0.5"}, stdout=log, stderr=subprocess.STDOUT,
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


def _tail(marker: Path) -> str:
    return (marker.parent / "worker.log").read_text()[-2000:]


def _state(env: dict[str, str], job_id: str) -> dict[str, object]:
    state: dict[str, object] = json.loads(_run(env, "state", job_id))
    return state


def test_it_publishes_nothing_and_retries_when_the_worker_is_killed_mid_write(scratch, tmp_path):
    marker = tmp_path / "half-written"
    job_id = _run(scratch, "enqueue", "10", "2", str(marker))
    _kill_mid_write(scratch, marker)

    state = _state(scratch, job_id)
    assert state["status"] == "running" and state["rows"] == 0  # half the rows were written, none kept

    assert _run(scratch, "recover") == "1"
    state = _state(scratch, job_id)
    assert state["status"] == "queued" and "worker stopped" in str(state["message"])

    _run(scratch, "worker", "--once")
    state = _state(scratch, job_id)
    assert state["status"] == "done" and state["rows"] == 10 and state["attempts"] == 2


def test_it_fails_the_job_with_its_reason_when_no_attempts_are_left(scratch, tmp_path):
    marker = tmp_path / "half-written"
    job_id = _run(scratch, "enqueue", "10", "1", str(marker))
    _kill_mid_write(scratch, marker)

    assert _run(scratch, "recover") == "1"
    state = _state(scratch, job_id)
    assert state["status"] == "failed" and state["rows"] == 0
    assert state["error"] == "The worker stopped while running it, on every attempt"


def test_it_publishes_no_opinion_report_when_the_worker_is_killed_mid_publish(scratch, tmp_path):
    marker = tmp_path / "report-written"
    job_id = _run(scratch, "report")
    _kill_mid_write(scratch, marker)

    state = _state(scratch, job_id)
    assert state["status"] == "running" and state["rows"] == 0  # the report row was written, not committed

    assert _run(scratch, "recover") == "1"
    _run(scratch, "worker", "--once")
    state = _state(scratch, job_id)
    assert state["status"] == "done" and state["rows"] == 1
