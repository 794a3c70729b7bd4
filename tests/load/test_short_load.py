"""The short load run CI makes: 10 users for 15 s against gunicorn on a small population; any error fails.

It needs its own database, so it runs only when asked: JOINEDUP_LOAD_SHORT=1 (see docs/benchmarks/load.md).
On PostgreSQL (DATABASE_URL set) it uses a fresh database named <name>_load; otherwise a SQLite file.
The p95 limit is not enforced here (CI machines vary); the full run in scripts/load-run.sh enforces it.
"""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 500

pytestmark = pytest.mark.skipif(not os.environ.get("JOINEDUP_LOAD_SHORT"), reason="set JOINEDUP_LOAD_SHORT=1")


def _database(tmp_path: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / 'load.sqlite3'}"
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}_load" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}_load"')
    return f"{server}/{name}_load"


def _joinedup(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/joinedup"), *args], cwd=ROOT, env=env, check=True, timeout=600,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def test_it_serves_ten_users_for_fifteen_seconds_without_an_error(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DATABASE_URL=_database(tmp_path), JOINEDUP_HOME=str(tmp_path), OUT=str(tmp_path / "out"),
               PORT=os.environ.get("LOAD_PORT", "8766"), WORKERS="2")  # fmt: skip
    _joinedup(env, "migrate")
    _joinedup(env, "load-reference")
    _joinedup(env, "seed-demo", "--people", str(PEOPLE))
    done = subprocess.run(
        [str(ROOT / "scripts/load-run.sh"), "10", "15", "1000000"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "failures 0" in done.stdout
