"""Property test: on random histories the roll-ups answer exactly what the direct computation
answers, for every key, every grouping and every period ending on each day of a three-month
span, the due days included (PostgreSQL: the roll-ups are PostgreSQL's).

The histories go through the real services (the clock, the state table), seeded so a failure
replays, and the roll-ups compared are those the services kept change by change (built empty
before the first intake, never recounted): every kind of time limit (working days, working
hours, calendar days, months, same day, none), both supplement modes, every action of the state
table, with moments drawn around the due moment on purpose (at it, later the same day, the last
moment of the due date, the first of the next day). The statistics benchmark's own generator is
run at a small size too."""

import importlib.util
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from procedures.choices import Channel, Level, SupplementMode, TimeUnit
from procedures.dossier_flow import CLOSED_STATUSES, actions_from
from procedures.models import CalendarSettings, DeskProcedureRule
from procedures.selectors.statistics import GROUPINGS, dossier_statistics
from procedures.services.dossiers import dossier_act
from procedures.services.dossiers.common import DossierActionNotAllowed
from procedures.services.rollups import rollups_rebuild
from tests.factories import DeskFactory, ProcedureFactory, ProcedureVersionFactory
from tests.fixtures_dossiers import VN, vn

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the roll-ups are PostgreSQL's (scripts/test.sh)"
    ),
]

SPAN = (date(2025, 1, 1), date(2025, 3, 31))
# Every grouping the roll-ups hold (the late agency is counted from the dossiers only), alone
# and beside a time grouping.
PLAIN = [name for name, g in GROUPINGS.items() if g.rollup_field is not None]
TIMES = [name for name, g in GROUPINGS.items() if g.is_time]
GROUP_BYS = [(), *[(g,) for g in PLAIN + TIMES], *[(g, t) for g in PLAIN for t in TIMES]]
TIME_LIMITS = [
    (Decimal("3"), TimeUnit.DAYS, Level.COMMUNE),
    (Decimal("1"), TimeUnit.DAYS, Level.DISTRICT),
    (Decimal("4"), TimeUnit.HOURS, Level.COMMUNE),
    (Decimal("5"), TimeUnit.CALENDAR_DAYS, Level.PROVINCE),
    (Decimal("1"), TimeUnit.MONTHS, Level.DISTRICT),
    (None, TimeUnit.SAME_DAY, Level.COMMUNE),
    (None, TimeUnit.NONE, Level.COMMUNE),
]


def _moment(rng: random.Random, after: datetime, due: datetime | None) -> datetime:
    """The next action's moment: often on purpose around the due moment, else a little later."""
    choice = rng.random()
    if due is not None and due > after and choice < 0.35:
        local = due.astimezone(VN)
        day_end = datetime.combine(local.date(), time(23, 59, 59, 999999), VN)
        candidates = [
            due,
            due + timedelta(hours=rng.choice([1, 5])),  # after the due moment, same day
            day_end,
            day_end + timedelta(microseconds=1),  # the first moment of the next day
            due - timedelta(minutes=1),
        ]
        at = rng.choice(candidates)
        if at > after:
            return at
    return after + timedelta(minutes=rng.randint(1, 60 * 24 * 4))


def _histories(*, seed, count, receive, actor, desks, versions, agency) -> int:
    rng = random.Random(seed)
    actions = 0
    for _ in range(count):
        day = SPAN[0] + timedelta(days=rng.randint(-20, (SPAN[1] - SPAN[0]).days))
        at = vn(day.year, day.month, day.day, rng.randint(6, 18), rng.choice([0, 30, 59]))
        version = rng.choice(versions)
        dossier = receive(
            at,
            desk=rng.choice(desks),
            procedure=version.procedure,
            channel=rng.choice(list(Channel)),
            papers=[],
        )
        while dossier.status not in CLOSED_STATUSES or rng.random() < 0.3:
            at = _moment(rng, at, dossier.due_at)
            if at.date() > SPAN[1] + timedelta(days=10):
                break
            possible = actions_from(dossier.status)
            if not possible:
                break
            action = rng.choice(possible)
            try:
                dossier = dossier_act(
                    dossier=dossier,
                    actor=actor,
                    action=action,
                    note="lý do",
                    receiver=agency if action == "transfer" else None,
                    new_due_at=at + timedelta(days=rng.randint(1, 20)),
                    at=at,
                )
                actions += 1
            except (ValidationError, DossierActionNotAllowed):
                dossier.refresh_from_db()  # refused here (an apology in time, ...): go on
    return actions


def _differences(rolled: list[dict], direct: list[dict]) -> list:
    """(row key, statistic, roll-ups, direct) for every figure that differs; a row missing on
    one side shows as ``None``."""
    by_key = {str(r.get("key")): r for r in direct}
    out = [(str(r.get("key")), "row", r, None) for r in rolled if str(r.get("key")) not in by_key]
    for row in rolled:
        other = by_key.pop(str(row.get("key")), None)
        if other is not None:
            out += [(str(row.get("key")), k, v, other[k]) for k, v in row.items() if other[k] != v]
    return out + [(key, "row", None, r) for key, r in by_key.items()]


def _compare(date_from: date, date_to: date, group_by: tuple) -> None:
    question = {"date_from": date_from, "date_to": date_to, "group_by": group_by}
    direct = dossier_statistics(**question, source="direct")
    rolled = dossier_statistics(**question, source="rollups")
    where = f"{date_from:%d/%m/%Y}..{date_to:%d/%m/%Y} by {group_by or 'nothing'}"
    assert rolled.source == "rollups", where
    assert _differences(rolled.rows, direct.rows) == [], where
    assert _differences([rolled.totals], [direct.totals]) == [], where
    assert direct.checks == [] and rolled.checks == [], where


def _every_day(first: date, last: date, rng: random.Random) -> None:
    """Each day of ``[first, last]`` ends a period from ``first`` and a period of that day
    alone; the groupings take turns, so each is asked on many days, due days among them."""
    days = (last - first).days + 1
    for i in range(days):
        day = first + timedelta(days=i)
        _compare(first, day, GROUP_BYS[i % len(GROUP_BYS)])
        _compare(day, day, GROUP_BYS[rng.randrange(len(GROUP_BYS))])
    for group_by in GROUP_BYS:
        _compare(first, last, group_by)


@pytest.mark.parametrize("mode", [SupplementMode.RESTART, SupplementMode.PAUSE])
@pytest.mark.parametrize("seed", [18, 1803])
def test_rollups_equal_the_direct_answer_on_random_histories(
    mode, seed, receive, reception_user, intake_desk, agency
):
    CalendarSettings.objects.create(supplement_mode=mode)
    versions = [
        ProcedureVersionFactory(
            procedure=ProcedureFactory(code=f"1.0099{i:02d}"),
            processing_time_value=value,
            processing_time_unit=unit,
            level=level,
        )
        for i, (value, unit, level) in enumerate(TIME_LIMITS)
    ]
    desks = [
        intake_desk,
        DeskFactory(code="000.00.32.H56", unit=agency, staff=[reception_user]),
    ]
    for desk in desks:  # each desk receives every procedure, whatever its level
        for version in versions:
            DeskProcedureRule.objects.create(desk=desk, procedure=version.procedure, include=True)
    # Built once while empty: from then on every intake and action keeps them (rollups_live).
    rollups_rebuild()
    actions = _histories(
        seed=seed,
        count=60,
        receive=receive,
        actor=reception_user,
        desks=desks,
        versions=versions,
        agency=agency,
    )
    assert actions > 60  # histories, not only receipts

    _every_day(*SPAN, random.Random(seed))


def _bench_statistics():
    path = Path(__file__).resolve().parents[3] / "bench" / "bench_statistics.py"
    spec = importlib.util.spec_from_file_location("bench_statistics", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rollups_equal_the_direct_answer_on_the_statistics_benchmarks_data():
    """``bench/bench_statistics.py``'s generator at a small size: its own question (2025 by
    centre and month) and every day of its last three months, when its open dossiers fall due."""
    bench = _bench_statistics()
    desks, procedures = bench.catalogue()
    bench.generate(20_000, desks, procedures)
    rollups_rebuild()

    _compare(date(2025, 1, 1), date(2025, 12, 31), ("centre", "month"))
    _every_day(date(2025, 10, 1), date(2025, 12, 31), random.Random(270))
