"""A small province for the administrative-reform report, built through the services, whose
every figure is counted by hand in the docstrings below.

Units valid on 31/12/2017: the province; departments Sở Tư pháp (a desk) and Sở Xây dựng (no
desk); districts huyện Cầu Ngang (a desk in its centre) and huyện Duyên Hải (a desk); communes
xã Mỹ Long (a desk), xã Hiệp Mỹ (a desk), xã Long Khánh (no desk). huyện Châu Thành ended on
30/06/2017 with a desk: not counted. A commune of 2018 is not counted either.

Catalogue: 7 commune procedures of 2016 (1.000100 interconnected). In 2017 decision 1/QĐ-UBND
(01/03/2017) newly announces 3 procedures, decision 2/QĐ-UBND (01/07/2017) amends 1.000104 and
abolishes 1.000105 and 1.000106; the 3 new and the 2 abolished are published on 15/09/2017 (5).
Review 22/KH-UBND (31/10/2017) of 1.000100–1.000103, 10 days each, applied 5 (cut by 1/2), 6
(1/3), 8 (less), 10 (not cut). In force on 31/12/2017: commune 5 + 3 new + 1.009997 = 9,
district 2 (1.009998, 1.009999), province 0; all under the one-stop mechanism, 1 interconnected.

Dossiers at the Cầu Ngang centre (opened 01/10/2016), district procedure of 3 working days
("Cấp giấy phép xây dựng", sector Xây dựng; E is "Cấp giấy chứng nhận", sector Đất đai):

====  =====================  ==========================  ==========================
 id   received               what became of it           counts in 2017 as
====  =====================  ==========================  ==========================
 A    07/11/2016 09:00       resolved 08/11/2016, early  (before the period)
 B    26/12/2016 09:00       resolved 10/01/2017, late   carried over; resolved late
 C    06/03/2017 09:00       resolved 08/03/2017, early  new; early
 D    06/03/2017 09:00       resolved 09/03/2017, on t.  new; on time
 E    06/03/2017 09:00       resolved 14/03/2017, late   new; late (Đất đai)
 F    28/12/2017 09:00       open                        new; in progress within time
 G    18/12/2017 09:00       open                        new; in progress, overdue
 H    02/05/2017 09:00 onl.  rejected 02/05/2017         new (online); rejected
 I    03/01/2018 09:00       open                        (after the period)
====  =====================  ==========================  ==========================

2017: carried over 1 (B), new 6 (C–H; online 1), total 7; resolved 4 (early 1, on time 1, late
2); in progress 2 (within time 1, overdue 1); rejected 1. Late: 2/7 = 28,57%.
Since opening (01/10/2016–31/12/2017): received 8 (A–H); resolved 5 (early 2, on time 1, late
2); in progress 2; rejected 1. Late: 2/8 = 25,00%.

One dossier at xã Mỹ Long's desk (commune procedure, sector Hộ tịch), received 06/03/2017 and
resolved on 07/03/2017 (early): counted in form 06 for the province, in no centre.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from procedures.choices import Channel, Level, TimeUnit, UnitKind
from procedures.models import Centre, Desk, Dossier, ProcedureVersion, TimeReview, TimeReviewItem
from procedures.services.catalogue import procedure_versions_publish
from procedures.services.decisions import decision_apply, decision_create
from procedures.services.dossiers import dossier_receive, dossier_reject, dossier_resolve
from tests.catalogue_data import decision_kwargs, line, new_record
from tests.factories import (
    CentreFactory,
    DeskFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    SectorFactory,
    UnitFactory,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = {"date_from": date(2017, 1, 1), "date_to": date(2017, 12, 31)}


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


@dataclass
class Province:
    province: object
    district: object
    centre: Centre
    centre_desk: Desk
    commune_desk: Desk
    staff: object


def build_units(staff) -> dict:
    province = UnitFactory(code="84", name="Tỉnh Trà Vinh", kind=UnitKind.PROVINCE)

    def unit(code, name, kind, parent, **extra):
        return UnitFactory(code=code, name=name, kind=kind, parent=parent, **extra)

    justice = unit("000.00.06.H59", "Sở Tư pháp", UnitKind.DEPARTMENT, province)
    unit("000.00.07.H59", "Sở Xây dựng", UnitKind.DEPARTMENT, province)
    cau_ngang = unit("848", "Huyện Cầu Ngang", UnitKind.DISTRICT, province)
    duyen_hai = unit("849", "Huyện Duyên Hải", UnitKind.DISTRICT, province)
    chau_thanh = unit(
        "847", "Huyện Châu Thành", UnitKind.DISTRICT, province, valid_to=date(2017, 6, 30)
    )
    my_long = unit("29260", "Xã Mỹ Long", UnitKind.COMMUNE, cau_ngang)
    hiep_my = unit("29263", "Xã Hiệp Mỹ", UnitKind.COMMUNE, cau_ngang)
    unit("29290", "Xã Long Khánh", UnitKind.COMMUNE, duyen_hai)
    unit("29300", "Xã Mới", UnitKind.COMMUNE, duyen_hai, valid_from=date(2018, 1, 1))

    centre = CentreFactory(
        code="TTHCC.848",
        name="Trung tâm Hành chính công huyện Cầu Ngang",
        level=Level.DISTRICT,
        unit=cau_ngang,
        valid_from=date(2016, 10, 1),
    )
    centre_desk = DeskFactory(
        code="000.00.48.H59",
        name="Bộ phận một cửa huyện Cầu Ngang",
        unit=cau_ngang,
        centre=centre,
        staff=[staff],
    )
    DeskFactory(code="000.00.06.H59.TN", name="Bộ phận một cửa Sở Tư pháp", unit=justice)
    DeskFactory(code="000.00.49.H59", name="Bộ phận một cửa huyện Duyên Hải", unit=duyen_hai)
    DeskFactory(
        code="000.00.47.H59",
        name="Bộ phận một cửa huyện Châu Thành",
        unit=chau_thanh,
        valid_to=date(2017, 6, 30),
    )
    commune_desk = DeskFactory(
        code="000.00.60.H59", name="Bộ phận một cửa xã Mỹ Long", unit=my_long, staff=[staff]
    )
    DeskFactory(code="000.00.61.H59", name="Bộ phận một cửa xã Hiệp Mỹ", unit=hiep_my)
    return {
        "province": province,
        "district": cau_ngang,
        "centre": centre,
        "centre_desk": centre_desk,
        "commune_desk": commune_desk,
    }


def build_catalogue() -> None:
    """3 new, 1 amended, 2 abolished, 5 published in 2017; 4 reviewed (one per bucket)."""
    existing = [
        ProcedureVersionFactory(
            procedure=ProcedureFactory(code=f"1.00010{n}"),
            name=f"Thủ tục cũ {n}",
            level=Level.COMMUNE,
            processing_time_value=Decimal("10"),
            is_interconnected=n == 0,
        )
        for n in range(7)
    ]
    new = decision_create(
        **decision_kwargs(number="1/QĐ-UBND", effective_on=date(2017, 3, 1)),
        lines=[line("new", f"2.00020{n}", new_record(f"Thủ tục mới {n}")) for n in range(3)],
    )
    later = decision_create(
        **decision_kwargs(number="2/QĐ-UBND", effective_on=date(2017, 7, 1)),
        lines=[
            line("amended", "1.000104", {"processing_time_value": "8"}),
            line("abolished", "1.000105"),
            line("abolished", "1.000106"),
        ],
    )
    decision_apply(decision=new)
    decision_apply(decision=later)
    published = ProcedureVersion.objects.filter(
        decision_line__decision__in=[new, later],
        decision_line__change_kind__in=["new", "abolished"],
    ).values_list("pk", flat=True)
    procedure_versions_publish(version_ids=list(published), published_on=date(2017, 9, 15))

    review = TimeReview.objects.create(plan_number="22/KH-UBND", reviewed_on=date(2017, 10, 31))
    for version, applied in zip(existing[:4], ("5", "6", "8", "10"), strict=True):
        TimeReviewItem.objects.create(
            review=review,
            procedure=version.procedure,
            legal_time_value=Decimal("10"),
            applied_time_value=Decimal(applied),
        )


def build_dossiers(*, staff, centre_desk: Desk, commune_desk: Desk) -> dict[str, Dossier]:
    building = SectorFactory(code="XD", name="Xây dựng")
    land = SectorFactory(code="DD", name="Đất đai")
    permit = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.009999"),
        name="Cấp giấy phép xây dựng",
        level=Level.DISTRICT,
        sector=building,
        processing_time_value=Decimal("3"),
        processing_time_unit=TimeUnit.DAYS,
        agency_name="Ủy ban nhân dân cấp huyện",
    ).procedure
    certificate = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.009998"),
        name="Cấp giấy chứng nhận",
        level=Level.DISTRICT,
        sector=land,
        processing_time_value=Decimal("3"),
        agency_name="Ủy ban nhân dân cấp huyện",
    ).procedure
    civil = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.009997"),
        name="Đăng ký khai sinh",
        level=Level.COMMUNE,
        sector=SectorFactory(code="HT", name="Hộ tịch"),
        processing_time_value=Decimal("3"),
    ).procedure

    def receive(at, procedure=permit, desk=centre_desk, channel=Channel.DIRECT):
        return dossier_receive(
            actor=staff,
            desk=desk,
            procedure=procedure,
            channel=channel,
            applicant_name="Thạch Thị Sa Rươl",
            applicant_id_number="084190001234",
            received_at=at,
        )[0]

    def resolve(dossier, at):
        return dossier_resolve(dossier=dossier, actor=staff, at=at)

    made = {
        "A": resolve(receive(vn(2016, 11, 7, 9)), vn(2016, 11, 8, 10)),
        "B": resolve(receive(vn(2016, 12, 26, 9)), vn(2017, 1, 10, 10)),
        "C": resolve(receive(vn(2017, 3, 6, 9)), vn(2017, 3, 8, 10)),
        "D": resolve(receive(vn(2017, 3, 6, 9)), vn(2017, 3, 9, 15)),
        "E": resolve(receive(vn(2017, 3, 6, 9), procedure=certificate), vn(2017, 3, 14, 10)),
        "F": receive(vn(2017, 12, 28, 9)),
        "G": receive(vn(2017, 12, 18, 9)),
        "I": receive(vn(2018, 1, 3, 9)),
        "commune": resolve(
            receive(vn(2017, 3, 6, 9), procedure=civil, desk=commune_desk), vn(2017, 3, 7, 10)
        ),
    }
    online = receive(vn(2017, 5, 2, 9), channel=Channel.ONLINE)
    made["H"] = dossier_reject(
        dossier=online, actor=staff, reason="Hồ sơ không thuộc thẩm quyền", at=vn(2017, 5, 2, 10)
    )
    return made


def build_province(staff) -> Province:
    units = build_units(staff)
    build_catalogue()
    build_dossiers(
        staff=staff, centre_desk=units["centre_desk"], commune_desk=units["commune_desk"]
    )
    return Province(
        province=units["province"],
        district=units["district"],
        centre=units["centre"],
        centre_desk=units["centre_desk"],
        commune_desk=units["commune_desk"],
        staff=staff,
    )
