#!/usr/bin/env bash
# `make test`: lint, Django checks and the whole pytest suite on a throwaway PostgreSQL cluster,
# with Redis and a real Celery worker, and browser tests in Debian's Chromium.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
trap services_stop EXIT

unset CELERY_TASK_ALWAYS_EAGER
export DEBUG=true
export DJANGO_SETTINGS_MODULE=onestop.settings
# Dashboards follow each live change at once in the tests (production lets them lag up to 60 s;
# tests/procedures/reports/test_dashboard_cache.py checks that lag on its own).
export DASHBOARD_LIVE_LAG_SECONDS=0
# Playwright's sync API runs an event loop in the test thread; the ORM calls there are still sync.
export DJANGO_ALLOW_ASYNC_UNSAFE=true

services_start

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step "ruff check";             .venv/bin/ruff check . || exit 1
step "ruff format --check";    .venv/bin/ruff format --check . || exit 1
step "compile translations";   .venv/bin/python manage.py compilemessages --ignore=.venv >/dev/null || exit 1
step "manage.py check";        .venv/bin/python manage.py check --fail-level WARNING || exit 1
step "makemigrations --check"; .venv/bin/python manage.py makemigrations --check --dry-run || exit 1
# The documentation site, strict: a broken link or a page missing from the navigation fails
# (not --quiet: it hides the warnings from the strict count, and the build passes).
docs_site=$(mktemp -d)
step "mkdocs build --strict"; NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --site-dir "$docs_site" || exit 1
rm -rf "$docs_site"

# pytest-django creates test_onestop; the worker serves that database. The worker closes its
# connection after each task (not kept 60 s as in production): pytest drops that database at
# the end and PostgreSQL refuses while a connection to it is open.
DATABASE_CONN_MAX_AGE=0 start_worker test_onestop
step "Chromium: $(/usr/bin/chromium --version 2>/dev/null)"
step "pytest on PostgreSQL (${DATABASE_URL})"
.venv/bin/python -m pytest "$@"
