#!/usr/bin/env bash
# Production smoke: build and run the production configuration the way the container does (see Dockerfile and
# docs/operations.md), then fetch its main pages anonymously and signed in. Any 5xx, unexpected answer or missing
# static file fails. Docker is not needed: this runs the container's commands directly.
#   1. collectstatic (manifest storage), check --deploy, migrate       (the image build and the release step)
#   2. reference data, a little demo data, an operator's createsuperuser
#   3. gunicorn -c python:joinedup.gunicorn_conf + `joinedup worker`  (the web and worker containers)
#   4. tests/production/smoke_pages.py drives it as the TLS proxy would (X-Forwarded-Proto: https)
# Environment: SMOKE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/joinedup_smoke; the database is
# dropped and made anew), SMOKE_PORT (default 8767). Processes it starts are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
DB_URL=${SMOKE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/joinedup_smoke}
PORT=${SMOKE_PORT:-8767}
WORK=$(mktemp -d -t joinedup-smoke.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The same variables an operator sets for the containers (docs/operations.md, compose.yaml).
export JOINEDUP_ENV=production
DJANGO_SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')"
export DJANGO_SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$PORT"
export DATABASE_URL="$DB_URL"
export STATIC_ROOT="$WORK/static" JOINEDUP_HOME="$WORK"
export BIND="127.0.0.1:$PORT" WEB_CONCURRENCY=2 LOG_LEVEL=ERROR
export DJANGO_SUPERUSER_PASSWORD="smoke-$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')"
JOINEDUP=.venv/bin/joinedup
SECONDS=0
say() { printf -- "--> [%3ss] %s\n" "$SECONDS" "$*"; }

say "a fresh database: ${DB_URL##*/}"
.venv/bin/python - "$DB_URL" <<'PY'
import sys
import psycopg
server, name = sys.argv[1].rsplit("/", 1)
with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
PY

say "build: collectstatic with the manifest storage, check --deploy"
$JOINEDUP collectstatic --noinput | tail -1
$JOINEDUP check --deploy --fail-level WARNING

say "release: migrate, reference data, demo content, an administrator"
$JOINEDUP migrate --no-input >/dev/null
say "load-reference"; $JOINEDUP load-reference >/dev/null
$JOINEDUP learning load-initiatives >/dev/null
say "seed-demo"; $JOINEDUP seed-demo --people 60 --seed 1 >/dev/null
say "createsuperuser"; $JOINEDUP createsuperuser --no-input --email admin@smoke.joinedup.example --name "Smoke Admin" >/dev/null
.venv/bin/python tests/production/smoke_data.py > "$WORK/smoke.json"

say "run: gunicorn on $BIND and a background worker"
.venv/bin/gunicorn -c python:joinedup.gunicorn_conf joinedup.wsgi:application \
  --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" &
PIDS+=($!)
$JOINEDUP worker > "$WORK/worker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 150); do
  curl -sf -o /dev/null "http://$BIND/healthz" && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$WORK/gunicorn.log"; echo "gunicorn stopped"; exit 1; }
  sleep 0.2
done

say "pages"
status=0
.venv/bin/python tests/production/smoke_pages.py "http://$BIND" "$WORK/smoke.json" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- gunicorn log"; tail -n 80 "$WORK/gunicorn.log"
  echo "--- worker log"; tail -n 40 "$WORK/worker.log"
fi
exit "$status"
