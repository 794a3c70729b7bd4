import os
import subprocess
import sys
from pathlib import Path

import pytest

from joinedup.env import ConfigurationError, env_bool

PROD = {"JOINEDUP_ENV": "production", "DJANGO_SETTINGS_MODULE": "joinedup.settings"}


def _settings_in_subprocess(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    env.update(PROD | extra)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_it_refuses_to_start_production_without_its_secrets(missing):
    full = {
        "DJANGO_SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    }
    del full[missing]
    result = _settings_in_subprocess(full)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_it_starts_production_with_its_secrets_and_debug_off():
    result = _settings_in_subprocess(
        {
            "DJANGO_SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "example.org",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_email_links_default_to_https_on_the_site_never_localhost():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL",
                                                           "JOINEDUP_SITE_URL"}}  # fmt: skip
    env.update(PROD | {"DJANGO_SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "joinedup.example.org,www.example.org",
                       "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"})  # fmt: skip
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.JOINEDUP_SITE_URL)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://joinedup.example.org"


def test_it_rejects_a_boolean_that_is_neither(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ConfigurationError):
        env_bool("SOME_FLAG", False)


def test_it_keeps_debug_off_in_development_unless_asked():
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "JOINEDUP_ENV"}}
    env["DJANGO_SETTINGS_MODULE"] = "joinedup.settings"
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_it_runs_the_demo_with_debug_off():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "DJANGO_DEBUG=False" in demo and "runserver" in demo
