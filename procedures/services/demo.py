"""Tỉnh mẫu: the demo province, loaded once through the project's own services and importers.

Trà Vinh until 30/6/2025, Vĩnh Long after the reform: its units, a catalogue of real procedures
with two announcement decisions (2017 and 1/7/2025), time reviews and publications, the public
administration centres and desks of both periods, the dossier history behind the 2017 report
(Trà Vinh city: 20.985 received, 85 late; Cầu Ngang: 10.128 received, 96 still within time at
31/12/2017), the commune desk's history since the reform, and about forty live dossiers at that
desk received in the past weeks, in every state. Nothing here writes a row itself: each step calls
the service a user's screen or command would.
"""

from __future__ import annotations

import tempfile
import time as clock
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from procedures.calendar import WorkingCalendar
from procedures.choices import Channel, Level, UnitKind
from procedures.demo import DATA_DIR
from procedures.demo.facts import FactShares
from procedures.demo.history import HistoryGenerator, HistorySpec, applicant_names
from procedures.models import AnnouncementDecision, Desk, ProcedureVersion, Unit
from procedures.search import fold
from procedures.selectors.calendar import working_calendar_get
from procedures.selectors.demo import DemoFigures, demo_figures, procedure_version_timeline
from procedures.selectors.dossiers import version_paper_names
from procedures.selectors.units import desk_procedure_versions
from procedures.services.catalogue import procedure_versions_publish
from procedures.services.catalogue_imports import decision_file_import, procedure_file_import
from procedures.services.demo_clock import demo_clock_load
from procedures.services.demo_facts import serving_facts_add
from procedures.services.dossier_import import dossiers_import
from procedures.services.dossiers import dossier_act, dossier_receive, dossiers_mark_overdue
from procedures.services.reviews import time_review_create
from procedures.services.units import centre_create, desk_create, units_import

Log = Callable[[str], None] | None

# The desk of today's commune centre, where the demo reception login works. Its existence marks
# the demo as loaded (the load is one transaction: all of it or nothing).
DEMO_DESK_CODE = "000.00.31.H62"
CITY_CENTRE, CAU_NGANG_CENTRE = "TTHCC.842", "TTHCC.848"
REPORT_START = date(2016, 10, 1)  # the two district centres opened in October 2016
REPORT_END = date(2017, 12, 31)
DECISION_2017 = "1065/QĐ-UBND"
DECISION_2025 = "1570/QĐ-UBND"


@dataclass(frozen=True)
class CentreSpec:
    code: str
    name: str
    level: int
    unit: str
    valid_from: date
    valid_to: date | None = None


@dataclass(frozen=True)
class DeskSpec:
    code: str  # QCVN 102:2016 agency code
    name: str
    unit: str
    centre: str
    valid_from: date
    valid_to: date | None = None
    reception: bool = False  # the demo reception login is its staff


BEFORE_REFORM = date(2025, 6, 30)
REFORM = date(2025, 7, 1)
CENTRES = (
    CentreSpec(
        CITY_CENTRE,
        "Trung tâm Hành chính công thành phố Trà Vinh",
        Level.DISTRICT,
        "842",
        date(2016, 10, 1),
        BEFORE_REFORM,
    ),
    CentreSpec(
        CAU_NGANG_CENTRE,
        "Trung tâm Hành chính công huyện Cầu Ngang",
        Level.DISTRICT,
        "848",
        date(2016, 10, 1),
        BEFORE_REFORM,
    ),
    CentreSpec(
        "TTHCC.84",
        "Trung tâm Hành chính công tỉnh Trà Vinh",
        Level.PROVINCE,
        "84",
        date(2017, 3, 1),
        BEFORE_REFORM,
    ),
    CentreSpec(
        "TTPVHCC.86",
        "Trung tâm Phục vụ hành chính công tỉnh Vĩnh Long",
        Level.PROVINCE,
        "86",
        REFORM,
    ),
    CentreSpec(
        "TTPVHCC.29999",
        "Trung tâm Phục vụ hành chính công phường Trà Vinh",
        Level.COMMUNE,
        "29999",
        REFORM,
    ),
    CentreSpec(
        "TTPVHCC.29998",
        "Trung tâm Phục vụ hành chính công xã Cầu Ngang",
        Level.COMMUNE,
        "29998",
        REFORM,
    ),
)
# The province centre was founded in March 2017 and opened its counters once equipped (2018).
PROVINCE_COUNTERS = date(2018, 1, 2)
DESKS = (
    DeskSpec(
        "000.00.42.H59",
        "Bộ phận tiếp nhận và trả kết quả thành phố Trà Vinh",
        "842",
        CITY_CENTRE,
        date(2016, 10, 1),
        BEFORE_REFORM,
    ),
    DeskSpec(
        "000.00.48.H59",
        "Bộ phận tiếp nhận và trả kết quả huyện Cầu Ngang",
        "848",
        CAU_NGANG_CENTRE,
        date(2016, 10, 1),
        BEFORE_REFORM,
    ),
    *(
        DeskSpec(code, name, unit, "TTHCC.84", PROVINCE_COUNTERS, BEFORE_REFORM)
        for code, name, unit in (
            ("000.00.06.H59", "Quầy Sở Tư pháp tỉnh Trà Vinh", "84.STP"),
            ("000.00.05.H59", "Quầy Sở Kế hoạch và Đầu tư tỉnh Trà Vinh", "84.SKHDT"),
            ("000.00.10.H59", "Quầy Sở Tài nguyên và Môi trường tỉnh Trà Vinh", "84.STNMT"),
            ("000.00.11.H59", "Quầy Sở Xây dựng tỉnh Trà Vinh", "84.SXD"),
            (
                "000.00.12.H59",
                "Quầy Sở Lao động - Thương binh và Xã hội tỉnh Trà Vinh",
                "84.SLDTBXH",
            ),
        )
    ),
    *(
        DeskSpec(code, name, unit, "TTPVHCC.86", REFORM)
        for code, name, unit in (
            ("000.00.06.H62", "Quầy Sở Tư pháp tỉnh Vĩnh Long", "86.STP"),
            ("000.00.05.H62", "Quầy Sở Tài chính tỉnh Vĩnh Long", "86.STC"),
            ("000.00.10.H62", "Quầy Sở Nông nghiệp và Môi trường tỉnh Vĩnh Long", "86.SNNMT"),
            ("000.00.11.H62", "Quầy Sở Xây dựng tỉnh Vĩnh Long", "86.SXD"),
            ("000.00.09.H62", "Quầy Sở Nội vụ tỉnh Vĩnh Long", "86.SNV"),
        )
    ),
    DeskSpec(
        DEMO_DESK_CODE,
        "Bộ phận một cửa phường Trà Vinh",
        "29999",
        "TTPVHCC.29999",
        REFORM,
        reception=True,
    ),
    DeskSpec("000.00.32.H62", "Bộ phận một cửa xã Cầu Ngang", "29998", "TTPVHCC.29998", REFORM),
)

# What the district centres received in 2016–2017, by procedure (shares among those in force).
DISTRICT_WEIGHTS = {
    "1.001612": 14,
    "2.000720": 7,
    "1.003003": 10,
    "1.004227": 22,
    "2.000635": 8,
    "1.009794": 8,
    "2.000843": 14,
    "1.001695": 1,
    "1.001776": 7,
    "2.000181": 1,
    "2.000528": 8,
}
# What a commune centre receives since the reform.
COMMUNE_WEIGHTS = {
    "1.001193": 12,
    "1.000894": 5,
    "1.000656": 4,
    "1.004873": 6,
    "1.001022": 1,
    "2.000815": 22,
    "2.000884": 12,
    "2.001035": 6,
    "1.001766": 1,
    "1.013891": 5,
    "2.002811": 5,
    "2.000720": 3,
    "1.003003": 5,
    "1.009794": 4,
    "1.001695": 0.5,
    "2.000843": 2,
    "2.000528": 2,
    "1.001776": 3,
}
# What the departments' counters of the Vĩnh Long service centre receive since the reform:
# (desk, unit, dossiers per working day, share resolved late, procedure weights). Procedures of
# the departments' catalogue (catalogue-2016.csv) untouched by any decision, so in force
# throughout; the 2025 departments took over the merged ones' procedures.
PROVINCE_CENTRE_HISTORY = (
    (
        "000.00.06.H62",
        "86.STP",
        3,
        0.01,
        {"1.013830": 3, "1.013816": 2, "1.000588": 2, "1.000627": 2, "1.000390": 1},
    ),
    (
        "000.00.05.H62",
        "86.STC",
        8,
        0.005,
        {"1.014565": 8, "1.009548": 1, "1.009550": 1, "1.001324": 2, "1.007241": 1},
    ),
    (
        "000.00.10.H62",
        "86.SNNMT",
        4,
        0.04,
        {
            "1.004167": 2,
            "1.004179": 1,
            "1.000060": 2,
            "1.002510": 2,
            "1.003971": 2,
            "1.000045": 3,
        },
    ),
    (
        "000.00.11.H62",
        "86.SXD",
        6,
        0.02,
        {"1.005126": 2, "1.005058": 2, "1.000017": 6, "1.000028": 4, "1.000274": 2},
    ),
)
LAND_OFFICE_NOTE = "Chuyển Văn phòng đăng ký đất đai giải quyết"
# Decision 766's facts since the reform, per desk: (shares, share of online applications where
# the procedure is offered online). The land and environment department and the second commune
# are clearly behind, so that the index's ranking has something to say.
DESK_FACTS = {
    DEMO_DESK_CODE: (FactShares(0.88, 0.35, 0.3, 0.6, 0.7), 0.8),
    "000.00.32.H62": (FactShares(0.45, 0.08, 0.3, 0.25, 0.3), 0.6),
    "000.00.06.H62": (FactShares(0.96, 0.5, 0.6, 0.8, 0.92), 0.95),
    "000.00.05.H62": (FactShares(0.92, 0.4, 0.5, 0.75, 0.85), 0.9),
    "000.00.10.H62": (FactShares(0.5, 0.1, 0.7, 0.3, 0.25), 0.6),
    "000.00.11.H62": (FactShares(0.82, 0.3, 0.8, 0.6, 0.6), 0.85),
}
# The 2017 time review under plan 22/KH-UBND: 1.738 procedures (ra-soat-2017.csv: code and
# applied time; the legal time is the catalogue's on the review date).
REVIEW_2017 = {
    "plan_number": "22/KH-UBND",
    "reviewed_on": date(2017, 10, 31),
    "note": (
        "Rà soát, đánh giá quy định thủ tục hành chính năm 2017 theo Kế hoạch số 22/KH-UBND "
        "ngày 22/12/2016 của Chủ tịch Ủy ban nhân dân tỉnh Trà Vinh"
    ),
    "file": "ra-soat-2017.csv",
}
REVIEW_2025 = {
    "plan_number": "45/KH-UBND",
    "reviewed_on": date(2025, 10, 15),
    "note": (
        "Rà soát thời hạn giải quyết TTHC cấp xã sau khi tổ chức chính quyền địa phương hai cấp"
    ),
    "items": [
        ("1.003003", 15),
        ("2.002811", 2),
        ("1.009794", 6),
        ("1.001776", 15),
    ],
}


@dataclass
class DemoLoad:
    """What a load did: ``loaded`` is False when the demo was already there."""

    loaded: bool
    figures: DemoFigures
    seconds: float
    steps: list[str] = field(default_factory=list)


def number_text(value: int) -> str:
    """20985 -> "20.985" (the thousands separator of the active language)."""
    return number_format(value, use_l10n=True, force_grouping=True)


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
    _catalogue_load(officer_user, now, step)
    _statistics_refresh()
    _centres_and_desks_create(reception_user, step)
    demo_clock_load(desk_code=DEMO_DESK_CODE)
    _one_stop_desks_create(step)
    _statistics_refresh()
    calendar = working_calendar_get()
    history_import(
        specs=_history_specs(calendar=calendar, scale=scale, now=now),
        calendar=calendar,
        now=now,
        seed=seed,
        step=step,
    )
    serving_facts_add(now=now, seed=seed)
    _statistics_refresh()
    count = _live_dossiers_create(
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


# -- the catalogue -------------------------------------------------------------------------------


# The catalogue files in the order they are imported (procedure_file_import).
CATALOGUE_FILES = ("catalogue.csv", "catalogue-2016.csv")
# The decisions (decision_file_import, applied at once) and their publications in the national
# database: (file, [(date, kinds of change published that day or None for all)]). The 2017
# amendments and replacements of 1065 were published in January 2018: the 2017 report's 425
# updates are its 204 new and 221 abolished procedures.
DECISIONS = (
    ("qd-0680-2017.csv", ((date(2017, 5, 2), None),)),
    (
        "qd-1065-2017.csv",
        ((date(2017, 6, 15), ("new", "abolished")), (date(2018, 1, 15), ("amended", "replaced"))),
    ),
    # After the reform only the new and replacing records were published at once: the
    # amendments wait on the publication screen.
    ("qd-1570-2025.csv", ((date(2025, 7, 15), ("new", "replaced")),)),
)


def review_items(review: dict) -> list[dict]:
    """The items of a demo review: from its file (Mã TTHC, Thời hạn áp dụng) or its list."""
    if "file" in review:
        frame = pd.read_csv(DATA_DIR / review["file"], dtype=str)
        rows = zip(frame["Mã TTHC"], frame["Thời hạn áp dụng"].str.replace(",", "."), strict=True)
    else:
        rows = review["items"]
    return [{"procedure_code": code, "applied_time_value": applied} for code, applied in rows]


def _catalogue_load(user, now: datetime, step) -> None:
    created = 0
    for name in CATALOGUE_FILES:
        summary = procedure_file_import(
            content=(DATA_DIR / name).read_bytes(), file_name=name, user=user
        )
        created += summary.created
    step(_("Catalogue: %(count)s procedures.") % {"count": number_text(created)})
    for name, publications in DECISIONS:
        result = decision_file_import(
            content=(DATA_DIR / name).read_bytes(), file_name=name, apply=True, user=user
        )
        for published_on, kinds in publications:
            if published_on > timezone.localdate(now):
                continue
            # No ordering: the model's (by procedure code) would join every procedure, and on a
            # freshly loaded PostgreSQL table (no statistics yet) the planner nests the loops.
            versions = ProcedureVersion.objects.filter(
                decision_line__decision_id=result.decision.pk
            ).order_by()
            if kinds:
                versions = versions.filter(decision_line__change_kind__in=kinds)
            procedure_versions_publish(
                version_ids=list(versions.values_list("pk", flat=True)),
                published_on=published_on,
                user=user,
            )
        step(
            _("Decision %(number)s applied from %(date)s.")
            % {
                "number": result.decision.number,
                "date": f"{result.decision.effective_on:%d/%m/%Y}",
            }
        )
    for review in (REVIEW_2017, REVIEW_2025):
        if review["reviewed_on"] >= timezone.localdate(now):
            continue
        time_review_create(
            plan_number=review["plan_number"],
            reviewed_on=review["reviewed_on"],
            note=review["note"],
            items=review_items(review),
            user=user,
        )
    step(_("Decisions: %(count)s.") % {"count": number_text(AnnouncementDecision.objects.count())})


def _centres_and_desks_create(reception_user, step) -> None:
    units = {u.code: u for u in Unit.objects.all()}
    centres = {}
    for spec in CENTRES:
        centres[spec.code] = centre_create(
            code=spec.code,
            name=spec.name,
            level=spec.level,
            unit=units[spec.unit],
            valid_from=spec.valid_from,
            valid_to=spec.valid_to,
        )
    for spec in DESKS:
        desk_create(
            code=spec.code,
            name=spec.name,
            unit=units[spec.unit],
            centre=centres[spec.centre],
            staff=[reception_user] if spec.reception else [],
            valid_from=spec.valid_from,
            valid_to=spec.valid_to,
        )
    step(
        _("Centres: %(centres)s; one-stop desks: %(desks)s.")
        % {"centres": number_text(len(CENTRES)), "desks": number_text(len(DESKS))}
    )


# Since Decision 09/2015/QĐ-TTg every department, district and commune of the province keeps its
# own one-stop desk (2017 report: 19 departments, 9 districts, 106/106 communes).
ONE_STOP_SINCE = date(2015, 7, 1)
# The departments whose desk moved into the province centre when it opened its counters.
MOVED_TO_PROVINCE_CENTRE = ("84.STP", "84.SKHDT", "84.STNMT", "84.SXD", "84.SLDTBXH")


def _one_stop_desks_create(step) -> None:
    """A desk for each department, district and commune of Trà Vinh that has none in ``DESKS``:
    agency codes in the QCVN 102:2016 pattern (000.<sub-unit>.<unit>.H59)."""
    with_desk = set(Desk.objects.values_list("unit__code", flat=True))
    created = 0
    before = Unit.objects.filter(valid_from__lt=REFORM, valid_to__isnull=False)
    departments = before.filter(kind=UnitKind.DEPARTMENT).order_by("code")
    for number, unit in enumerate(departments, start=1):
        valid_to = unit.valid_to
        if unit.code in MOVED_TO_PROVINCE_CENTRE:
            valid_to = PROVINCE_COUNTERS - timedelta(days=1)
        desk_create(
            code=f"000.01.{number:02d}.H59",
            name=f"Bộ phận tiếp nhận và trả kết quả {unit.name}",
            unit=unit,
            valid_from=max(unit.valid_from, ONE_STOP_SINCE),
            valid_to=valid_to,
        )
        created += 1
    for unit in before.filter(kind=UnitKind.DISTRICT).exclude(code__in=with_desk):
        desk_create(
            code=f"000.00.{unit.code[-2:]}.H59",
            name=f"Bộ phận tiếp nhận và trả kết quả {unit.name}",
            unit=unit,
            valid_from=max(unit.valid_from, ONE_STOP_SINCE),
            valid_to=unit.valid_to,
        )
        created += 1
    communes = before.filter(kind=UnitKind.COMMUNE).select_related("parent").order_by("code")
    numbers: dict[str, int] = {}
    for unit in communes:
        district = unit.parent.code[-2:]
        numbers[district] = numbers.get(district, 0) + 1
        desk_create(
            code=f"000.{numbers[district]:02d}.{district}.H59",
            name=f"Bộ phận tiếp nhận và trả kết quả {unit.name}, {unit.parent.name}",
            unit=unit,
            valid_from=max(unit.valid_from, ONE_STOP_SINCE),
            valid_to=unit.valid_to,
        )
        created += 1
    step(
        _("One-stop desks of departments, districts and communes: %(count)s.")
        % {"count": number_text(created)}
    )


# -- the history ---------------------------------------------------------------------------------


def _history_specs(*, calendar: WorkingCalendar, scale: float, now: datetime) -> list[HistorySpec]:
    tz = calendar.tz

    def scaled(count: int) -> int:
        return max(1, round(count * scale)) if count else 0

    def moment(day: date, at: time) -> datetime:
        return datetime.combine(day, at, tz)

    # The last working afternoon of 2017 (Friday 29/12).
    last_working_day = REPORT_END
    while not calendar.is_working_day(last_working_day):
        last_working_day -= timedelta(days=1)
    end_2017 = moment(last_working_day, time(16, 30))
    district = {
        "first_day": REPORT_START,
        "last_day": REPORT_END,
        "weights": DISTRICT_WEIGHTS,
        "resolve_by": end_2017,
        # Every land dossier went to the land registration office; the history keeps the
        # hand-overs of the interconnected first registrations, a sample (the events are
        # replayed dossier by dossier: thousands would slow the demo down for little).
        "handovers": {"1.003003": "84.STNMT"},
        "handover_note": LAND_OFFICE_NOTE,
        "handover_share": 0.4,
    }
    specs = [
        HistorySpec(
            desk_code="000.00.42.H59",
            unit_code="842",
            level=Level.DISTRICT,
            received=scaled(20_985),
            late=scaled(85),
            **district,
        ),
        HistorySpec(
            desk_code="000.00.48.H59",
            unit_code="848",
            level=Level.DISTRICT,
            received=scaled(10_128),
            late=0,
            carried=scaled(96),
            **district,
        ),
    ]
    # Since the reform. The demo desk's history stops a few days before its first live dossier
    # (the desk's daily code sequences of the live days start afresh); the other desks, which
    # have no live dossiers, run up to yesterday, so that this month is full too.
    live_start = live_first_moment(calendar, now)
    last_day = live_start.date() - timedelta(days=3)
    yesterday = timezone.localdate(now) - timedelta(days=1)
    until = {DEMO_DESK_CODE: (last_day, live_start)}
    if last_day > REFORM + timedelta(days=60):
        for desk, unit, per_day in (
            (DEMO_DESK_CODE, "29999", 14),
            ("000.00.32.H62", "29998", 7),
        ):
            facts, online = DESK_FACTS[desk]
            desk_last, desk_resolve_by = until.get(desk, (yesterday, now))
            working_days = np.busday_count(REFORM, desk_last)
            received = scaled(int(working_days * per_day))
            specs.append(
                HistorySpec(
                    desk_code=desk,
                    unit_code=unit,
                    level=Level.COMMUNE,
                    first_day=REFORM,
                    last_day=desk_last,
                    received=received,
                    late=round(received * 0.015),
                    weights=COMMUNE_WEIGHTS,
                    resolve_by=desk_resolve_by,
                    return_by=desk_resolve_by,
                    handovers={"1.003003": "86.SNNMT", "1.013891": "86.CA"},
                    handover_note=LAND_OFFICE_NOTE,
                    online_share=online,
                    postal_share=0.05,
                    facts=facts,
                )
            )
        # The province's service centre: the departments' counters since the reform, each
        # with its own late share, so that the agencies' ranking has something to say.
        working_days = np.busday_count(REFORM, yesterday)
        for desk, unit, per_day, late_share, weights in PROVINCE_CENTRE_HISTORY:
            received = scaled(int(working_days * per_day))
            facts, online = DESK_FACTS[desk]
            specs.append(
                HistorySpec(
                    desk_code=desk,
                    unit_code=unit,
                    level=Level.PROVINCE,
                    first_day=REFORM,
                    last_day=yesterday,
                    received=received,
                    late=round(received * late_share),
                    weights=weights,
                    resolve_by=now,
                    return_by=now,
                    online_share=online,
                    postal_share=0.1,
                    facts=facts,
                )
            )
    return specs


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


# -- live dossiers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveCase:
    """A dossier received ``back`` working days ago at ``at``, then the ``steps`` taken on it:
    (action, working hours after the previous one, receiving unit or note)."""

    code: str
    back: int
    at: time
    steps: tuple[tuple[str, float, str], ...] = ()
    channel: str = Channel.DIRECT
    missing_paper: bool = False


def _t(hour: int, minute: int = 0) -> time:
    return time(hour, minute)


SNNMT, CA, BHXH = "86.SNNMT", "86.CA", "86.BHXH"
LIVE_CASES = (
    # Received, within time.
    LiveCase("1.009794", 1, _t(8, 10)),
    LiveCase("1.003003", 2, _t(9, 20)),
    LiveCase("2.002811", 1, _t(14, 5), channel=Channel.ONLINE),
    LiveCase("1.001776", 3, _t(10)),
    LiveCase("1.001695", 4, _t(15, 30), channel=Channel.POSTAL),
    LiveCase("1.000894", 1, _t(9, 45)),
    LiveCase("2.000720", 0, _t(8, 30), channel=Channel.ONLINE),
    # Received and overdue; one with an apology and a new date.
    LiveCase("1.004873", 6, _t(10, 15)),
    LiveCase(
        "2.001035",
        5,
        _t(14),
        (("apologize_reschedule", 18, "Hồ sơ cần xác minh nguồn gốc tài sản; hẹn lại ngày trả"),),
    ),
    LiveCase("1.001022", 8, _t(8)),
    # Handed over to the processing agency (and on, for an interconnected procedure).
    LiveCase("1.003003", 9, _t(9), (("transfer", 2, SNNMT),)),
    LiveCase("1.003003", 4, _t(13, 45), (("transfer", 1, SNNMT),)),
    LiveCase("1.013891", 2, _t(8, 30), (("transfer", 1, CA),), channel=Channel.ONLINE),
    LiveCase("1.013891", 6, _t(10), (("transfer", 1, CA), ("transfer", 8, BHXH))),
    LiveCase("1.009794", 7, _t(9, 30), (("transfer", 4, "86.SXD"),)),
    LiveCase("1.001695", 5, _t(14, 20), (("transfer", 2, "86.STP"),)),
    LiveCase("1.003003", 15, _t(10, 40), (("transfer", 3, SNNMT),)),
    LiveCase("1.013891", 1, _t(10, 10), (("transfer", 2, CA),), channel=Channel.ONLINE),
    # Waiting for a supplement.
    LiveCase(
        "1.009794",
        5,
        _t(9),
        (("request_supplement", 8, "Bổ sung bản vẽ thiết kế xây dựng (2 bản chính)"),),
        missing_paper=True,
    ),
    LiveCase(
        "1.000894",
        2,
        _t(10, 30),
        (("request_supplement", 2, "Thiếu Giấy xác nhận tình trạng hôn nhân (bản chính)"),),
        missing_paper=True,
    ),
    LiveCase(
        "1.001776",
        8,
        _t(8, 45),
        (("request_supplement", 24, "Bổ sung Giấy xác nhận khuyết tật"),),
        missing_paper=True,
    ),
    LiveCase(
        "2.002811",
        3,
        _t(15),
        (("request_supplement", 3, "Bổ sung bản sao giấy tờ pháp lý của chủ hộ kinh doanh"),),
        channel=Channel.ONLINE,
        missing_paper=True,
    ),
    # Supplemented and running again.
    LiveCase(
        "1.003003",
        12,
        _t(9, 15),
        (
            ("request_supplement", 8, "Bổ sung sơ đồ nhà ở, công trình xây dựng"),
            ("resume", 24, "Đã nhận hồ sơ bổ sung đầy đủ"),
        ),
        missing_paper=True,
    ),
    LiveCase(
        "1.001695",
        9,
        _t(14),
        (
            ("transfer", 1, "86.STP"),
            ("request_supplement", 16, "Bổ sung văn bản thỏa thuận chọn quốc tịch cho con"),
            ("resume", 16, "Đã nhận hồ sơ bổ sung đầy đủ"),
        ),
    ),
    # Waiting for the applicant's financial obligation.
    LiveCase(
        "1.003003",
        14,
        _t(8, 20),
        (
            ("transfer", 2, SNNMT),
            (
                "request_financial_obligation",
                40,
                "Thông báo nộp tiền sử dụng đất và lệ phí trước bạ",
            ),
        ),
    ),
    # Resolved, the result waiting at the desk.
    LiveCase("1.001193", 1, _t(10), (("resolve", 4, ""),)),
    LiveCase("2.000815", 1, _t(8), (("resolve", 2, ""),)),
    LiveCase("1.004873", 4, _t(9, 10), (("resolve", 16, ""),)),
    LiveCase("2.000884", 2, _t(13, 40), (("resolve", 3, ""),)),
    LiveCase("1.009794", 18, _t(9, 50), (("resolve", 88, ""),)),
    # Result returned.
    LiveCase("1.001193", 10, _t(7, 40), (("resolve", 2, ""), ("return_result", 8, ""))),
    LiveCase("1.000656", 7, _t(9), (("resolve", 3, ""), ("return_result", 4, ""))),
    LiveCase("2.000815", 3, _t(14, 15), (("resolve", 1, ""), ("return_result", 0.5, ""))),
    LiveCase(
        "2.002811",
        12,
        _t(10),
        (("resolve", 16, ""), ("return_result", 8, "")),
        channel=Channel.ONLINE,
    ),
    LiveCase("1.000894", 11, _t(8, 30), (("resolve", 16, ""), ("return_result", 8, ""))),
    LiveCase("2.001035", 16, _t(9), (("resolve", 24, ""), ("return_result", 1, ""))),
    LiveCase(
        "1.013891",
        13,
        _t(10),
        (
            ("transfer", 1, CA),
            ("transfer", 8, BHXH),
            ("resolve", 16, ""),
            ("return_result", 2, ""),
        ),
    ),
    LiveCase("2.000843", 6, _t(8, 15), (("resolve", 1, ""), ("return_result", 8, ""))),
    # Refused, withdrawn.
    LiveCase(
        "1.009794",
        6,
        _t(15),
        (("reject", 4, "Công trình cấp III: thuộc thẩm quyền cấp phép của Sở Xây dựng"),),
    ),
    LiveCase(
        "2.000720",
        9,
        _t(10, 20),
        (("withdraw", 8, "Người nộp đề nghị rút hồ sơ để điều chỉnh nội dung đăng ký"),),
    ),
)


def _receipt_day(calendar: WorkingCalendar, now: datetime, back: int, at: time) -> datetime:
    """The moment ``at`` on the working day ``back`` working days before today (0: today, when
    it is a working day and that moment has passed; otherwise the working day before)."""
    today = timezone.localdate(now)
    if back == 0:
        moment = datetime.combine(today, at, calendar.tz)
        if calendar.is_working_day(today) and moment < now - timedelta(minutes=1):
            return moment
        back = 1
    day = today
    while back:
        day -= timedelta(days=1)
        back -= calendar.is_working_day(day)
    return datetime.combine(day, at, calendar.tz)


def live_first_moment(calendar: WorkingCalendar, now: datetime) -> datetime:
    """The opening of the working day of the earliest live dossier."""
    back = max(case.back for case in LIVE_CASES) + 1
    return _receipt_day(calendar, now, back, calendar.sessions[0][0])


def _applicant(rng: np.random.Generator, name: str) -> dict:
    born = int(rng.integers(1950, 2006))
    century = 0 if born < 2000 else 2
    gender = int(rng.integers(0, 2))
    id_number = f"084{century + gender}{born % 100:02d}{int(rng.integers(0, 1_000_000)):06d}"
    phone = f"0{rng.choice(['9', '3', '8'])}{int(rng.integers(0, 100_000_000)):08d}"
    email = ""
    if rng.random() < 0.3:
        email = f"{fold(name).replace(' ', '.')}{born % 100}@gmail.com"
    return {
        "applicant_name": name,
        "applicant_id_number": id_number,
        "applicant_phone": phone,
        "applicant_address": f"Khóm {int(rng.integers(1, 10))}, phường Trà Vinh, tỉnh Vĩnh Long",
        "applicant_email": email,
    }


def _live_dossiers_create(
    *, desk: Desk, user, calendar: WorkingCalendar, now: datetime, rng: np.random.Generator
) -> int:
    """About forty dossiers received at ``desk`` in the past weeks, each taken through its
    actions by the desk's staff with the moments they happened."""
    units = {u.code: u for u in Unit.objects.filter(code__in=[SNNMT, CA, BHXH, "86.SXD", "86.STP"])}
    latest = now - timedelta(minutes=1)
    names = applicant_names(rng, len(LIVE_CASES))
    for case, name in zip(LIVE_CASES, names, strict=True):
        received_at = _receipt_day(calendar, now, case.back, case.at)
        version = (
            desk_procedure_versions(desk=desk, as_of=received_at.date())
            .filter(procedure__code=case.code)
            .select_related("procedure")
            .get()
        )
        papers = version_paper_names(version)
        if case.missing_paper:
            papers = papers[:-1]
        # The desk digitises what it receives; now and then a paper comes from stored data.
        papers = [
            {"name": name, "digitised": True, "reused": bool(rng.random() < 0.3)} for name in papers
        ]
        channel = case.channel if case.channel in version.channels else Channel.DIRECT
        dossier, _created = dossier_receive(
            actor=user,
            desk=desk,
            procedure=version.procedure,
            channel=channel,
            papers=papers,
            received_at=received_at,
            **_applicant(rng, name),
        )
        moment = received_at
        for action, hours, detail in case.steps:
            moment = min(calendar.add_working_time(moment, timedelta(hours=hours)), latest)
            kwargs = {"note": detail}
            if action == "transfer":
                kwargs = {"receiver": units[detail], "note": _transfer_note(units[detail])}
            elif action == "apologize_reschedule":
                kwargs["new_due_at"] = calendar.add_working_time(now, timedelta(hours=16))
            dossier = dossier_act(dossier=dossier, actor=user, action=action, at=moment, **kwargs)
    return len(LIVE_CASES)


def _transfer_note(unit: Unit) -> str:
    return f"Chuyển {unit.name} giải quyết"
