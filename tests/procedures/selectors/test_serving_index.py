"""The serving index (Decision 766/QĐ-TTg) against hand counts of dossiers and procedures built
here, for the province, a department, a commune and a desk, on PostgreSQL."""

from datetime import date
from decimal import Decimal

import pytest

from procedures.selectors.serving_index import serving_index
from procedures.selectors.statistics import dossier_statistics
from tests.serving_index_data import MARCH

pytestmark = pytest.mark.django_db


def indicator(row, group, key):
    return row["groups"][group]["indicators"][key]


def fractions(row) -> dict:
    return {
        key: (ind["numerator"], ind["denominator"])
        for group in row["groups"].values()
        for key, ind in group["indicators"].items()
    }


def test_the_province_by_hand(built):
    index = serving_index(**MARCH)
    assert index.applies
    t = index.totals
    assert fractions(t) == {
        # The three announced versions: 1 on time, 1 late, 1 still within time (not judged).
        "procedures_published_on_time": (1, 2),
        # In force on 31/03: birth registration and the department's procedure; only the
        # department's is fully public, fully online, paid online.
        "procedures_fully_public": (1, 2),
        "dossiers_synced_national": (2, 5),  # c1, d1 of c1..c4 and d1
        "resolved_in_time": (3, 4),  # c1, d1, d2 of c1, c2, d1, d2
        "in_progress_within_time": (1, 2),  # c4 of c3, c4
        "procedures_online_full": (1, 2),
        "procedures_online_partial": (1, 2),
        "online_submission": (2, 5),  # c2, d1
        "procedures_with_online_payment": (1, 1),  # birth registration has no fee
        "online_payment": (2, 3),  # c4, d1 of c1, c4, d1
        "satisfied": (2, 3),  # 5 and 4 of 5, 2, 4
        "papers_digitised": (3, 5),  # c1, c4, d1
        "results_digitised": (2, 4),  # c1, c2 of c1, c2, d1, d2
        "electronic_result": (2, 4),  # c1, d1
        "data_reused": (1, 5),  # c1
    }


def test_progress_equals_the_766_figures(built):
    t = serving_index(**MARCH).totals
    s = dossier_statistics(**MARCH).totals
    assert indicator(t, "progress", "resolved_in_time")["numerator"] == s["resolved_in_time_766"]
    assert (
        indicator(t, "progress", "in_progress_within_time")["numerator"]
        == s["in_progress_within_time_766"]
    )


def test_a_department_and_a_commune_by_hand(built, commune, agency):
    rows = {r["key"]["unit"]: r for r in serving_index(**MARCH, group_by="unit").rows}
    assert set(rows) == {commune.code, agency.code}
    c, a = fractions(rows[commune.code]), fractions(rows[agency.code])
    assert c["dossiers_synced_national"] == (1, 4)
    assert c["resolved_in_time"] == (1, 2)
    assert c["in_progress_within_time"] == (1, 2)
    assert c["online_submission"] == (1, 4)
    assert c["online_payment"] == (1, 2)
    assert c["satisfied"] == (1, 2)
    assert c["papers_digitised"] == (2, 4)
    assert c["electronic_result"] == (1, 2)
    assert c["data_reused"] == (1, 4)
    # The commune serves birth registration only: partly online, not fully public, no fee;
    # its announcement (signed 03/03, published 05/03) was on time.
    assert c["procedures_fully_public"] == (0, 1)
    assert c["procedures_online_partial"] == (1, 1)
    assert c["procedures_with_online_payment"] == (0, 0)
    assert c["procedures_published_on_time"] == (1, 1)
    assert a["dossiers_synced_national"] == (1, 1)
    assert a["resolved_in_time"] == (2, 2)
    assert a["in_progress_within_time"] == (0, 0)
    assert a["online_submission"] == (1, 1)
    assert a["online_payment"] == (1, 1)
    assert a["satisfied"] == (1, 1)
    assert a["electronic_result"] == (1, 2)
    assert a["procedures_fully_public"] == (1, 1)
    assert a["procedures_online_full"] == (1, 1)
    assert a["procedures_with_online_payment"] == (1, 1)
    # Published 20/03, 13 working days after its signature: late; the one signed 28/03 is
    # still within its time.
    assert a["procedures_published_on_time"] == (0, 1)


def test_a_desk_by_hand(built, intake_desk):
    rows = {r["key"]["desk"]: r for r in serving_index(**MARCH, group_by="desk").rows}
    d = fractions(rows[intake_desk.code])
    assert d["online_submission"] == (1, 4)
    assert d["papers_digitised"] == (2, 4)
    assert d["satisfied"] == (1, 2)
    assert d["resolved_in_time"] == (1, 2)


def test_points_follow_the_files_rule_and_rank(built, commune, agency):
    index = serving_index(**MARCH, group_by="unit")
    rows = {r["key"]["unit"]: r for r in index.rows}
    for row in [*index.rows, index.totals]:
        for group in row["groups"].values():
            for ind in group["indicators"].values():
                n, d, m = ind["numerator"], ind["denominator"], ind["max_points"]
                expected = m if d == 0 else (Decimal(n) * m / Decimal(d)).quantize(Decimal("0.01"))
                assert ind["points"] == expected
            assert group["points"] == sum(i["points"] for i in group["indicators"].values())
        assert row["total_points"] == sum(g["points"] for g in row["groups"].values())
        assert row["provisional"] is True
    # Satisfaction: 1 of 2 ratings satisfied in the commune is 9 of 18 points.
    assert rows[commune.code]["groups"]["satisfaction"]["points"] == Decimal("9.00")
    assert rows[agency.code]["rank"] == 1 and rows[commune.code]["rank"] == 2
    assert rows[agency.code]["total_points"] > rows[commune.code]["total_points"]


def test_by_month_cuts_the_period(built):
    index = serving_index(date_from=date(2025, 2, 1), date_to=date(2025, 3, 31), group_by="month")
    months = {r["key"]["month"]: fractions(r) for r in index.rows}
    assert months["2025-02"]["online_submission"] == (0, 1)  # d2
    assert months["2025-03"]["online_submission"] == (2, 5)
    assert months["2025-03"]["satisfied"] == (2, 3)


@pytest.mark.parametrize(
    ("date_from", "date_to", "applies"),
    [
        (date(2017, 1, 1), date(2017, 12, 31), False),
        (date(2022, 6, 1), date(2022, 6, 30), False),  # starts before 23/06/2022
        (date(2022, 6, 23), date(2022, 6, 30), True),
        (date(2025, 3, 1), date(2025, 3, 31), True),
    ],
)
def test_before_the_decision_the_index_does_not_apply(db, date_from, date_to, applies):
    index = serving_index(date_from=date_from, date_to=date_to)
    assert index.applies is applies
    if not applies:
        assert "23/06/2022" in index.reason and index.totals is None
