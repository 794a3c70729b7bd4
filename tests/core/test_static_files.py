"""The production static files: collectstatic with the manifest storage must succeed.

The manifest storage rewrites every url() in the CSS to a hashed name and fails on one that points at a file
that is not shipped; then every page answers 500 in production. Development serves files straight from the
package and never notices, so this runs the production configuration in a subprocess.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

PRODUCTION = {
    "JOINEDUP_ENV": "production",
    "DJANGO_SETTINGS_MODULE": "joinedup.settings",
    "DJANGO_SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "localhost",
}


def _collectstatic(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "STATIC_ROOT", "DJANGO_DEBUG"}}
    env.update(
        PRODUCTION, DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite3'}", STATIC_ROOT=str(tmp_path / "static")
    )
    return subprocess.run(
        [sys.executable, "-m", "joinedup.cli", "collectstatic", "--noinput"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def test_it_collects_the_production_static_files_with_every_css_url_resolved(tmp_path):
    result = _collectstatic(tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    for name in ("govuk/govuk-frontend.min.css", "joinedup/joinedup.css", "joinedup/init.js"):
        assert manifest[name] != name, f"{name} was not given a hashed name"
        assert (tmp_path / "static" / manifest[name]).is_file()
    css = (tmp_path / "static" / manifest["govuk/govuk-frontend.min.css"]).read_text()
    for url in re.findall(r"url\(\"?([^\")]+)\"?\)", css):
        if url.startswith("data:"):
            continue
        assert (tmp_path / "static" / url.removeprefix("/static/")).is_file(), (
            f"the CSS points at a missing {url}"
        )
