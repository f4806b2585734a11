"""The demo's Decision 766 facts (issue 19): recent months have them at realistic shares, a few
agencies clearly behind; the 2017 story has none."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db.models import Avg, Count, Q

from procedures.choices import SATISFIED_MIN
from procedures.models import Dossier, DossierRating
from procedures.selectors.dossiers import dossiers_national_sync_pending
from tests.fixtures_dossiers import vn

pytestmark = [pytest.mark.django_db, pytest.mark.timeout(1200)]
REFORM = vn(2025, 7, 1, 0)


def _shares(desk_code: str) -> dict:
    rows = Dossier.objects.filter(desk__code=desk_code, received_at__gte=REFORM)
    total = rows.count()
    return {
        "online": rows.filter(channel="online").count() / total,
        "digitised": rows.filter(papers_digitised=True).count() / total,
        "paid_online": rows.filter(fee_amount__gt=0, paid_online=True).count()
        / rows.filter(fee_amount__gt=0).count(),
    }


def test_recent_months_have_the_facts_and_2017_has_none():
    call_command("setup_demo", verbosity=0)

    old = Dossier.objects.filter(received_at__lt=vn(2018, 1, 1, 0))
    assert old.exists()
    assert not old.filter(
        Q(papers_digitised__isnull=False)
        | Q(fee_amount__isnull=False)
        | Q(paid_online__isnull=False)
    ).exists()
    assert not DossierRating.objects.filter(dossier__received_at__lt=vn(2018, 1, 1, 0)).exists()

    justice, land = _shares("000.00.06.H62"), _shares("000.00.10.H62")
    assert 0.6 <= land["online"] < justice["online"] <= 0.95
    assert justice["digitised"] > 0.9 > 0.6 > land["digitised"]
    assert justice["paid_online"] > land["paid_online"] + 0.2

    ratings = DossierRating.objects.filter(rated_at__date__gte=date(2025, 7, 1))
    figures = ratings.aggregate(
        total=Count("pk"),
        satisfied=Count("pk", filter=Q(overall__gte=SATISFIED_MIN)),
        mean=Avg("overall"),
    )
    assert figures["total"] > 100
    assert figures["satisfied"] / figures["total"] > 0.8
    recent = Dossier.objects.filter(received_at__gte=REFORM)
    pending = dossiers_national_sync_pending(recent).count()
    assert 0 < pending < 0.2 * recent.count()
