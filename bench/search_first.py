"""The first lesson searches after the web server starts, with and without the index built in the master.

    .venv/bin/python bench/search_heldout.py --lessons 10000 --db /tmp/b10k.sqlite3   # once, to make the data
    .venv/bin/python bench/search_first.py --db /tmp/b10k.sqlite3

Starts gunicorn with the project's settings file (`joinedup.gunicorn_conf`) on the given SQLite database, signs
in over HTTP as a bench user, and times the first searches end to end; then the same with `when_ready` replaced
by a no-op (each worker builds its own index on its first search, as before). The kernel hands requests to
whichever worker accepts first, so the slow searches are the first each worker serves: the table shows every
search in order.
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "pooling budgets with the health service",
    "sharing data between agencies",
    "hospital discharge delays",
    "secondments between council and department",
    "troubled families key worker",
    "exit strategy when funding ends",
]
NO_HOOK = "from joinedup.gunicorn_conf import *  # noqa: F403\n\n\ndef when_ready(server):\n    pass\n"


def prepare(db: Path) -> tuple[str, str]:
    """Migrate every app on the bench database and make a reader to sign in as; returns (email, password)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    email, password = "bench-reader@example.org", secrets.token_urlsafe(16)
    user, _ = get_user_model().objects.get_or_create(email=email)
    user.set_password(password)
    user.save()
    return email, password


def serve(config: str, port: int, db: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    return subprocess.Popen(
        [str(gunicorn), "-c", config, "joinedup.wsgi"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )


def signed_in(base: str, email: str, password: str) -> urllib.request.OpenerDirector:
    # The same steps as tests/production/smoke_pages.py's sign_in; bench scripts stand alone and import
    # nothing from tests/.
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    for _ in range(240):
        try:
            page = opener.open(f"{base}/accounts/sign-in/").read().decode()
            break
        except OSError:
            time.sleep(0.25)
    else:
        raise SystemExit("the server did not start")
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": match[1], "username": email, "password": password})
    request = urllib.request.Request(
        f"{base}/accounts/sign-in/", data=form.encode(), headers={"Referer": f"{base}/accounts/sign-in/"}
    )
    opener.open(request).read()
    return opener


def first_searches(config: str, port: int, db: Path, email: str, password: str) -> list[float]:
    server = serve(config, port, db)
    try:
        base = f"http://127.0.0.1:{port}"
        opener = signed_in(base, email, password)
        times = []
        for query in QUERIES:
            started = time.perf_counter()
            response = opener.open(f"{base}/learning/?{urllib.parse.urlencode({'q': query})}")
            response.read()
            times.append(time.perf_counter() - started)
            assert "/sign-in/" not in response.geturl(), "the search was redirected to sign in"
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, required=True, help="a database made by search_heldout.py --db")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(
            f"{args.db} does not exist: make it with bench/search_heldout.py --lessons 10000 --db"
        )
    email, password = prepare(args.db)
    with tempfile.TemporaryDirectory() as tmp:
        no_hook = Path(tmp) / "no_hook_conf.py"
        no_hook.write_text(NO_HOOK)
        runs = {
            "each worker builds its own index": first_searches(
                str(no_hook), args.port, args.db, email, password
            ),
            "index built in the master": first_searches(
                "python:joinedup.gunicorn_conf", args.port, args.db, email, password
            ),
        }
    print(f"{'searches in order, seconds':<36}" + "".join(f"{n:>7}" for n in range(1, len(QUERIES) + 1)))
    for name, times in runs.items():
        print(f"{name:<36}" + "".join(f"{t:>7.2f}" for t in times))


if __name__ == "__main__":
    main()
