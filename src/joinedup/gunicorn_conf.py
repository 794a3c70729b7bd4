"""gunicorn's settings for Joined Up's web processes: `gunicorn -c python:joinedup.gunicorn_conf joinedup.wsgi`.

The container (Dockerfile), scripts/production-smoke.sh and an operator's own service manager all start the web
process with this file, so they run the same server. Each setting can be changed from the environment:
  BIND               address to listen on (default 0.0.0.0:8000)
  WEB_CONCURRENCY    worker processes (default 3; about 2 per core)
  GUNICORN_TIMEOUT   seconds before a stuck request's worker is restarted (default 60)
  FORWARDED_ALLOW_IPS  the proxies trusted to set X-Forwarded-* (read by gunicorn itself; default 127.0.0.1)
"""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Load the application before forking: a broken configuration stops the master at once, not each worker.
preload_app = True
accesslog = "-"
errorlog = "-"
# A worker is replaced after this many requests, so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# No control socket: it would sit at one fixed path per user, shared by every gunicorn that user runs (several
# web processes on one host, the smoke run beside the load run), and nothing here uses it.
control_socket_disable = True


def when_ready(server: object) -> None:
    """In the master, after the application is loaded and before any worker forks: build the lesson search
    index once, so every worker (and every worker started later, after `max_requests`) inherits it instead of
    spending seconds on its first search."""
    from joinedup.learning.search import warm_index

    seconds = warm_index()
    if seconds is not None:
        print(f"lesson search index ready in {seconds:.1f} s", flush=True)
