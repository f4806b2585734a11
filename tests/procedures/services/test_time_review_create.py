from datetime import date
from decimal import Decimal

import pytest

from procedures.models import TimeReview
from procedures.problems import Refused
from procedures.selectors.catalogue import review_items_with_bucket
from procedures.services.reviews import time_review_create
from tests.factories import ProcedureFactory, ProcedureVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedures():
    for code, days in (("1.000001", 10), ("1.000002", 6), ("1.000003", 8)):
        ProcedureVersionFactory(
            procedure=ProcedureFactory(code=code), processing_time_value=Decimal(days)
        )


def test_a_review_takes_the_legal_time_from_the_catalogue_and_derives_each_bucket(procedures):
    review = time_review_create(
        plan_number="22/KH-UBND",
        reviewed_on=date(2017, 6, 1),
        items=[
            {"procedure_code": "1.000001", "applied_time_value": "5"},
            {"procedure_code": "1.000002", "applied_time_value": "4"},
            {"procedure_code": "1.000003", "applied_time_value": "8"},
        ],
    )
    buckets = {
        item.procedure.code: (item.legal_time_value, item.bucket)
        for item in review_items_with_bucket(review.items.all())
    }
    assert buckets == {
        "1.000001": (Decimal("10"), "half"),
        "1.000002": (Decimal("6"), "third"),
        "1.000003": (Decimal("8"), "not_cut"),
    }


def test_every_bad_item_is_named_and_nothing_is_written(procedures):
    with pytest.raises(Refused) as refused:
        time_review_create(
            plan_number="22/KH-UBND",
            reviewed_on=date(2017, 6, 1),
            items=[
                {"procedure_code": "1.000001", "applied_time_value": "12"},
                {"procedure_code": "1.999999", "applied_time_value": "1"},
                {"procedure_code": "1.000002", "applied_time_value": "abc"},
                {"procedure_code": "1.000001", "applied_time_value": "1"},
            ],
        )
    assert [(p.line, p.column) for p in refused.value.problems] == [
        (1, "applied_time_value"),
        (2, "procedure_code"),
        (3, "applied_time_value"),
        (4, "procedure_code"),
    ]
    assert not TimeReview.objects.exists()
