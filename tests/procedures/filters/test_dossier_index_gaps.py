"""The dossier list's ``index_gap`` filter: for each dossier indicator of the serving index,
exactly the dossiers counted in its denominator and not in its numerator."""

from datetime import date

import pytest

from procedures.filters.dossiers import DossierFilterSet
from procedures.models import Dossier
from procedures.selectors.dossier_index_gaps import INDEX_GAPS, INDICATOR_GAPS
from procedures.selectors.serving_index import serving_index
from procedures.serving_index.rules import rule_set_for
from tests.fixtures_dossiers import vn
from tests.serving_index_data import MARCH

pytestmark = pytest.mark.django_db
PERIOD = {"from": "2025-03-01", "to": "2025-03-31"}


def listed(**params) -> set:
    found = DossierFilterSet(data=params, queryset=Dossier.objects.all())
    assert found.is_valid(), found.errors
    return set(found.qs.values_list("pk", flat=True))


@pytest.mark.parametrize("indicator", sorted(INDICATOR_GAPS))
def test_the_list_holds_exactly_the_dossiers_that_lost_points(built, indicator):
    gap = INDEX_GAPS[INDICATOR_GAPS[indicator]]
    totals = serving_index(**MARCH).totals
    row = next(
        g["indicators"][indicator]
        for g in totals["groups"].values()
        if indicator in g["indicators"]
    )
    found = listed(
        index_gap=gap.key,
        **{f"{gap.anchor}_from": PERIOD["from"], f"{gap.anchor}_to": PERIOD["to"]},
    )
    assert len(found) == row["denominator"] - row["numerator"]


def test_paid_at_the_desk_although_a_fee_was_due(built):
    # c1: 50.000 đồng, paid at the desk. c4 and d1 paid online; c2 had nothing to pay.
    found = Dossier.objects.filter(
        pk__in=listed(index_gap="paid_at_desk", received_from="2025-03-01")
    )
    assert [d.fee_amount for d in found] == [50000]


def test_no_rating_yet_lists_resolved_dossiers_nobody_rated(built):
    # Resolved in March: c1, c2, d2 rated; d1 (the department's online dossier) not.
    found = Dossier.objects.filter(pk__in=listed(index_gap="no_rating"))
    assert [(d.channel, d.desk.code) for d in found] == [("online", "000.00.06.H56.TN")]


@pytest.mark.parametrize(
    ("indicator", "gap"),
    [("papers_digitised", "papers_not_digitised"), ("data_reused", "data_not_reused")],
)
def test_a_dossier_received_without_papers_neither_earns_nor_loses_the_papers_points(
    built, receive, indicator, gap
):
    def digitisation():
        return serving_index(**MARCH).totals["groups"]["digitisation"]["indicators"][indicator]

    before = digitisation()
    bare = receive(vn(2025, 3, 12, 9, 0), papers=[])
    assert (bare.papers_digitised, bare.data_reused) == (None, None)
    after = digitisation()
    # Nothing to digitise or reuse: outside the ratio, as the rule file says.
    assert (after["numerator"], after["denominator"]) == (
        before["numerator"],
        before["denominator"],
    )
    assert bare.pk not in listed(
        index_gap=gap, received_from="2025-03-01", received_to="2025-03-31"
    )
    # It still counts where papers do not matter.
    received = serving_index(**MARCH).totals["groups"]["online_service"]["indicators"]
    assert received["online_submission"]["denominator"] == 6


@pytest.mark.parametrize("indicator", sorted(INDICATOR_GAPS))
def test_each_gap_negates_the_rule_files_own_ratio(indicator):
    # The list and the index read the same definitions: a change of the file shows here.
    rules = rule_set_for(date.today())
    ratio = next(i for i in rules.indicators if i.key == indicator)
    gap = INDEX_GAPS[INDICATOR_GAPS[indicator]]
    assert (gap.numerator, gap.denominator) == (ratio.numerator, ratio.denominator)
