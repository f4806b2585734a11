"""The figures of the report section, computed from data built like Trà Vinh's 2017 year: 204
procedures newly announced, 221 abolished, 425 updated in the national database; 1,738 reviewed:
1,565 cut by 1/2, 94 by 1/3, 79 not cut."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from procedures.choices import ChangeKind, Level
from procedures.models import Procedure, ProcedureVersion, TimeReview, TimeReviewItem
from procedures.selectors.catalogue_figures import catalogue_figures
from procedures.services.catalogue import procedure_versions_publish
from procedures.services.decisions import decision_apply, decision_create
from tests.catalogue_data import decision_kwargs, line, new_record
from tests.factories import SectorFactory

pytestmark = pytest.mark.django_db

YEAR = {"date_from": date(2017, 1, 1), "date_to": date(2017, 12, 31)}
BASELINE = 1738


def _level(n: int) -> int:
    return (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)[n % 3]


@pytest.fixture
def year_2017():
    sector = SectorFactory(code="HT", name="Hộ tịch")
    procedures = Procedure.objects.bulk_create(
        [Procedure(code=f"1.{n:06d}") for n in range(BASELINE)]
    )
    ProcedureVersion.objects.bulk_create(
        [
            ProcedureVersion(
                procedure=procedure,
                valid_from=date(2016, 1, 1),
                change_kind=ChangeKind.NEW,
                name=f"Thủ tục {n}",
                search_text=f"thu tuc {n}",
                sector=sector,
                level=_level(n),
                levels=1 << _level(n),
                processing_time_value=Decimal("10"),
                is_one_stop=n % 10 != 0,
                is_interconnected=n % 18 == 0,
                # Published the year before: not a 2017 figure.
                published_on=date(2016, 2, 1) if n < 50 else None,
            )
            for n, procedure in enumerate(procedures)
        ]
    )
    # One review in 2017 of every procedure: 1,565 cut by half, 94 by a third, 79 not cut.
    review = TimeReview.objects.create(plan_number="22/KH-UBND", reviewed_on=date(2017, 5, 2))
    applied = ["5"] * 1565 + ["6"] * 94 + ["10"] * 79
    TimeReviewItem.objects.bulk_create(
        [
            TimeReviewItem(
                review=review,
                procedure=procedure,
                legal_time_value=Decimal("10"),
                applied_time_value=Decimal(value),
            )
            for procedure, value in zip(procedures, applied, strict=True)
        ]
    )
    # A review of 2016: outside the period.
    old = TimeReview.objects.create(plan_number="9/KH-UBND", reviewed_on=date(2016, 6, 1))
    TimeReviewItem.objects.create(
        review=old,
        procedure=procedures[0],
        legal_time_value=Decimal("10"),
        applied_time_value=Decimal("5"),
    )
    new = decision_create(
        **decision_kwargs(number="553/QĐ-UBND", effective_on=date(2017, 3, 1)),
        lines=[
            line("new", f"2.{n:06d}", new_record(f"Thủ tục mới {n}", level=_level(n)))
            for n in range(204)
        ],
    )
    abolished = decision_create(
        **decision_kwargs(number="1412/QĐ-UBND", effective_on=date(2017, 7, 1)),
        lines=[line("abolished", f"1.{n:06d}") for n in range(221)],
    )
    decision_apply(decision=new)
    decision_apply(decision=abolished)
    if connection.vendor == "postgresql":
        # Thousands of rows written inside the test's one transaction: without fresh statistics
        # the planner may take the tables for empty, depending on the tests run before.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    changed = ProcedureVersion.objects.filter(
        decision_line__decision__in=[new, abolished]
    ).values_list("pk", flat=True)
    procedure_versions_publish(version_ids=list(changed), published_on=date(2017, 9, 15))


def test_the_figures_of_the_year_are_computed_from_the_catalogue(year_2017):
    figures = catalogue_figures(**YEAR)

    assert figures["announced"] == {
        "new": 204,
        "amended": 0,
        "replaced": 0,
        "abolished": 221,
        "corrected": 0,
    }
    assert figures["published"] == 425
    assert figures["reviews"] == {
        "reviewed": 1738,
        "half": 1565,
        "third": 94,
        "less": 0,
        "not_cut": 79,
    }
    in_force = {row["level"]: row for row in figures["in_force"]}
    # 1,738 - 221 abolished + 204 new, by level.
    expected = dict.fromkeys((1, 2, 3), 0)
    for n in range(221, BASELINE):
        expected[_level(n)] += 1
    for n in range(204):
        expected[_level(n)] += 1
    assert {level: row["total"] for level, row in in_force.items()} == expected
    assert figures["in_force_total"]["total"] == BASELINE - 221 + 204
    one_stop = sum(1 for n in range(221, BASELINE) if n % 10 != 0) + 204
    interconnected = sum(1 for n in range(221, BASELINE) if n % 18 == 0)
    assert figures["in_force_total"]["one_stop"] == one_stop
    assert figures["in_force_total"]["interconnected"] == interconnected


def test_figures_for_one_level_and_for_a_period_before_the_changes(year_2017):
    commune = catalogue_figures(**YEAR, level=Level.COMMUNE)
    assert commune["announced"]["new"] == sum(1 for n in range(204) if _level(n) == 3)
    assert commune["announced"]["abolished"] == sum(1 for n in range(221) if _level(n) == 3)
    assert commune["reviews"]["reviewed"] == sum(1 for n in range(BASELINE) if _level(n) == 3)
    assert [row["level"] for row in commune["in_force"]] == [Level.COMMUNE]

    spring = catalogue_figures(date_from=date(2017, 1, 1), date_to=date(2017, 4, 30))
    assert (spring["announced"]["new"], spring["announced"]["abolished"]) == (204, 0)
    assert spring["published"] == 0
    assert spring["in_force_total"]["total"] == BASELINE + 204
