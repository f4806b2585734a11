#!/usr/bin/env bash
# `make bench`: every benchmark in bench/ (bench_*.py), each printing its figures beside its
# baseline, with throwaway PostgreSQL and Redis for those that need a database. Fails when any
# benchmark fails (each asserts its own limit).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/services.sh
trap services_stop EXIT

unset CELERY_TASK_ALWAYS_EAGER
export DEBUG=true
export DJANGO_SETTINGS_MODULE=onestop.settings
# PostgreSQL as shipped (fsync on), a database the benchmarks may fill and empty.
export PG_DURABLE=1 ONESTOP_BENCH_DB=1
# The intake load benchmark drives gunicorn with Debian's wrk (on loopback only).
if ! command -v wrk >/dev/null && [ "$(id -u)" = "0" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk </dev/null >/dev/null || true
fi

services_start
.venv/bin/python manage.py migrate --noinput >/dev/null || die "migrate failed"

status=0
# BENCH_ONLY=name runs one (e.g. BENCH_ONLY=reads); BENCH_SCALE=0.1 shrinks the sizes.
for bench in bench/bench_${BENCH_ONLY:-*}.py; do
  [ -e "$bench" ] || continue
  printf '\n\033[1m== %s\033[0m\n' "$bench"
  .venv/bin/python "$bench" || { status=1; printf '\033[1;31m%s failed\033[0m\n' "$bench"; }
done
exit $status
