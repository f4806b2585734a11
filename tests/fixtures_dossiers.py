"""Fixtures of the dossier flow: a commune desk with its reception staff, a procedure it
receives, an agency to hand dossiers to, and a helper receiving a dossier at a given moment."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from procedures.choices import Channel, Level, TimeUnit, UnitKind
from procedures.services.dossiers import dossier_receive
from tests.factories import (
    DeskFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    UnitFactory,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PAPERS = ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]


def vn(*args) -> datetime:
    """An aware moment in the province's time zone: vn(2025, 3, 3, 9, 0)."""
    return datetime(*args, tzinfo=VN)


@pytest.fixture
def commune(db):
    return UnitFactory(code="29701", name="Xã Long Đức", kind=UnitKind.COMMUNE)


@pytest.fixture
def intake_desk(commune, reception_user):
    return DeskFactory(
        code="000.00.31.H56",
        name="Bộ phận Một cửa xã Long Đức",
        unit=commune,
        staff=[reception_user],
    )


@pytest.fixture
def birth_registration(db):
    """Đăng ký khai sinh: 3 working days, received by commune desks."""
    return ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.001193"),
        name="Đăng ký khai sinh",
        level=Level.COMMUNE,
        processing_time_value=Decimal("3"),
        processing_time_unit=TimeUnit.DAYS,
        papers=PAPERS,
    )


@pytest.fixture
def agency(db):
    return UnitFactory(code="000.00.06.H56", name="Sở Tư pháp", kind=UnitKind.DEPARTMENT)


@pytest.fixture
def agency_staff(agency):
    """Staff of a desk of the agency dossiers are handed to."""
    from procedures.roles import Role
    from tests.conftest import _user_with_role

    user = _user_with_role(Role.RECEPTION, username="sotuphap")
    DeskFactory(
        code="000.00.06.H56.TN", name="Bộ phận Một cửa Sở Tư pháp", unit=agency, staff=[user]
    )
    return user


@pytest.fixture
def receive(intake_desk, birth_registration, reception_user):
    """Receive a dossier for the birth registration at ``at`` (defaults: now)."""

    def _receive(at: datetime | None = None, **overrides):
        kwargs = {
            "actor": reception_user,
            "desk": intake_desk,
            "procedure": birth_registration.procedure,
            "channel": Channel.DIRECT,
            "applicant_name": "Thạch Thị Sa Rươl",
            "applicant_id_number": "084190001234",
            "applicant_phone": "0912 345 678",
            "applicant_address": "Ấp Giồng Lức, xã Long Đức",
            "papers": PAPERS,
            "received_at": at,
        }
        kwargs.update(overrides)
        return dossier_receive(**kwargs)[0]

    return _receive
