"""The dossier list's desk and centre filters take several codes (repeated or comma-separated):
a report's total over its centres, or a unit's figures over its desks, is one list."""

import pytest
from django.http import QueryDict

from procedures.filters.dossiers import DossierFilterSet
from procedures.models import Dossier
from tests.report_data import build_province

pytestmark = pytest.mark.django_db
CENTRE_DESK, COMMUNE_DESK = "000.00.48.H59", "000.00.60.H59"


@pytest.fixture
def counts(reception_user):
    build_province(reception_user)
    by_desk = {
        code: Dossier.objects.filter(desk__code=code).count()
        for code in (CENTRE_DESK, COMMUNE_DESK)
    }
    assert all(by_desk.values())  # both desks hold dossiers: the sums below mean something
    return {**by_desk, "all": Dossier.objects.count()}


def _listed(query: str) -> int:
    filterset = DossierFilterSet(QueryDict(query), queryset=Dossier.objects.all())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"desk={CENTRE_DESK}", [CENTRE_DESK]),
        (f"desk={CENTRE_DESK}&desk={COMMUNE_DESK}", [CENTRE_DESK, COMMUNE_DESK]),
        (f"desk={CENTRE_DESK},%20{COMMUNE_DESK}", [CENTRE_DESK, COMMUNE_DESK]),
        ("desk=000.00.99.H59", []),
        ("centre=TTHCC.848", [CENTRE_DESK]),
        # "-": the desks outside any centre (here xã Mỹ Long's), alone or with a centre.
        ("centre=-", [COMMUNE_DESK]),
        ("centre=TTHCC.848&centre=-", [CENTRE_DESK, COMMUNE_DESK]),
        ("centre=", ["all"]),
    ],
)
def test_several_desks_or_centres_list_the_union(counts, query, expected):
    assert _listed(query) == sum(counts[key] for key in expected)
