#!/usr/bin/env bash
# Prove a backup restores: dump the PostgreSQL database at DATABASE_URL (pg_dump, custom format), restore the
# dump into a fresh database, then run the app against the copy: `joinedup check`,
# row counts equal to the source's (django_migrations included), and smoke requests that read from it.
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/joinedup scripts/restore-check.sh [dump-file]
# The restored database is dropped at the end unless KEEP_RESTORED=1. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database to back up}"
case "$DATABASE_URL" in postgres://*|postgresql://*) ;; *) echo "restore-check needs PostgreSQL" >&2; exit 2;; esac
DUMP=${1:-$(mktemp --suffix=.dump)}
SOURCE_DB=${DATABASE_URL##*/}
RESTORED_DB="${SOURCE_DB}_restore_check_$(date +%s)"
RESTORED_URL="${DATABASE_URL%/*}/$RESTORED_DB"
SERVER_URL="${DATABASE_URL%/*}/postgres"

echo "1. Dumping $SOURCE_DB to $DUMP"
pg_dump --format=custom --no-owner --file="$DUMP" "$DATABASE_URL"
ls -l "$DUMP"

echo "2. Restoring into a fresh database $RESTORED_DB"
psql -q "$SERVER_URL" -c "CREATE DATABASE \"$RESTORED_DB\""
cleanup() {
  if [ "${KEEP_RESTORED:-0}" != 1 ]; then psql -q "$SERVER_URL" -c "DROP DATABASE IF EXISTS \"$RESTORED_DB\" WITH (FORCE)"; fi
}
trap cleanup EXIT
pg_restore --no-owner --exit-on-error --dbname="$RESTORED_URL" "$DUMP"

echo "3. Running the app against the restored copy"
export DATABASE_URL="$RESTORED_URL"
.venv/bin/joinedup check

SOURCE_URL="${RESTORED_URL%/*}/$SOURCE_DB" .venv/bin/python - <<'PY'
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
django.setup()
import psycopg
from django.apps import apps
from django.db import connection
from django.test import Client

# Every table has as many rows as in the source.
tables = sorted(m._meta.db_table for m in apps.get_models() if m._meta.managed)
with psycopg.connect(os.environ["SOURCE_URL"]) as source:
    for table in tables:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            restored = cursor.fetchone()[0]
        expected = source.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        assert restored == expected, f"{table}: {restored} rows restored, {expected} in the source"
print(f"   {len(tables)} tables, every row count equal to the source's")

# Smoke requests that read from the restored database, as its first active user.
from joinedup.accounts.models import User  # noqa: E402

client = Client()
assert client.get("/healthz").status_code == 200
user = User.objects.filter(is_active=True).order_by("pk").first()
if user is not None:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for path in ["/dashboard/", "/people/", "/places/", "/situations/"]:
        status = client.get(path).status_code
        assert status == 200, f"{path}: {status}"
    print(f"   smoke requests answered 200 as {user.email}")
PY
echo "Restore check passed: $DUMP restores and the app runs against it."
