#!/usr/bin/env bash
# The load run: gunicorn on loopback against DATABASE_URL, then locust headless; fails on any error or a
# p95 over the limit. Prepare the database first (migrate, load-reference, seed-demo --people N).
#   scripts/load-run.sh [users] [seconds] [p95-limit-ms]     (defaults: 50 60 500)
# Environment: DATABASE_URL (required), PORT (default 8765), WORKERS (default 4), OUT (default load-results).
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${1:-50}; SECONDS_=${2:-60}; P95_LIMIT=${3:-500}
PORT=${PORT:-8765}; WORKERS=${WORKERS:-4}; OUT=${OUT:-load-results}
: "${DATABASE_URL:?set DATABASE_URL to the database to load}"
export DATABASE_URL DJANGO_DEBUG=False AXES_ENABLED=False LOG_LEVEL=ERROR
# Every locust user comes from 127.0.0.1 and votes faster than people do: the per-address and per-participant
# rate limits are raised to what many separate people would have (they still count, so their cost is measured).
export JOINEDUP_RATE_PARTICIPATE=100000/m JOINEDUP_RATE_PARTICIPATE_NEW=100000/h JOINEDUP_RATE_SIGN_IN=100000/m
mkdir -p "$OUT"
.venv/bin/python tests/load/setup_load.py > "$OUT/setup.json"
.venv/bin/gunicorn joinedup.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" --preload \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" --pid "$OUT/gunicorn.pid" &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
# Warm up: the first request in each worker fills its caches; the run measures the steady state.
for _ in $(seq 1 $((WORKERS * 3))); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/accounts/sign-in/" || true
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/partnerships/answer/x/" || true
done
LOAD_SETUP="$OUT/setup.json" .venv/bin/locust -f tests/load/locustfile.py --headless --only-summary \
  -u "$USERS" -r "$USERS" -t "${SECONDS_}s" --host "http://127.0.0.1:$PORT" --csv "$OUT/load" \
  --exit-code-on-error 1 > "$OUT/locust.txt" 2>&1 || { cat "$OUT/locust.txt"; exit 1; }
cat "$OUT/locust.txt"
.venv/bin/python - "$OUT/load_stats.csv" "$P95_LIMIT" <<'PY'
import csv, sys
rows = {r["Name"]: r for r in csv.DictReader(open(sys.argv[1]))}
total = rows["Aggregated"]
p95, failures, count = float(total["95%"]), int(total["Failure Count"]), int(total["Request Count"])
print(f"requests {count}, failures {failures}, p95 {p95:.0f} ms, limit {sys.argv[2]} ms")
sys.exit(1 if failures or count == 0 or p95 > float(sys.argv[2]) else 0)
PY
