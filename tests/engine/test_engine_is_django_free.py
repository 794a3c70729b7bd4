"""The numeric core must run without Django: it is imported here in a fresh interpreter and checked."""

import pkgutil
import subprocess
import sys

import joinedup.engine


def test_it_imports_every_engine_module_without_django() -> None:
    modules = [m.name for m in pkgutil.walk_packages(joinedup.engine.__path__, "joinedup.engine.")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"engine modules imported Django: {out.stdout}"
