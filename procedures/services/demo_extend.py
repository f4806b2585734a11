"""Tỉnh mẫu theo ngày: a demo loaded on an earlier day brought up to yesterday, so that `make run`
shows the current year and month full on any day, not only on the day the demo was loaded.

The desks without live dossiers (the second commune desk and the departments' counters of the
service centre) receive the days between the last dossier of any of them and yesterday, at the
same daily rates as the load gave them, through the same generator and the dossier import
service. The 2017 history and the demo desk's live dossiers are left as they are.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from procedures.calendar.vectorised import working_day_table
from procedures.choices import Level
from procedures.demo.history import HistorySpec
from procedures.models import Desk, Dossier
from procedures.selectors.calendar import working_calendar_get
from procedures.services.demo import (
    COMMUNE_WEIGHTS,
    DEMO_DESK_CODE,
    LAND_OFFICE_NOTE,
    PROVINCE_CENTRE_HISTORY,
    SLOW_AT_LAND_OFFICE,
    history_import,
)

# (desk, unit, level, dossiers per working day, share late, weights, online, postal, hand-overs)
EXTENDED_DESKS = (
    (
        "000.00.32.H62",
        "29998",
        Level.COMMUNE,
        7,
        0.015,
        COMMUNE_WEIGHTS,
        0.35,
        0.05,
        {"1.003003": "86.SNNMT", "1.013891": "86.CA"},
    ),
    *(
        (desk, unit, Level.PROVINCE, per_day, late, weights, 0.5, 0.1, {})
        for desk, unit, per_day, late, weights in PROVINCE_CENTRE_HISTORY
    ),
)
# Late dossiers are drawn among those received at least this long before the end (their late
# resolution must fall before now): a shorter extension has none.
LATE_NEEDS_DAYS = 60


@transaction.atomic
def demo_history_extend(*, now: datetime | None = None, scale: float = 1.0, step=None) -> int:
    """Bring the loaded demo's history up to yesterday: the number of dossiers added (0 when the
    demo is not loaded or is already up to date, so running it twice a day changes nothing)."""
    now = now or timezone.now()
    if not Desk.objects.filter(code=DEMO_DESK_CODE).exists():
        return 0
    codes = [row[0] for row in EXTENDED_DESKS]
    last = Dossier.objects.filter(desk__code__in=codes).aggregate(last=Max("received_at"))["last"]
    if last is None:
        return 0
    # After the last day any of these desks received a dossier: no daily code is used twice.
    first_day = timezone.localdate(last) + timedelta(days=1)
    last_day = timezone.localdate(now) - timedelta(days=1)
    if first_day > last_day:
        return 0
    calendar = working_calendar_get()
    working_days = len(working_day_table(calendar, first_day, last_day))
    if not working_days:
        return 0
    with_late = (last_day - first_day).days >= LATE_NEEDS_DAYS
    specs = []
    for desk, unit, level, per_day, late, weights, online, postal, handovers in EXTENDED_DESKS:
        received = max(1, round(working_days * per_day * scale))
        specs.append(
            HistorySpec(
                desk_code=desk,
                unit_code=unit,
                level=level,
                first_day=first_day,
                last_day=last_day,
                received=received,
                late=round(received * late) if with_late else 0,
                weights=weights,
                resolve_by=now,
                return_by=now,
                handovers=handovers,
                handover_note=LAND_OFFICE_NOTE if handovers else "",
                slow=SLOW_AT_LAND_OFFICE if with_late and "1.003003" in handovers else {},
                online_share=online,
                postal_share=postal,
            )
        )
    # A seed of its own per extension: the same days give the same dossiers.
    seed = int(first_day.strftime("%Y%m%d"))
    return history_import(
        specs=specs, calendar=calendar, now=now, seed=seed, step=step or (lambda _message: None)
    )
