"""The catalogue screens read a page in a number of queries that does not grow with the rows
shown (no query per procedure, decision, review or import)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.choices import ImportKind
from procedures.models import CatalogueImport, TimeReview
from procedures.services.decisions import decision_apply, decision_create
from procedures.services.reviews import time_review_create
from tests.catalogue_data import decision_kwargs, line
from tests.factories import ProcedureVersionFactory, SectorFactory

pytestmark = pytest.mark.django_db


def _grow(count: int, start: int) -> None:
    """``count`` more procedures, each amended by its own decision and reviewed, and imports."""
    sectors = [SectorFactory() for _ in range(3)]
    for index in range(start, start + count):
        procedure = ProcedureVersionFactory(
            sector=sectors[index % 3], agency_name=f"Cơ quan {index % 4}"
        ).procedure
        decision_apply(
            decision=decision_create(
                **decision_kwargs(number=f"{index}/QĐ-UBND", effective_on=date(2017, 3, 1)),
                lines=[line("amended", procedure.code, {"fees": f"{index}.000 đồng"})],
            )
        )
        time_review_create(
            plan_number=f"{index}/KH",
            reviewed_on=date(2017, 6, 1),
            items=[{"procedure_code": procedure.code, "applied_time_value": "1"}],
        )
        CatalogueImport.objects.create(kind=ImportKind.PROCEDURES, file_name=f"{index}.csv")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


URLS = [
    "/danh-muc/",
    "/danh-muc/?q=thu+tuc&as_of=01/03/2017",
    "/danh-muc/quyet-dinh/",
    "/danh-muc/ra-soat/",
    "/danh-muc/ra-soat/{review}/",
    "/danh-muc/cong-khai/",
    "/danh-muc/nhap/",
    "/danh-muc/so-lieu/?date_from=01/01/2017&date_to=31/12/2017",
    "/thu-tuc/",
]


def test_each_list_screen_reads_in_queries_that_do_not_grow_with_its_rows(client, reform_officer):
    client.force_login(reform_officer)
    _grow(5, 0)
    review = TimeReview.objects.order_by("pk").first().pk
    few = {url: _queries(client, url.format(review=review)) for url in URLS}
    _grow(40, 5)
    many = {url: _queries(client, url.format(review=review)) for url in URLS}
    assert many == few


def test_a_procedure_history_reads_in_queries_that_do_not_grow_with_its_versions(
    client, reform_officer
):
    procedure = ProcedureVersionFactory().procedure
    client.force_login(reform_officer)
    counts = []
    for year in (2017, 2018, 2019, 2020, 2021, 2022):
        decision_apply(
            decision=decision_create(
                **decision_kwargs(number=f"{year}/QĐ-UBND", effective_on=date(year, 3, 1)),
                lines=[line("amended", procedure.code, {"fees": f"{year}.000 đồng"})],
            )
        )
        counts.append(_queries(client, f"/danh-muc/thu-tuc/{procedure.code}/"))
    assert len(set(counts)) == 1, counts
