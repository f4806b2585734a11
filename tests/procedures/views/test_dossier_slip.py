"""The slip (phiếu kiểm soát quá trình giải quyết hồ sơ) on the dossier page, and the late step
in the public lookup."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from procedures.choices import TimeUnit
from procedures.models import InterconnectedStep
from procedures.public_lookup import check_value
from procedures.services.dossiers import dossier_act
from tests.factories import UnitFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


def test_the_slip_shows_each_agency_its_time_held_and_who_was_late(
    client, receive, reception_user, birth_registration, commune
):
    police = UnitFactory(code="CA-H", name="Công an huyện Long Thành")
    birth_registration.is_interconnected = True
    birth_registration.save()
    for position, unit in enumerate((commune, police), start=1):
        InterconnectedStep.objects.create(
            version=birth_registration,
            position=position,
            agency=unit,
            share_value=Decimal("1"),
            share_unit=TimeUnit.DAYS,
        )
    dossier = receive(vn(2025, 3, 3, 7, 0))  # due Wed 05/03 17:00
    dossier_act(
        dossier=dossier, actor=reception_user, action="transfer", receiver=police,
        at=vn(2025, 3, 3, 15, 0),
    )  # fmt: skip
    dossier_act(dossier=dossier, actor=reception_user, action="resolve", at=vn(2025, 3, 6, 9, 0))

    client.force_login(reception_user)
    page = client.get(f"/dossiers/{dossier.code}/").content.decode()
    slip = page[page.index('id="slip"') : page.index("</table>", page.index('id="slip"'))]
    assert "Xã Long Đức" in slip and "Công an huyện Long Thành" in slip
    assert "6 giờ làm việc" in slip  # the commune: Monday 07:00–15:00
    assert "2 ngày làm việc và 4 giờ làm việc" in slip  # the police: 20 h against 8
    assert "Trễ hạn do: Công an huyện Long Thành" in page

    client.logout()
    cache.clear()
    lookup = client.get(
        "/tra-cuu/", {"code": dossier.code, "check": check_value(dossier.code)}
    ).content.decode()
    assert "Công an huyện Long Thành" in lookup
    assert "Thạch Thị Sa Rươl" not in lookup
