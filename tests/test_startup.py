"""Web start-up stays light: the heavy numeric libraries load only when a job or command needs the engine."""

import os
import subprocess
import sys

HEAVY = ["sklearn", "pandas", "scipy.spatial", "scipy.stats"]


def test_it_starts_the_site_without_scikit_learn_or_heavy_scipy():
    code = (
        "import sys, django; django.setup(); import joinedup.urls; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "joinedup.settings"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "", f"imported at start-up: {result.stdout.strip()}"
