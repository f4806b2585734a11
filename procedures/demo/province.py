"""Tỉnh mẫu: the demo province's public administration centres and one-stop desks (trung tâm
phục vụ hành chính công, bộ phận một cửa) of both periods: tỉnh Trà Vinh until 30/6/2025, tỉnh
Vĩnh Long after the reform, and how they are created through the units services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from procedures.choices import Level, UnitKind
from procedures.demo.progress import Step, number_text
from procedures.models import Desk, Unit
from procedures.services.units import centre_create, desk_create

# The desk of today's commune centre, where the demo reception login works. Its existence marks
# the demo as loaded (the load is one transaction: all of it or nothing).
DEMO_DESK_CODE = "000.00.31.H62"
CITY_CENTRE, CAU_NGANG_CENTRE = "TTHCC.842", "TTHCC.848"
# What the desks wrote on their hand-overs of land dossiers to the land registration office.
LAND_OFFICE_NOTE = "Chuyển Văn phòng đăng ký đất đai giải quyết"


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


def centres_and_desks_create(reception_user, step: Step) -> None:
    """The public administration centres and desks of ``CENTRES`` and ``DESKS``;
    ``reception_user`` becomes staff of the demo desk."""
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


def one_stop_desks_create(step: Step) -> None:
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
