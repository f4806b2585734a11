# Throwaway services for the test suite and the benchmarks: PostgreSQL, Redis, a Celery worker.
# Sourced by scripts/test.sh and scripts/bench.sh; everything started here is stopped by PID
# in `services_stop`, which the caller traps on EXIT.

SERVICES_DIR=""
PG_BIN=""
WORKER_PID=""
REDIS_PID_FILE=""

log() { printf '\033[1m[services]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[services] %s\033[0m\n' "$*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Debian packages the suite needs; installed only when missing and only as root.
ensure_debian_packages() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  command -v msgfmt >/dev/null || missing+=(gettext)
  # The report's PDF: pages turned into screenshots (pdftoppm), Times-metric serif (Liberation).
  command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  [ -e /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || missing+=(fonts-liberation)
  # The report's DOCX turned into pages as Word's users print it (soffice --headless).
  command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
  # …and the XLSX through Calc, as Excel's users print the forms.
  [ -e /usr/lib/libreoffice/program/libsclo.so ] || missing+=(libreoffice-calc-nogui)
  # Liberation 2 stands in for Times New Roman with every Vietnamese letter (1.07 lacks some).
  [ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || missing+=(fonts-liberation2)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != "0" ]; then
    die "missing Debian packages: ${missing[*]} (run as root, or install them: apt-get install ${missing[*]})"
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq </dev/null || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

as_pg_user() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL is not installed (no initdb under /usr/lib/postgresql): cannot run the suite on PostgreSQL"
  local port; port=$(free_port)
  mkdir -p "$SERVICES_DIR/pg"
  [ "$(id -u)" = "0" ] && chown -R postgres "$SERVICES_DIR/pg" && chmod 755 "$SERVICES_DIR"
  as_pg_user "$PG_BIN/initdb" -D "$SERVICES_DIR/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$SERVICES_DIR/initdb.log" 2>&1 || { cat "$SERVICES_DIR/initdb.log"; die "initdb failed: PostgreSQL cannot be brought up"; }
  # Durability is irrelevant for a throwaway test cluster; speed is not. Benchmarks set
  # PG_DURABLE=1: they time what a user waits for on a server as shipped (fsync on, JIT on).
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_DURABLE:-0}" = "1" ] && durability=""
  as_pg_user "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg/data" -l "$SERVICES_DIR/pg/server.log" -w -t 60 start \
    -o "-p $port -k $SERVICES_DIR/pg -c listen_addresses=127.0.0.1 $durability -c max_connections=100" \
    >/dev/null || { cat "$SERVICES_DIR/pg/server.log"; die "PostgreSQL did not start"; }
  as_pg_user "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres onestop || die "createdb failed"
  export PG_PORT=$port
  # For the fault tests (tests/faults), which stop and start these services by PID.
  export PG_BIN PG_DATA="$SERVICES_DIR/pg/data" SERVICES_DIR
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/onestop"
  log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') up on 127.0.0.1:$port (data in $SERVICES_DIR/pg)"
}

start_redis() {
  command -v redis-server >/dev/null || die "redis-server is not installed"
  local port; port=$(free_port)
  REDIS_PID_FILE="$SERVICES_DIR/redis.pid"
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --pidfile "$REDIS_PID_FILE" \
    --dir "$SERVICES_DIR" --save "" --appendonly no --logfile "$SERVICES_DIR/redis.log" \
    || die "redis-server did not start"
  for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$port" ping >/dev/null 2>&1 || die "Redis does not answer on port $port"
  export REDIS_PORT=$port REDIS_PID_FILE
  export CELERY_BROKER_URL="redis://127.0.0.1:$port/0"
  export CACHE_URL="redis://127.0.0.1:$port/1"
  # Task results: the suite waits for the tasks each test sent before flushing its database.
  export CELERY_RESULT_BACKEND="redis://127.0.0.1:$port/2"
  log "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) up on 127.0.0.1:$port"
}

# The worker serves the database that the suite uses ($1: its name).
start_worker() {
  local dbname=$1
  local worker_db_url="postgres://postgres@127.0.0.1:$PG_PORT/$dbname"
  DATABASE_URL="$worker_db_url" .venv/bin/celery -A onestop worker --loglevel=INFO --concurrency=2 \
    --hostname "onestop-test@%h" >"$SERVICES_DIR/worker.log" 2>&1 &
  WORKER_PID=$!
  # The fault tests kill pool processes and may replace the worker: the current PID lives here.
  echo "$WORKER_PID" >"$SERVICES_DIR/worker.pid"
  export WORKER_PID_FILE="$SERVICES_DIR/worker.pid"
  # Up to 60 s: on a loaded machine the worker's start (mingle) can take a while.
  for _ in $(seq 300); do
    grep -q "ready" "$SERVICES_DIR/worker.log" 2>/dev/null && break
    kill -0 "$WORKER_PID" 2>/dev/null || { cat "$SERVICES_DIR/worker.log"; die "the Celery worker died on start"; }
    sleep 0.2
  done
  grep -q "ready" "$SERVICES_DIR/worker.log" || { cat "$SERVICES_DIR/worker.log"; die "the Celery worker is not ready"; }
  export CELERY_WORKER_LOG="$SERVICES_DIR/worker.log"
  log "Celery worker pid $WORKER_PID ready (database $dbname, broker $CELERY_BROKER_URL)"
}

services_start() {
  SERVICES_DIR=$(mktemp -d /tmp/onestop-services.XXXXXX)
  ensure_debian_packages
  start_postgres
  start_redis
}

services_stop() {
  local status=$?
  [ -n "$SERVICES_DIR" ] && [ -f "$SERVICES_DIR/worker.pid" ] && WORKER_PID=$(cat "$SERVICES_DIR/worker.pid")
  if [ -n "$WORKER_PID" ] && kill -0 "$WORKER_PID" 2>/dev/null; then
    kill -TERM "$WORKER_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$WORKER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$WORKER_PID" 2>/dev/null
    log "Celery worker stopped"
  fi
  if [ -n "$REDIS_PID_FILE" ] && [ -f "$REDIS_PID_FILE" ]; then
    kill -TERM "$(cat "$REDIS_PID_FILE")" 2>/dev/null && log "Redis stopped"
  fi
  if [ -n "$PG_BIN" ] && [ -d "$SERVICES_DIR/pg/data" ]; then
    as_pg_user "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg/data" -m immediate stop >/dev/null 2>&1 && log "PostgreSQL stopped"
  fi
  [ -n "$SERVICES_DIR" ] && rm -rf "$SERVICES_DIR"
  return $status
}
