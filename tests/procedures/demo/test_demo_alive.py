"""The demo is alive on any day: loaded on that day, its history runs up to it (this month is
full, the province's service centre has dossiers), dossiers are open and some overdue, the
leader's ranking has the departments and communes of today to compare, and the land office's
slowness on one procedure is there for the risk of lateness to see."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from procedures.models import Dossier
from procedures.selectors.agency_ranking import agency_ranking
from procedures.selectors.statistics import dossier_statistics
from procedures.selectors.warnings import warnings_for
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
    # One agency slow on one procedure since the reform: the land office (86.SNNMT) on the
    # first land registrations the communes hand it; the communes' own dossiers rarely late.
    since_reform = Dossier.objects.filter(
        received_at__date__gte=date(2025, 7, 1), outcome__isnull=False
    )
    land = since_reform.filter(procedure__code="1.003003", current_agency__code="86.SNNMT")
    communes = since_reform.filter(
        desk__code__in=[DEMO_DESK_CODE, "000.00.32.H62"], current_agency__isnull=True
    )
    assert land.filter(outcome="late").count() > 0.25 * land.count()
    assert communes.filter(outcome="late").count() < 0.05 * communes.count()
    # ... so the due-soon list flags the land office's dossier due today, with its reason.
    due_soon = warnings_for(queryset=Dossier.objects.all(), at=now).due_soon
    flagged = [d for d in due_soon if d.risk is not None and d.risk.flagged]
    assert any(d.current_agency and d.current_agency.code == "86.SNNMT" for d in flagged)
    assert all(d.risk_reason for d in flagged)
