"""Three agencies in March 2025, counted by hand, for the agencies' ranking and a unit's page
(every procedure 3 working days):

- Xã Long Đức (29701, commune): in March two resolved late and one on time, one received on
  25/3 still open (overdue now); in March 2024 one resolved early (compared period: 100%).
- Xã Đại An (29702, commune): in March one resolved early.
- Huyện Trà Cú (842, district, ended 30/6/2025): in March one early and one late.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache

from procedures.choices import Level, TimeUnit, UnitKind
from procedures.services.dossiers import dossier_act
from tests.factories import DeskFactory, ProcedureFactory, ProcedureVersionFactory, UnitFactory
from tests.fixtures_dossiers import PAPERS, vn

MARCH = {"period": "range", "from": "01/03/2025", "to": "31/03/2025"}


def _resolve(dossier, user, at):
    return dossier_act(dossier=dossier, actor=user, action="resolve", note="", at=at)


@pytest.fixture
def agencies(receive, reception_user, intake_desk):
    cache.clear()
    u = reception_user
    dai_an = UnitFactory(code="29702", name="Xã Đại An", kind=UnitKind.COMMUNE)
    desk_b = DeskFactory(code="000.00.32.H56", name="Một cửa xã Đại An", unit=dai_an, staff=[u])
    tra_cu = UnitFactory(
        code="842", name="Huyện Trà Cú", kind=UnitKind.DISTRICT, valid_to=date(2025, 6, 30)
    )
    desk_h = DeskFactory(
        code="000.00.40.H56",
        name="Một cửa huyện Trà Cú",
        unit=tra_cu,
        staff=[u],
        valid_to=date(2025, 6, 30),
    )
    district_procedure = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="2.000889"),
        name="Cấp giấy chứng nhận đăng ký hộ kinh doanh",
        level=Level.DISTRICT,
        processing_time_value=Decimal("3"),
        processing_time_unit=TimeUnit.DAYS,
        papers=PAPERS,
    ).procedure

    late_a = [
        _resolve(receive(vn(2025, 3, 3, 9)), u, vn(2025, 3, 10, 9)),
        _resolve(receive(vn(2025, 3, 4, 9)), u, vn(2025, 3, 11, 9)),
    ]
    on_time_a = _resolve(receive(vn(2025, 3, 5, 9)), u, vn(2025, 3, 10, 8, 30))
    overdue_a = receive(vn(2025, 3, 25, 9))
    march_2024_a = _resolve(receive(vn(2024, 3, 11, 9)), u, vn(2024, 3, 13, 9))
    early_b = _resolve(receive(vn(2025, 3, 12, 9), desk=desk_b), u, vn(2025, 3, 13, 9))

    def receive_h(at):
        return receive(at, desk=desk_h, procedure=district_procedure)

    early_h = _resolve(receive_h(vn(2025, 3, 3, 9)), u, vn(2025, 3, 5, 9))
    late_h = _resolve(receive_h(vn(2025, 3, 4, 9)), u, vn(2025, 3, 11, 9))
    assert [d.outcome for d in (*late_a, late_h)] == ["late"] * 3
    assert {on_time_a.outcome, march_2024_a.outcome, early_b.outcome, early_h.outcome} <= {
        "early",
        "on_time",
    }
    return {
        "long_duc": intake_desk.unit,
        "dai_an": dai_an,
        "tra_cu": tra_cu,
        "late_long_duc": {d.code for d in late_a},
        "overdue_long_duc": {overdue_a.code},
        "late_tra_cu": {late_h.code},
    }
