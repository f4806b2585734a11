"""group_by=late_agency: late interconnected dossiers counted by the agency that made them late."""

from datetime import date
from decimal import Decimal

import pytest

from procedures.choices import TimeUnit
from procedures.models import InterconnectedStep
from procedures.selectors.statistics import GROUPINGS, dossier_statistics
from procedures.services.dossiers import dossier_act
from tests.factories import UnitFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


def act(dossier, user, action, at, **kwargs):
    return dossier_act(dossier=dossier, actor=user, action=action, at=at, **kwargs)


def test_late_dossiers_group_by_the_agency_that_made_them_late(
    receive, reception_user, birth_registration, commune
):
    police = UnitFactory(code="CA-H", name="Công an huyện")
    birth_registration.is_interconnected = True
    birth_registration.save()
    for position, unit in enumerate((commune, police), start=1):
        InterconnectedStep.objects.create(
            version=birth_registration,
            position=position,
            agency=unit,
            share_value=Decimal("1.5"),
            share_unit=TimeUnit.DAYS,
        )
    # Late at the police (12 working hours against 12, then 14): due Wed 05/03 17:00.
    slow = receive(vn(2025, 3, 3, 7, 0))
    act(slow, reception_user, "transfer", vn(2025, 3, 3, 9, 0), receiver=police)
    act(slow, reception_user, "resolve", vn(2025, 3, 6, 9, 0))
    # Late at the commune: it held it two days.
    held = receive(vn(2025, 3, 3, 7, 0))
    act(held, reception_user, "transfer", vn(2025, 3, 5, 9, 0), receiver=police)
    act(held, reception_user, "resolve", vn(2025, 3, 6, 9, 0))
    # On time: no agency made it late.
    quick = receive(vn(2025, 3, 3, 7, 0))
    act(quick, reception_user, "transfer", vn(2025, 3, 3, 9, 0), receiver=police)
    act(quick, reception_user, "resolve", vn(2025, 3, 4, 9, 0))

    stats = dossier_statistics(
        date_from=date(2025, 3, 1), date_to=date(2025, 3, 31), group_by=["late_agency"]
    )

    assert "late_agency" in GROUPINGS
    late = {row["key"]["late_agency"]: row["resolved_late"] for row in stats.rows}
    assert late == {police.code: 1, commune.code: 1, None: 0}
    assert stats.totals["resolved_late"] == 2
