"""Tỉnh mẫu: the demo province, loaded once through the project's own services and importers.

Trà Vinh until 30/6/2025, Vĩnh Long after the reform: its units, a catalogue of real procedures
with two announcement decisions (2017 and 1/7/2025), time reviews and publications, the public
administration centres and desks of both periods, the dossier history behind the 2017 report
(Trà Vinh city: 20.985 received, 85 late; Cầu Ngang: 10.128 received, 96 still within time at
31/12/2017), the commune desk's history since the reform, and about forty live dossiers at that
desk received in the past weeks, in every state. Nothing here writes a row itself: each step calls
the service a user's screen or command would.

The demo's parts are in :mod:`procedures.demo`, one idea a module: the province's centres and
desks (``province``), the catalogue (``catalogue``), the 2017 story (``story_2017``), the days
since the reform (``since_reform``), the live days (``live``), and the history generator
(``history``). This service runs them in order in one transaction; their public names stay
importable from here.
"""

from __future__ import annotations

import tempfile
import time as clock
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procedures.calendar import WorkingCalendar
from procedures.demo import DATA_DIR
from procedures.demo.catalogue import (
    CATALOGUE_FILES,
    DECISION_2017,
    DECISION_2025,
    DECISIONS,
    REVIEW_2017,
    REVIEW_2025,
    catalogue_load,
    review_items,
)
from procedures.demo.history import HistoryGenerator, HistorySpec
from procedures.demo.live import (
    BHXH,
    CA,
    LIVE_CASES,
    SNNMT,
    LiveCase,
    live_dossiers_create,
    live_first_moment,
)
from procedures.demo.progress import Log, number_text
from procedures.demo.province import (
    BEFORE_REFORM,
    CAU_NGANG_CENTRE,
    CENTRES,
    CITY_CENTRE,
    DEMO_DESK_CODE,
    DESKS,
    LAND_OFFICE_NOTE,
    MOVED_TO_PROVINCE_CENTRE,
    ONE_STOP_SINCE,
    PROVINCE_COUNTERS,
    REFORM,
    CentreSpec,
    DeskSpec,
    centres_and_desks_create,
    one_stop_desks_create,
)
from procedures.demo.since_reform import (
    COMMUNE_WEIGHTS,
    DESK_FACTS,
    PROVINCE_CENTRE_HISTORY,
    SLOW_AT_LAND_OFFICE,
    since_reform_specs,
)
from procedures.demo.story_2017 import (
    DISTRICT_WEIGHTS,
    REPORT_END,
    REPORT_START,
    report_2017_specs,
)
from procedures.models import Desk
from procedures.selectors.calendar import working_calendar_get
from procedures.selectors.demo import DemoFigures, demo_figures, procedure_version_timeline
from procedures.services.demo_clock import demo_clock_load
from procedures.services.demo_facts import serving_facts_add
from procedures.services.dossier_import import dossiers_import
from procedures.services.dossiers import dossiers_mark_overdue
from procedures.services.units import units_import

# The demo's names as they were importable from here before its parts moved to procedures.demo
# (tests, ``setup_demo``, ``demo_extend``).
__all__ = [
    "BEFORE_REFORM",
    "BHXH",
    "CA",
    "CATALOGUE_FILES",
    "CAU_NGANG_CENTRE",
    "CENTRES",
    "CITY_CENTRE",
    "COMMUNE_WEIGHTS",
    "DECISIONS",
    "DECISION_2017",
    "DECISION_2025",
    "DEMO_DESK_CODE",
    "DESKS",
    "DESK_FACTS",
    "DISTRICT_WEIGHTS",
    "LAND_OFFICE_NOTE",
    "LIVE_CASES",
    "MOVED_TO_PROVINCE_CENTRE",
    "ONE_STOP_SINCE",
    "PROVINCE_CENTRE_HISTORY",
    "PROVINCE_COUNTERS",
    "REFORM",
    "REPORT_END",
    "REPORT_START",
    "REVIEW_2017",
    "REVIEW_2025",
    "SLOW_AT_LAND_OFFICE",
    "SNNMT",
    "CentreSpec",
    "DemoLoad",
    "DeskSpec",
    "LiveCase",
    "Log",
    "demo_province_load",
    "history_import",
    "live_first_moment",
    "number_text",
    "review_items",
]


@dataclass
class DemoLoad:
    """What a load did: ``loaded`` is False when the demo was already there."""

    loaded: bool
    figures: DemoFigures
    seconds: float
    steps: list[str] = field(default_factory=list)


def _figures(now: datetime) -> DemoFigures:
    tz = timezone.get_current_timezone()
    return demo_figures(
        centre_codes=[CITY_CENTRE, CAU_NGANG_CENTRE],
        start=datetime.combine(REPORT_START, time(0), tz),
        end=datetime.combine(REPORT_END + timedelta(days=1), time(0), tz),
        desk_code=DEMO_DESK_CODE,
        at=now,
    )


@transaction.atomic
def demo_province_load(
    *,
    reception_user,
    officer_user=None,
    scale: float = 1.0,
    now: datetime | None = None,
    seed: int = 2017,
    log: Log = None,
) -> DemoLoad:
    """Nạp dữ liệu tỉnh mẫu: load the demo province once, through the services.

    Idempotent: when the demo desk exists, nothing is written. ``scale`` multiplies the history's
    dossier counts (1.0 gives the 2017 report's figures); the live dossiers, received in the weeks
    before ``now``, are always about forty. ``reception_user`` becomes staff of the demo desk and
    receives the live dossiers; ``officer_user`` enters the decisions and reviews."""
    started = clock.monotonic()
    now = now or timezone.now()
    steps: list[str] = []

    def step(message: str) -> None:
        steps.append(message)
        if log:
            log(message)

    if Desk.objects.filter(code=DEMO_DESK_CODE).exists():
        return DemoLoad(False, _figures(now), clock.monotonic() - started)
    if scale <= 0:
        raise ValueError("The scale must be more than zero.")

    result = units_import(path=DATA_DIR / "units.csv")
    step(
        _("Administrative units: %(count)s.")
        % {"count": number_text(result.created + result.updated)}
    )
    catalogue_load(officer_user, now, step)
    _statistics_refresh()
    centres_and_desks_create(reception_user, step)
    demo_clock_load(desk_code=DEMO_DESK_CODE)
    one_stop_desks_create(step)
    _statistics_refresh()
    calendar = working_calendar_get()
    history_import(
        specs=report_2017_specs(calendar=calendar, scale=scale)
        + since_reform_specs(calendar=calendar, scale=scale, now=now),
        calendar=calendar,
        now=now,
        seed=seed,
        step=step,
    )
    serving_facts_add(now=now, seed=seed)
    _statistics_refresh()
    count = live_dossiers_create(
        desk=Desk.objects.get(code=DEMO_DESK_CODE),
        user=reception_user,
        calendar=calendar,
        now=now,
        rng=np.random.default_rng(seed),
    )
    marked = dossiers_mark_overdue(at=now)
    step(
        _("Live dossiers at desk %(desk)s: %(count)s, %(overdue)s of them overdue.")
        % {"desk": DEMO_DESK_CODE, "count": number_text(count), "overdue": number_text(marked)}
    )
    return DemoLoad(True, _figures(now), clock.monotonic() - started, steps)


def _statistics_refresh() -> None:
    """ANALYZE after each bulk step on PostgreSQL: the whole load is one transaction, which
    autovacuum cannot see, so the planner would otherwise plan the next steps' joins for the
    tables as they were before (nested loops over thousands of procedures ran for minutes)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def history_import(*, specs: list[HistorySpec], calendar: WorkingCalendar, now, seed, step) -> int:
    """Generate the history of ``specs`` (procedures.demo.history) and import it through the
    dossier import service; the number of dossiers created."""
    codes = {code for spec in specs for code in spec.weights}
    generator = HistoryGenerator(
        calendar=calendar, versions=procedure_version_timeline(codes=codes), seed=seed
    )
    parts = [(spec.facts is not None, generator.desk_history(spec)) for spec in specs]
    created = events = 0
    # Histories with Decision 766's facts go in a file of their own: in one file with the 2017
    # histories, their blank yes/no cells would read "no" where nothing was recorded.
    for with_facts in (False, True):
        group = [part for has, part in parts if has is with_facts]
        if not group:
            continue
        with tempfile.TemporaryDirectory(prefix="onestop-demo-") as folder:
            dossiers_path = Path(folder) / "dossiers.csv"
            events_path = Path(folder) / "events.csv"
            pd.concat([d for d, _e in group]).to_csv(dossiers_path, index=False)
            pd.concat([e for _d, e in group]).to_csv(events_path, index=False)
            report = dossiers_import(path=dossiers_path, events_path=events_path, now=now)
        created += report.created
        events += report.events_created
    step(
        _("Dossier history: %(dossiers)s dossiers, %(events)s events.")
        % {"dossiers": number_text(created), "events": number_text(events)}
    )
    return created
