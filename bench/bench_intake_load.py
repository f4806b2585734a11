"""Benchmark: intake under load, ``POST /api/v1/dossiers/`` against gunicorn and PostgreSQL.

16 clients (wrk connections) for 60 s on loopback, each a reception officer with an API token,
four officers per desk (so intakes of one desk queue on its daily sequence, as at a counter),
every request with its own Idempotency-Key. The baseline, in the same run and under the same
load: ``GET /healthz`` (one ``SELECT 1`` and a broker ping), 60 s too. The two alternate in six
rounds of 10 s each, so that both see the same drift of the host's load; each kind's rounds
are then merged (requests over their time; percentiles of all their latencies).

Printed: requests/s, p50 and p99, errors; then, from the database, that the codes are unique and
gap-free per desk and day; and the queries one intake sends (as the API test pins them).

    python bench/bench_intake_load.py [--clients 16] [--seconds 60] [--rounds 6]

``BENCH_SCALE`` (e.g. 0.1) shortens the runs while developing. Needs PostgreSQL (DATABASE_URL),
Debian's ``wrk`` and the port in ``BENCH_PORT`` (default 8106) free on 127.0.0.1.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from procedures.choices import ChangeKind, Level, TimeUnit, UnitKind  # noqa: E402
from procedures.models import (  # noqa: E402
    Desk,
    Procedure,
    ProcedureVersion,
    Sector,
    Unit,
)
from procedures.roles import Role  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import production_server  # noqa: E402

PAPERS = ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]
# The targets.
TARGET_SHARE_OF_HEALTHZ = 0.5
TARGET_P99_MS = 150
# An anonymous page that touches no database (a redirect to the static icon): the floor of any
# page of this server, beside /healthz (a SELECT 1 and a broker ping).
NO_DATABASE_PAGE = "/favicon.ico"

LUA = r"""
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  tokens = {}
  for token in string.gmatch(args[1], "[^,]+") do table.insert(tokens, token) end
end
request = function()
  counter = counter + 1
  local token = tokens[((counter + id) % #tokens) + 1]
  local body = string.format(
    '{"procedure": "9.900001", "channel": "direct", "applicant_name": "Nguyễn Văn %d", '
    .. '"applicant_id_number": "0841900%05d", "papers": ["Tờ khai đăng ký khai sinh"]}',
    counter, counter % 100000)
  -- The proxy's headers (wrk --header) and this intake's own.
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  headers["Content-Type"] = "application/json"
  headers["Authorization"] = "Token " .. token
  headers["Idempotency-Key"] = string.format("bench-%d-%d-%d", id, counter, os.time())
  return wrk.format("POST", "/api/v1/dossiers/", headers, body)
end
local told = false
response = function(status, headers, body)
  -- A redirect or any answer but 201 is a failed intake: say the first one.
  if status ~= 201 and status ~= 200 and status ~= 302 and not told then
    told = true
    io.write(string.format("UNEXPECTED %d %s\n", status, string.sub(body or "", 1, 300)))
  end
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %.3f %.3f %.3f\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max))
  -- The round's latencies as 1.000 quantiles: rounds are merged into one distribution.
  local quantiles = {}
  for i = 1, 1000 do quantiles[i] = string.format("%.1f", latency:percentile(i / 10)) end
  io.write("QUANTILES " .. table.concat(quantiles, " ") .. "\n")
end
"""
# The baselines: plain GETs (of /healthz, of a page touching no database), reported alike.
HEALTH_LUA = "done" + LUA.split("\ndone", 1)[1]


def setup_desks(clients: int, per_desk: int = 4) -> list[str]:
    """Desks of one commune level, a procedure they receive, and ``clients`` officers with
    tokens, ``per_desk`` to a desk. Returns the tokens."""
    unit, _ = Unit.objects.get_or_create(
        code="BENCH-LOAD", defaults={"name": "Xã benchmark", "kind": UnitKind.COMMUNE}
    )
    sector, _ = Sector.objects.get_or_create(code="BENCH-LOAD", defaults={"name": "Hộ tịch"})
    procedure, created = Procedure.objects.get_or_create(code="9.900001")
    if created:
        ProcedureVersion.objects.create(
            procedure=procedure,
            valid_from="2016-01-01",
            change_kind=ChangeKind.NEW,
            name="Đăng ký khai sinh (benchmark)",
            sector=sector,
            level=Level.COMMUNE,
            processing_time_value=Decimal("3"),
            processing_time_unit=TimeUnit.DAYS,
            papers=PAPERS,
        )
    reception = Group.objects.get(name=Role.RECEPTION)
    tokens = []
    for i in range(clients):
        desk, _ = Desk.objects.get_or_create(
            code=f"BENCH.LOAD.{i // per_desk:02d}",
            defaults={"name": f"Bộ phận {i // per_desk}", "unit": unit},
        )
        user, _ = User.objects.get_or_create(username=f"bench-load-{i:02d}")
        user.groups.add(reception)
        desk.staff.add(user)
        token, _ = Token.objects.get_or_create(user=user)
        tokens.append(token.key)
    return tokens


def queries_per_intake(token: str) -> int:
    client = APIClient(HTTP_HOST="localhost")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = {
        "procedure": "9.900001",
        "channel": "direct",
        "applicant_name": "Đo số truy vấn",
        "applicant_id_number": "084190099999",
        "papers": PAPERS[:1],
    }
    client.post("/api/v1/dossiers/", body, format="json")
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/dossiers/", body, format="json", HTTP_IDEMPOTENCY_KEY="q")
    assert response.status_code == 201, response.content[:500]
    return len(queries)


def wrk(port: int, path: str, script: Path, clients: int, seconds: int, tokens=()) -> dict:
    command = [
        "wrk",
        f"--threads={min(clients, 4)}",
        f"--connections={clients}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={script}",
        # What the Production block's proxy adds to each request it passes on.
        *(f"--header={name}: {value}" for name, value in production_server.PROXY_HEADERS.items()),
        f"http://127.0.0.1:{port}{path}",
    ]
    if tokens:
        command += ["--", ",".join(tokens)]
    output = subprocess.run(  # noqa: S603 (our own command line)
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    # Each wrk thread names its first unexpected answer (a redirect, a refusal): counted as
    # errors, since wrk counts only statuses of 400 and above.
    unexpected = re.findall(r"UNEXPECTED .*", output)
    for line in unexpected[:1]:
        print(f"{path}: {line}")
    match = re.search(r"RESULT (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", output)
    if not match:
        raise SystemExit(f"wrk said:\n{output}")
    requests, bad_status, socket_errors, duration_us, p50, p99, worst = match.groups()
    quantiles = re.search(r"QUANTILES (.*)", output).group(1).split()
    return {
        "requests": int(requests),
        "errors": int(bad_status) + int(socket_errors) + len(unexpected),
        "seconds": float(duration_us) / 1e6,
        "rps": int(requests) / (float(duration_us) / 1e6),
        "p50": float(p50) / 1000,
        "p99": float(p99) / 1000,
        "max": float(worst) / 1000,
        "quantiles_ms": [float(q) / 1000 for q in quantiles],
    }


def merged(rounds: list[dict]) -> dict:
    """The rounds of one kind as one run: requests over their summed time, and percentiles of
    their latencies together (each round's quantiles weighted by its requests)."""
    samples = sorted(
        (latency, r["requests"] / len(r["quantiles_ms"]))
        for r in rounds
        for latency in r["quantiles_ms"]
    )
    total = sum(weight for _, weight in samples)

    def percentile(share: float) -> float:
        seen = 0.0
        for latency, weight in samples:
            seen += weight
            if seen >= share * total:
                return latency
        return samples[-1][0]

    requests = sum(r["requests"] for r in rounds)
    return {
        "requests": requests,
        "errors": sum(r["errors"] for r in rounds),
        "rps": requests / sum(r["seconds"] for r in rounds),
        "p50": percentile(0.50),
        "p99": percentile(0.99),
        "max": max(r["max"] for r in rounds),
        "rounds_rps": [r["rps"] for r in rounds],
    }


def codes_check() -> tuple[int, list[str]]:
    """Codes of the benchmark's desks: unique, and per desk and day numbered 1..n."""
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT d.code, split_part(x.code, '-', 2) AS day, COUNT(*), COUNT(DISTINCT x.code),
                   MAX(split_part(x.code, '-', 3)::int), MIN(split_part(x.code, '-', 3)::int)
            FROM procedures_dossier x JOIN procedures_desk d ON d.id = x.desk_id
            WHERE d.code LIKE 'BENCH.LOAD.%%' GROUP BY d.code, day ORDER BY 1, 2
            """
        )
        total = 0
        for desk, day, count, distinct, high, low in cursor.fetchall():
            total += count
            if not (count == distinct == high and low == 1):
                problems.append(f"{desk} {day}: {count} codes, {distinct} distinct, 1..{high}")
    return total, problems


def main() -> int:
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=max(5, round(60 * scale)))
    parser.add_argument("--rounds", type=int, default=6, help="alternating rounds of each")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8106")))
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("skipped: bench_intake_load needs PostgreSQL (DATABASE_URL=postgres://...)")
        return 0
    if not shutil.which("wrk"):
        print("skipped: bench_intake_load needs wrk (apt-get install wrk)")
        return 0
    tokens = setup_desks(args.clients)
    queries = queries_per_intake(tokens[0])
    with connection.cursor() as cursor:  # this run's codes only
        cursor.execute(
            "DELETE FROM procedures_dossierevent WHERE dossier_id IN (SELECT x.id FROM "
            "procedures_dossier x JOIN procedures_desk d ON d.id = x.desk_id "
            "WHERE d.code LIKE 'BENCH.LOAD.%%')"
        )
        cursor.execute(
            "DELETE FROM procedures_dossier WHERE desk_id IN "
            "(SELECT id FROM procedures_desk WHERE code LIKE 'BENCH.LOAD.%%')"
        )
        cursor.execute(
            "DELETE FROM procedures_dossiersequence WHERE desk_id IN "
            "(SELECT id FROM procedures_desk WHERE code LIKE 'BENCH.LOAD.%%')"
        )
    connection.close()  # the server's workers need the connections, not this process

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "intake.lua"
        script.write_text(LUA)
        get_script = Path(folder) / "get.lua"
        get_script.write_text(HEALTH_LUA)
        log = Path(folder) / "gunicorn.log"
        server = production_server.start(args.port, log)
        # Alternating rounds of each, after a short warm-up of all: the host's load drifts
        # during a run (other machines share its cores), and one long run of each would
        # compare the intake with a baseline measured under another load.
        round_seconds = max(2, round(args.seconds / args.rounds))
        health_rounds, static_rounds, intake_rounds = [], [], []
        try:
            wrk(args.port, "/healthz", get_script, args.clients, 2)
            wrk(args.port, NO_DATABASE_PAGE, get_script, args.clients, 2)
            wrk(args.port, "/", script, args.clients, 2, tokens)
            for _ in range(args.rounds):
                health_rounds.append(
                    wrk(args.port, "/healthz", get_script, args.clients, round_seconds)
                )
                static_rounds.append(
                    wrk(args.port, NO_DATABASE_PAGE, get_script, args.clients, round_seconds)
                )
                intake_rounds.append(
                    wrk(args.port, "/", script, args.clients, round_seconds, tokens)
                )
        finally:
            production_server.stop(server)
    health, intake = merged(health_rounds), merged(intake_rounds)
    static = merged(static_rounds)
    created, problems = codes_check()

    print(
        f"{args.clients} clients × {args.seconds} s each, in {args.rounds} alternating rounds, "
        f"gunicorn as the README's Production block runs it ({production_server.workers()} "
        f"workers), PostgreSQL {connection.cursor().connection.info.server_version // 10000}"
    )
    print(f"{'':<28}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}")
    for name, r in (
        (f"GET {NO_DATABASE_PAGE} (floor)", static),
        ("GET /healthz (baseline)", health),
        ("POST /api/v1/dossiers/", intake),
    ):
        print(
            f"{name:<28}{r['rps']:>8.1f}{r['p50']:>9.1f}{r['p99']:>9.1f}{r['max']:>9.1f}"
            f"{r['errors']:>8}"
        )
    share = intake["rps"] / health["rps"]
    print(f"intake throughput / healthz throughput: {share:.2f} (target ≥ 0.5)")
    print(
        f"intake throughput / {NO_DATABASE_PAGE} throughput (no database, the server's "
        f"floor): {intake['rps'] / static['rps']:.2f}"
    )
    print(
        "by round, page without database / healthz / intake req/s: "
        + ", ".join(
            f"{s:.0f} / {h:.0f} / {i:.0f}"
            for s, h, i in zip(
                static["rounds_rps"], health["rounds_rps"], intake["rounds_rps"], strict=True
            )
        )
    )
    print(f"queries per intake (token, checks, writes, answer): {queries} (target ≤ 10)")
    print(
        f"{created:,} dossiers received; codes unique and gap-free per desk and day: "
        f"{'yes' if not problems else 'NO'}"
    )
    failures = [*problems]
    if intake["errors"]:
        failures.append(f"{intake['errors']} failed intakes")
    if created < intake["requests"] - intake["errors"]:
        failures.append(f"{intake['requests']} intakes answered, {created} dossiers in the table")
    if share < TARGET_SHARE_OF_HEALTHZ:
        failures.append(f"throughput {share:.2f} of /healthz (target ≥ 0.5)")
    if intake["p99"] > TARGET_P99_MS:
        failures.append(f"p99 {intake['p99']:.0f} ms (target < {TARGET_P99_MS})")
    if queries > 10:
        failures.append(f"{queries} queries per intake")
    for failure in failures:
        print(f"NOT MET: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
