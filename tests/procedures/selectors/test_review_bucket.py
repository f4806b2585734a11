from datetime import date
from decimal import Decimal

import pytest

from procedures.choices import ReviewBucket
from procedures.models import TimeReview, TimeReviewItem
from procedures.selectors.catalogue import review_items_with_bucket, reviews_list
from tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("legal", "applied", "bucket"),
    [
        ("10", "5", ReviewBucket.HALF),  # exactly a half
        ("10", "0", ReviewBucket.HALF),
        ("15", "7", ReviewBucket.HALF),
        ("3", "1.5", ReviewBucket.HALF),
        ("3", "2", ReviewBucket.THIRD),  # exactly a third: integers, no rounding
        ("10", "6", ReviewBucket.THIRD),
        ("9", "6", ReviewBucket.THIRD),
        ("10", "5.01", ReviewBucket.THIRD),
        ("10", "7", ReviewBucket.LESS),  # 30 % less
        ("9", "6.01", ReviewBucket.LESS),
        ("20", "19", ReviewBucket.LESS),
        ("10", "10", ReviewBucket.NOT_CUT),
        ("1", "1", ReviewBucket.NOT_CUT),
        ("8", "8.00", ReviewBucket.NOT_CUT),
    ],
)
def test_the_bucket_is_derived_in_the_database_from_the_two_times(legal, applied, bucket):
    review = TimeReview.objects.create(plan_number="1/KH", reviewed_on=date(2017, 1, 1))
    TimeReviewItem.objects.create(
        review=review,
        procedure=ProcedureFactory(),
        legal_time_value=Decimal(legal),
        applied_time_value=Decimal(applied),
    )
    assert review_items_with_bucket().get().bucket == bucket
    counts = reviews_list().get()
    assert getattr(counts, f"{bucket}_count") == 1
    assert counts.item_count == 1
