"""Benchmark: desks under load. 16 clients receive dossiers and act on them (receive, resolve,
return the result: three requests per dossier) for 60 s against gunicorn, started as the
README's Production block starts it (``production_server``), and PostgreSQL, the way reception
staff at four desks would on a busy morning.

Prints, beside a baseline of one client for 10 s in the same run: requests/s, dossiers/s,
p50 and p99 latency, errors. Then checks what matters more than speed:
  * every dossier code is unique, and the codes of each desk and day are gap-free (…-0001 up);
  * no event is lost: each dossier answered 201/200 has its receipt, resolution and return.
Fails (exit 1) on any error, duplicate, gap or lost event.

Needs PostgreSQL and Redis (``make bench`` provides throwaway ones); with SQLite it says so and
exits 0. ``--seconds`` and ``--clients`` change the run.
"""

import argparse
import os
import secrets
import socket
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from procedures.models import Dossier, DossierEvent  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import production_server  # noqa: E402

from procedures.roles import Role  # noqa: E402
from tests.factories import (  # noqa: E402
    DeskFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    UnitFactory,
    UserFactory,
)

DESKS = 4
PAPERS = ["Tờ khai", "Giấy tờ tùy thân"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup(clients: int) -> tuple[list[str], str]:
    """Four commune desks, their reception staff (one login per client), one procedure."""
    run = secrets.token_hex(3)
    procedure = ProcedureFactory(code=f"1.9{int(run, 16) % 100000:05d}")
    ProcedureVersionFactory(procedure=procedure, name="Đăng ký khai sinh (bench)", papers=PAPERS)
    group = Group.objects.get_or_create(name=Role.RECEPTION)[0]
    desks = [
        DeskFactory(
            code=f"000.{run[:2]}.{n:02d}.B{run[2:]}",
            unit=UnitFactory(code=f"B{run}{n}", name=f"Xã bench {n}"),
        )
        for n in range(DESKS)
    ]
    tokens = []
    for n in range(clients):
        user = UserFactory(username=f"bench-{run}-{n}")
        user.groups.add(group)
        desks[n % DESKS].staff.add(user)
        tokens.append(Token.objects.create(user=user).key)
    return tokens, procedure.code


class Client(threading.Thread):
    def __init__(self, base: str, token: str, procedure: str, until: float):
        super().__init__(daemon=True)
        self.base, self.procedure, self.until = base, procedure, until
        self.session = requests.Session()
        # What the Production block's proxy adds to each request it passes on.
        self.session.headers.update(production_server.PROXY_HEADERS)
        self.session.headers["Authorization"] = f"Token {token}"
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.done: list[str] = []  # codes of dossiers received, resolved and returned

    def call(self, path: str, body: dict, expected: int, **headers) -> dict | None:
        started = time.perf_counter()
        try:
            response = self.session.post(self.base + path, json=body, headers=headers, timeout=30)
        except requests.RequestException as error:
            self.errors.append(f"{path}: {error}")
            return None
        self.latencies.append(time.perf_counter() - started)
        if response.status_code != expected:
            self.errors.append(f"{path}: {response.status_code} {response.text[:200]}")
            return None
        return response.json()

    def run(self):
        while time.monotonic() < self.until:
            body = {
                "procedure": self.procedure,
                "channel": "direct",
                "applicant_name": "Thạch Thị Sa Rươl",
                "applicant_id_number": "084190001234",
                "papers": PAPERS,
            }
            received = self.call(
                "/api/v1/dossiers/", body, 201, **{"Idempotency-Key": uuid.uuid4().hex}
            )
            if received is None:
                continue
            code = received["code"]
            if self.call(f"/api/v1/dossiers/{code}/resolve/", {}, 200) is None:
                continue
            if self.call(f"/api/v1/dossiers/{code}/return_result/", {}, 200) is None:
                continue
            self.done.append(code)


def load(base: str, tokens: list[str], procedure: str, seconds: float) -> dict:
    until = time.monotonic() + seconds
    clients = [Client(base, token, procedure, until) for token in tokens]
    started = time.monotonic()
    for client in clients:
        client.start()
    for client in clients:
        client.join()
    elapsed = time.monotonic() - started
    latencies = sorted(x for c in clients for x in c.latencies)
    return {
        "clients": len(clients),
        "requests_per_s": len(latencies) / elapsed,
        "dossiers_per_s": sum(len(c.done) for c in clients) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else 0.0,
        "errors": [e for c in clients for e in c.errors],
        "done": [code for c in clients for code in c.done],
    }


def check(done: list[str]) -> list[str]:
    """Codes unique and gap-free per desk and day; every event of every finished dossier."""
    problems = []
    dossiers = Dossier.objects.filter(code__in=done)
    duplicates = [code for code, n in Counter(done).items() if n > 1]
    if duplicates:
        problems.append(f"duplicate codes answered: {duplicates[:5]}")
    desks = set(dossiers.values_list("desk_id", flat=True))
    for desk_id in desks:
        codes = Dossier.objects.filter(desk_id=desk_id).values_list("code", flat=True)
        by_day: dict[str, list[int]] = {}
        for code in codes:
            prefix, number = code.rsplit("-", 1)
            by_day.setdefault(prefix, []).append(int(number))
        for prefix, numbers in by_day.items():
            if sorted(numbers) != list(range(1, len(numbers) + 1)):
                problems.append(f"{prefix}: codes not 1..{len(numbers)} without gaps")
    events = Counter(
        DossierEvent.objects.filter(dossier__code__in=done)
        .values("dossier_id")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    lost = sum(n for count, n in events.items() if count < 3) + (len(done) - dossiers.count())
    if lost:
        problems.append(f"{lost} dossiers lack an event (receipt, resolution or return)")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser()
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    parser.add_argument("--seconds", type=float, default=max(5.0, 60 * scale))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--baseline-seconds", type=float, default=max(3.0, 10 * scale))
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench_load_actions needs PostgreSQL (DATABASE_URL): skipped")
        return 0

    tokens, procedure = setup(args.clients)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        # gunicorn exactly as the README's Production block runs it (workers, settings).
        server = production_server.start(port, Path(folder) / "gunicorn.log")
        try:
            baseline = load(base, tokens[:1], procedure, args.baseline_seconds)
            loaded = load(base, tokens, procedure, args.seconds)
        finally:
            production_server.stop(server)

    print(f"{'run':<28}{'req/s':>9}{'dossiers/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for name, figures in (
        (f"baseline: 1 client, {args.baseline_seconds:.0f} s", baseline),
        (f"load: {args.clients} clients, {args.seconds:.0f} s", loaded),
    ):
        print(
            f"{name:<28}{figures['requests_per_s']:>9.1f}{figures['dossiers_per_s']:>12.1f}"
            f"{figures['p50_ms']:>9.0f}{figures['p99_ms']:>9.0f}{len(figures['errors']):>8}"
        )
    problems = check(baseline["done"] + loaded["done"])
    for error in (baseline["errors"] + loaded["errors"])[:10]:
        print("error:", error)
    for problem in problems:
        print("problem:", problem)
    done = len(baseline["done"]) + len(loaded["done"])
    print(
        f"{done} dossiers received, resolved and returned; codes unique and gap-free per desk "
        f"and day: {'yes' if not problems else 'NO'}; events lost: "
        f"{'none' if not problems else 'see above'}"
    )
    return 1 if baseline["errors"] or loaded["errors"] or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
