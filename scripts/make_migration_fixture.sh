#!/usr/bin/env bash
# Remake tests/migrations/data/main-0035.sql.gz and its manifest main-0035.json: a database made
# by the last version with the old migrations (0001…0035, commit 4f9a3aa), filled through the
# project's services (scripts/make_migration_fixture.py), dumped as plain SQL. Run it on a
# checkout of that commit (git worktree add /tmp/old 4f9a3aa), with this script and the .py
# copied in, as: bash scripts/make_migration_fixture.sh [scale, default 0.01]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
trap services_stop EXIT

scale=${1:-0.01}
out=tests/migrations/data
mkdir -p "$out"
services_start
# Eager Celery: the report is generated in this process, no worker needed.
unset CELERY_BROKER_URL CELERY_RESULT_BACKEND
export DEBUG=true DJANGO_SETTINGS_MODULE=onestop.settings
PYTHONPATH=. .venv/bin/python scripts/make_migration_fixture.py "$scale" "$out/main-0035.json"
# No owner or privileges: the test loads it as whatever role its test server has.
as_pg_user "$PG_BIN/pg_dump" -h 127.0.0.1 -p "$PG_PORT" -U postgres --no-owner --no-privileges \
  onestop | gzip -9n >"$out/main-0035.sql.gz"
log "wrote $out/main-0035.sql.gz ($(du -h "$out/main-0035.sql.gz" | cut -f1)) and main-0035.json"
