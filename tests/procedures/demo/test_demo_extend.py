"""A demo loaded on an earlier day is brought up to yesterday when setup_demo runs again: the
months since have their dossiers, at the province's service centre too, and a second run on the
same day adds nothing."""

from datetime import date, timedelta

import pytest
from django.db.models import Max
from django.utils import timezone

from procedures.models import Dossier
from procedures.selectors.statistics import dossier_statistics
from procedures.services.demo import demo_province_load
from procedures.services.demo_extend import EXTENDED_DESKS, demo_history_extend
from tests.fixtures_dossiers import vn

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200)]


@pytest.mark.parametrize(
    ("loaded", "later"),
    [
        # Seven weeks later, over the end of the year: no late one (too short a time to be late).
        (vn(2026, 11, 20, 10, 0), vn(2027, 1, 8, 9, 0)),
    ],
)
def test_a_demo_loaded_weeks_ago_is_brought_up_to_yesterday(
    reception_user, reform_officer, loaded, later
):
    demo_province_load(
        reception_user=reception_user, officer_user=reform_officer, scale=0.05, now=loaded
    )
    codes = [row[0] for row in EXTENDED_DESKS]
    before = Dossier.objects.count()
    added = demo_history_extend(now=later, scale=0.05)
    assert added > 0 and Dossier.objects.count() == before + added
    last = Dossier.objects.filter(desk__code__in=codes).aggregate(m=Max("received_at"))["m"]
    yesterday = timezone.localdate(later) - timedelta(days=1)
    assert timezone.localdate(last) <= yesterday
    assert timezone.localdate(last) >= date(2027, 1, 5)  # the days up to yesterday are filled
    assert not Dossier.objects.filter(resolved_at__gt=later).exists()
    december = dossier_statistics(
        date_from=date(2026, 12, 1), date_to=date(2026, 12, 31), filters={"centre": "TTPVHCC.86"}
    ).totals
    assert december["received_new"] > 0 and december["resolved_total"] > 0
    # The same day again: nothing more.
    assert demo_history_extend(now=later, scale=0.05) == 0
    assert Dossier.objects.count() == before + added
