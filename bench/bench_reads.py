"""Benchmark: the pages officers open, at 10,000,000 dossiers, beside the bare SQL of each page.

The leader's dashboard with the agencies' ranking is measured twice: cached (the target) and
with the dashboard's cache forgotten before each request (printed beside its SQL alone, no
target: what the first reader after a roll-up change waits).

The data are built inside PostgreSQL with ``generate_series`` (``bench/synthetic_dossiers.py``:
three years of a province, 20 desks in 4 centres, 50 procedures, the last weeks open, each
dossier with its timeline: about 20 million events), then ANALYZEd. They stay in the database
between runs (built again only when the size asked for differs).

Each page is requested in-process through Django's test client (middleware, session, filters,
serializers, templates: the server's whole work for it, without the network), nine times after
a first warm-up; the median is printed, and the median over HTTP from gunicorn started as the
README's Production block starts it (``production_server``). Beside it, the same page's SQL
statements, as Django sent them, executed alone: the floor for that page.

    python bench/bench_reads.py [--rows 10000000]

``BENCH_SCALE`` (e.g. 0.02) shrinks the table while developing. Needs PostgreSQL.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import production_server, synthetic_dossiers  # noqa: E402
from procedures.choices import ChangeKind, Level, TimeUnit, UnitKind  # noqa: E402
from procedures.models import (  # noqa: E402
    Centre,
    Desk,
    Dossier,
    DossierDailyRollup,
    Procedure,
    ProcedureVersion,
    Sector,
    Unit,
)
from procedures.reports.dashboard import dashboard_cache_invalidate  # noqa: E402
from procedures.roles import Role  # noqa: E402
from procedures.services.rollups import rollups_rebuild  # noqa: E402

TARGET_MS = 50
REPEAT = 9


def province() -> tuple[list[int], list[tuple[int, int, int]]]:
    """20 desks in 4 centres and 50 procedures in 5 sectors (idempotent)."""
    desks = []
    for c in range(4):
        unit, _ = Unit.objects.get_or_create(
            code=f"READ-{c}", defaults={"name": f"Huyện {c}", "kind": UnitKind.DISTRICT}
        )
        centre, _ = Centre.objects.get_or_create(
            code=f"READ-TT{c}",
            defaults={"name": f"Trung tâm {c}", "level": Level.DISTRICT, "unit": unit},
        )
        for d in range(5):
            desk, _ = Desk.objects.get_or_create(
                code=f"READ.{c}.{d}",
                defaults={"name": f"Bộ phận {c}.{d}", "unit": unit, "centre": centre},
            )
            desks.append(desk.pk)
    versions = []
    for i in range(50):
        sector, _ = Sector.objects.get_or_create(
            code=f"READ-S{i % 5}", defaults={"name": f"Lĩnh vực {i % 5}"}
        )
        procedure, created = Procedure.objects.get_or_create(code=f"8.{i:06d}")
        if created:
            ProcedureVersion.objects.create(
                procedure=procedure,
                valid_from="2016-01-01",
                change_kind=ChangeKind.NEW,
                name=f"Thủ tục {i}",
                sector=sector,
                level=Level.DISTRICT,
                processing_time_value=Decimal("5"),
                processing_time_unit=TimeUnit.DAYS,
            )
        version = ProcedureVersion.objects.get(procedure=procedure)
        versions.append((procedure.pk, version.pk, version.sector_id))
    return desks, versions


def ensure_rows(rows: int) -> float:
    """The synthetic table at ``rows`` dossiers; seconds spent building it (0 when reused)."""
    present = Dossier.objects.filter(code__startswith=synthetic_dossiers.PREFIX).count()
    if present == rows and DossierDailyRollup.objects.exists():
        return 0.0
    start = time.perf_counter()
    synthetic_dossiers.remove()
    desks, versions = province()
    synthetic_dossiers.fill(rows=rows, desks=desks, versions=versions, end=timezone.now())
    # The dashboard and the ranking count from the roll-ups, as in production.
    rollups_rebuild()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {Dossier._meta.db_table}")
        cursor.execute("ANALYZE")
    return time.perf_counter() - start


def users() -> tuple[User, User]:
    staff, _ = User.objects.get_or_create(username="read-staff")
    staff.groups.add(Group.objects.get(name=Role.RECEPTION))
    Desk.objects.get(code="READ.1.2").staff.add(staff)
    leader, _ = User.objects.get_or_create(username="read-leader")
    leader.groups.add(Group.objects.get(name=Role.LEADER))
    return staff, leader


def measure(client: Client, url: str, *, cold: bool = False) -> tuple[float, float, int]:
    """Median server ms of the page, median ms of its SQL alone, and its statement count.
    ``cold``: the dashboard's cache forgotten before each request (as after a roll-up change),
    so the page computes every figure; else a page cached by the warm-up is measured cached."""

    def forget():
        if cold:
            dashboard_cache_invalidate()

    forget()
    assert client.get(url).status_code == 200, url  # warm-up
    forget()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    statements = [q["sql"] for q in captured.captured_queries]
    server, bare = [], []
    for _ in range(REPEAT):
        forget()
        start = time.perf_counter()
        client.get(url)
        server.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                if cursor.description:
                    cursor.fetchall()
        bare.append((time.perf_counter() - start) * 1000)
    return statistics.median(server), statistics.median(bare), len(statements)


def measure_http(session: requests.Session, base: str, url: str, *, cold: bool = False) -> float:
    """Median ms of the page over HTTP, from gunicorn as the Production block runs it: what
    ``measure`` times plus the connection, the WSGI server and the middleware's I/O."""
    timings = []
    for attempt in range(REPEAT + 1):
        if cold:
            dashboard_cache_invalidate()
        start = time.perf_counter()
        response = session.get(base + url, timeout=60, allow_redirects=False)
        if attempt:  # the first one warms the worker that answers
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def main() -> int:
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=round(10_000_000 * scale))
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("skipped: bench_reads needs PostgreSQL (DATABASE_URL=postgres://...)")
        return 0
    built = ensure_rows(args.rows)
    staff, leader = users()
    sample = (
        Dossier.objects.filter(desk__code="READ.1.2", code__startswith="SYN-")
        .order_by("-received_at")
        .values_list("code", flat=True)[100]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = 'procedures_dossier'"
        )
        estimate = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    print(
        f"{estimate:,} dossiers (built in {built:.0f} s)" if built else f"{estimate:,} dossiers",
        f"(JIT for this application's connections: {jit})",
    )
    day = timezone.localdate() - timezone.timedelta(days=400)
    month = f"received_from={day:%Y-%m-01}&received_to={day:%Y-%m-28}"
    moment = (timezone.localtime() - timezone.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%S")
    pages = [
        ("leader", "API list, newest first", "/api/v1/dossiers/"),
        ("leader", "API list, page 2 (cursor)", None),
        ("leader", "API list by desk", "/api/v1/dossiers/?desk=READ.2.3"),
        ("leader", "API list by centre", "/api/v1/dossiers/?centre=READ-TT3"),
        ("leader", "API list by status (common)", "/api/v1/dossiers/?status=10"),
        ("leader", "API list by status (rare)", "/api/v1/dossiers/?status=5"),
        ("leader", "API list received in a month", f"/api/v1/dossiers/?{month}"),
        (
            "leader",
            "API list overdue at a moment",
            f"/api/v1/dossiers/?overdue_at={moment}%2B07:00",
        ),
        ("staff", "API list, staff's own desk", "/api/v1/dossiers/"),
        ("staff", "work queue (staff)", "/dossiers/"),
        ("leader", "work queue (leader, all desks)", "/dossiers/"),
        ("staff", "overdue list (staff)", "/dossiers/overdue/"),
        ("leader", "overdue list (leader)", "/dossiers/overdue/"),
        ("staff", "dossier page", f"/dossiers/{sample}/"),
        ("staff", "API dossier with events", f"/api/v1/dossiers/{sample}/"),
        # The leader's dashboard with the agencies' ranking (this year against the same dates
        # a year earlier: four runs of the statistics), cached as a second reader finds it...
        ("leader", "dashboard + ranking, cached", "/bang-dieu-khien/?period=year"),
        # ... and computed afresh (the cache forgotten first): measured, no target.
        ("leader", "dashboard + ranking, uncached", "/bang-dieu-khien/?period=year"),
    ]
    clients = {}
    for name, user in (("staff", staff), ("leader", leader)):
        clients[name] = Client(HTTP_HOST="localhost")
        clients[name].force_login(user)
    # The same pages over HTTP, the same users' sessions, through what the proxy adds.
    sessions = {}
    for name, client in clients.items():
        sessions[name] = requests.Session()
        sessions[name].headers.update(production_server.PROXY_HEADERS)
        sessions[name].cookies.set("sessionid", client.cookies["sessionid"].value)
    # The server must read the sessions this process signed.
    os.environ["SECRET_KEY"] = settings.SECRET_KEY
    port = int(os.environ.get("BENCH_PORT", "8106"))
    base = f"http://127.0.0.1:{port}"
    print(f"{'page':<34}{'server ms':>10}{'SQL ms':>8}{'queries':>8}{'HTTP ms':>9}{'HTTP/in':>8}")
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        server_process = production_server.start(port, Path(folder) / "gunicorn.log")
        try:
            for who, name, url in pages:
                if url is None:  # the next page, by the cursor the first one gave
                    first = clients[who].get("/api/v1/dossiers/").json()["next"]
                    url = first.split("localhost", 1)[1]
                cold = name.endswith("uncached")
                server, bare, count = measure(clients[who], url, cold=cold)
                http = measure_http(sessions[who], base, url, cold=cold)
                print(
                    f"{name:<34}{server:>10.1f}{bare:>8.1f}{count:>8}{http:>9.1f}"
                    f"{http / server:>7.2f}×"
                )
                if server > TARGET_MS and not cold:
                    failures.append(f"{name}: {server:.0f} ms (target < {TARGET_MS})")
        finally:
            production_server.stop(server_process)
    for failure in failures:
        print(f"NOT MET: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
