"""The demo is alive on any day: loaded on that day, its history runs up to it (this month is
full, the province's service centre has dossiers), dossiers are open and some overdue, and the
leader's ranking has the departments and communes of today to compare."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from procedures.models import Dossier
from procedures.selectors.agency_ranking import agency_ranking
from procedures.selectors.statistics import dossier_statistics
from procedures.services.demo import DEMO_DESK_CODE, PROVINCE_CENTRE_HISTORY, demo_province_load
from tests.fixtures_dossiers import vn

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200)]


@pytest.mark.parametrize("now", [vn(2026, 11, 20, 10, 0)])
def test_the_demo_loaded_on_any_day_is_full_up_to_it(reception_user, reform_officer, now: datetime):
    demo_province_load(
        reception_user=reception_user, officer_user=reform_officer, scale=0.05, now=now
    )
    today = timezone.localdate(now)
    month_start = today.replace(day=1)
    this_month = Dossier.objects.filter(received_at__date__gte=month_start, received_at__lt=now)
    # The province's service centre and the other commune received dossiers this month.
    for desk, *_rest in PROVINCE_CENTRE_HISTORY:
        assert Dossier.objects.filter(desk__code=desk).exists(), desk
    assert this_month.filter(desk__centre__code="TTPVHCC.86").exists()
    assert this_month.filter(desk__code="000.00.32.H62").exists()
    # Every month of this year has dossiers received and resolved; none after now.
    year = dossier_statistics(date_from=date(today.year, 1, 1), date_to=today, group_by=["month"])
    assert len(year.rows) == today.month
    assert all(row["received_new"] and row["resolved_total"] for row in year.rows)
    assert not Dossier.objects.filter(received_at__gt=now).exists()
    assert not Dossier.objects.filter(resolved_at__gt=now).exists()
    # Open dossiers, some overdue now, at the reception login's desk.
    live = Dossier.objects.filter(desk__code=DEMO_DESK_CODE, closed_at__isnull=True)
    assert live.exists() and live.filter(due_at__lt=now).exists()
    # The ranking of this year: the departments of the service centre and the communes.
    ranking = agency_ranking(date_from=date(today.year, 1, 1), date_to=today, at=now)
    keys = {row["key"] for row in ranking.rows}
    assert {"86.STP", "86.STC", "86.SNNMT", "86.SXD", "29999", "29998"} <= keys
    assert ranking.province["resolved_total"] > 0
