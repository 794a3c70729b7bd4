"""`joinedup check --deploy` is clean under production settings (warnings count as failures)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_it_passes_the_deployment_checks_under_production_settings(tmp_path):
    # tests/conftest.py sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment never has it.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "JOINEDUP_ENV": "production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Qz9Lk2Vb8Np4Rt6Yw1Mc3Hd5Jf0Gs",
        "ALLOWED_HOSTS": "joinedup.example.gov.uk",
        "CSRF_TRUSTED_ORIGINS": "https://joinedup.example.gov.uk",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "JOINEDUP_HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "joinedup.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
