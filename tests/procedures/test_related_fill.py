"""related_fill_by_id: a page's foreign keys filled by id as prefetch_related fills them."""

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext

from procedures.models import Dossier
from procedures.prepared import related_fill_by_id
from procedures.selectors.dossiers import DOSSIER_RELATIONS_BY_ID

pytestmark = pytest.mark.django_db


def _names(dossier) -> tuple:
    ids = [getattr(getattr(dossier, name), "pk", None) for name in DOSSIER_RELATIONS_BY_ID]
    return (*ids, dossier.procedure_version.papers, dossier.procedure.code)


def test_the_page_reads_each_table_once_and_holds_what_a_prefetch_holds(
    receive, agency, birth_registration
):
    handed = receive()
    Dossier.objects.filter(pk=handed.pk).update(current_agency=agency, late_agency=agency)
    receive()
    page = list(Dossier.objects.order_by("pk"))
    expected = list(Dossier.objects.order_by("pk"))
    prefetch_related_objects(expected, *DOSSIER_RELATIONS_BY_ID)

    with CaptureQueriesContext(connection) as queries:
        related_fill_by_id(page, *DOSSIER_RELATIONS_BY_ID)
        filled = [_names(dossier) for dossier in page]

    # One query per table, whatever the number of rows.
    assert len(queries) == len(DOSSIER_RELATIONS_BY_ID)
    assert filled == [_names(dossier) for dossier in expected]
    assert page[0].current_agency == agency and page[1].current_agency is None


def test_an_empty_page_reads_nothing():
    with CaptureQueriesContext(connection) as queries:
        related_fill_by_id([], *DOSSIER_RELATIONS_BY_ID)

    assert len(queries) == 0
