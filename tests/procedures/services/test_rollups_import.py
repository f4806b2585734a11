"""A history import brings its roll-ups with it: when it commits, the daily and monthly rows
are those a full rebuild would write, and the dashboards answer what the dossiers say
(PostgreSQL: the roll-ups are PostgreSQL's)."""

import random
from datetime import date, datetime, timedelta

import pytest
from django.db import connection

from procedures.choices import SupplementMode
from procedures.models import (
    CalendarSettings,
    DossierDailyRollup,
    DossierMonthlyRollup,
)
from procedures.selectors.statistics import dossier_statistics
from procedures.services.dossier_import import dossiers_import
from procedures.services.dossiers import dossier_act
from procedures.services.rollups import rollups_rebuild
from tests.fixtures_dossiers import vn

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the roll-ups are PostgreSQL's (scripts/test.sh)"
    ),
]
HEADER = "code,procedure_code,desk_code,channel,received_at,resolved_at,returned_at,status,due_at"
EVENTS_HEADER = "dossier_code,action,at,note,giver_code,receiver_code,new_due_at"
NOW = vn(2025, 6, 1, 9, 0)
DOSSIERS = [
    HEADER,
    # Received, resolved early, returned; resolved late; open and overdue since 07/03; open
    # within time; rejected; waiting after a request.
    "H-1,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-05 10:00,2025-03-05 15:00,10,",
    "H-2,1.001193,000.00.31.H56,online,2025-03-03 09:00,2025-03-10 08:00,,9,",
    "H-3,1.001193,000.00.31.H56,direct,2025-03-03 10:00,,,2,",
    "H-4,1.001193,000.00.31.H56,postal,2025-05-28 09:00,,,2,",
    "H-5,1.001193,000.00.31.H56,direct,2025-02-26 09:00,2025-02-27 09:00,,3,",
    "H-6,1.001193,000.00.31.H56,direct,2025-03-03 09:00,,,5,",
    "H-7,1.001193,000.00.31.H56,direct,2025-03-03 09:00,2025-03-20 09:00,,9,",
]
EVENTS = [
    EVENTS_HEADER,
    "H-6,request_supplement,2025-03-06 14:00,Thiếu giấy chứng sinh,,,",
    "H-7,request_supplement,2025-03-04 09:00,Thiếu giấy chứng sinh,,,",
    "H-7,resume,2025-03-10 09:00,,,,",
    "H-7,request_supplement,2025-03-11 09:00,Thiếu tờ khai,,,",
    "H-7,resume,2025-03-12 09:00,,,,",
]
QUESTIONS = [
    (date(2025, 3, 1), date(2025, 3, 6), ()),
    (date(2025, 3, 1), date(2025, 3, 7), ("channel",)),
    (date(2025, 1, 1), date(2025, 6, 30), ("desk", "month")),
    (date(2025, 2, 15), date(2025, 3, 31), ("procedure", "quarter")),
]


def _write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _snapshot():
    def rows(model):
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "id"]
        return sorted(model.objects.values_list(*fields), key=str)

    return rows(DossierDailyRollup), rows(DossierMonthlyRollup)


@pytest.mark.parametrize("mode", [SupplementMode.RESTART, SupplementMode.PAUSE])
@pytest.mark.parametrize(
    "live_before",
    # Cells already holding a live dossier's rows (the import's rows are merged into them), and
    # cells with none yet (a first import: plain inserts).
    [True, False],
)
def test_an_import_writes_the_rollups_a_rebuild_would_write(
    tmp_path,
    mode,
    live_before,
    receive,
    reception_user,
    birth_registration,
    django_capture_on_commit_callbacks,
):
    CalendarSettings.objects.create(supplement_mode=mode)
    if live_before:
        # A dossier received live in the same cells, already in the roll-ups.
        live = receive(vn(2025, 3, 4, 9, 0))
        dossier_act(dossier=live, actor=reception_user, action="resolve", at=vn(2025, 3, 6, 9, 0))
    rollups_rebuild()
    dossiers, events = _write(tmp_path, "d.csv", DOSSIERS), _write(tmp_path, "e.csv", EVENTS)

    with django_capture_on_commit_callbacks() as queued:
        report = dossiers_import(path=dossiers, events_path=events, now=NOW)
    imported = _snapshot()

    assert report.created == 7
    # Nothing is left for the workers: no cell refresh is queued after the import.
    assert not [c for c in queued if "rollups_refresh" in getattr(c, "__qualname__", "")]
    for date_from, date_to, group_by in QUESTIONS:
        question = {"date_from": date_from, "date_to": date_to, "group_by": group_by}
        rolled = dossier_statistics(**question)
        direct = dossier_statistics(**question, source="direct")
        assert rolled.source == "rollups"
        assert (rolled.rows, rolled.totals) == (direct.rows, direct.totals), question
    march_6 = dossier_statistics(date_from=date(2025, 3, 1), date_to=date(2025, 3, 6)).totals
    # The live dossier (when there is one) and H-1..H-7.
    assert (march_6["received_new"], march_6["resolved_total"]) == (
        (6, 2) if live_before else (5, 1)
    )
    rollups_rebuild()
    assert _snapshot() == imported

    # Importing the same files again changes nothing.
    dossiers_import(path=dossiers, events_path=events, now=NOW)
    assert _snapshot() == imported


def _history(seed: int, rows: int, *, handovers: bool) -> tuple[list[str], list[str]]:
    """A file shaped like the import benchmark's (bench/bench_import_dossiers.py): open, in
    process, resolved, returned and rejected dossiers on every channel; with ``handovers``
    an events file handing some of them to the agency between receipt and end."""
    rng = random.Random(seed)
    dossiers, events = [HEADER], [EVENTS_HEADER]
    start = datetime(2025, 1, 2, 7, 0)
    for i in range(rows):
        received = start + timedelta(minutes=rng.randrange(0, 120 * 24 * 60))
        resolved = received + timedelta(minutes=rng.randrange(60, 20 * 24 * 60))
        status = rng.choice([2, 4, 9, 10, 10, 3])
        closed = "" if status in (2, 4) else f"{resolved:%Y-%m-%d %H:%M}"
        returned = resolved + timedelta(minutes=rng.randrange(10, 3 * 24 * 60))
        channel = rng.choice(["direct", "postal", "online"])
        dossiers.append(
            f"R-{i},1.001193,000.00.31.H56,{channel},{received:%Y-%m-%d %H:%M},{closed},"
            f"{f'{returned:%Y-%m-%d %H:%M}' if status == 10 else ''},{status},"
        )
        if handovers and status in (4, 9, 10) and rng.random() < 0.3:
            at = received + (timedelta(minutes=10) if status == 4 else (resolved - received) / 2)
            at = max(at, received + timedelta(minutes=1)).replace(second=0, microsecond=0)
            events.append(f"R-{i},transfer,{at:%Y-%m-%d %H:%M},,,000.00.06.H56,")
    return dossiers, events


@pytest.mark.parametrize(
    ("seed", "handovers"),
    # Without an events file every dossier has only the timeline the import writes (its span
    # is read from its row); with one, those handed over go through their events.
    [(18, False), (24, False), (18, True), (24, True)],
)
def test_an_import_of_many_histories_writes_the_rollups_a_rebuild_would_write(
    tmp_path, seed, handovers, intake_desk, birth_registration, agency
):
    lines, event_lines = _history(seed, 300, handovers=handovers)
    dossiers = _write(tmp_path, "d.csv", lines)
    events = _write(tmp_path, "e.csv", event_lines) if handovers else None

    report = dossiers_import(path=dossiers, events_path=events, now=NOW)
    imported = _snapshot()

    assert report.created == 300
    received = dossier_statistics(date_from=date(2025, 1, 1), date_to=date(2025, 5, 31)).totals
    assert received["received_new"] == 300
    rollups_rebuild()
    assert _snapshot() == imported
