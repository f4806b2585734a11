from datetime import date, timedelta

import pytest
from django.utils import timezone

from procedures.models import ProcedureVersion
from procedures.problems import Refused
from procedures.selectors.catalogue import unpublished_versions
from procedures.services.catalogue import procedure_versions_publish
from procedures.services.reviews import time_review_apply, time_review_create
from tests.factories import ProcedureVersionFactory

pytestmark = pytest.mark.django_db


def test_marking_changes_published_takes_them_off_the_unpublished_list():
    first, second, third = (ProcedureVersionFactory() for _ in range(3))
    assert set(unpublished_versions()) == {first, second, third}

    count = procedure_versions_publish(
        version_ids=[first.pk, second.pk], published_on=date(2017, 4, 3)
    )

    assert count == 2
    assert list(unpublished_versions()) == [third]
    first.refresh_from_db()
    assert first.published_on == date(2017, 4, 3)


def test_already_published_changes_and_future_dates_are_refused_naming_them():
    published = ProcedureVersionFactory(published_on=date(2017, 1, 2))
    fresh = ProcedureVersionFactory()
    with pytest.raises(Refused) as refused:
        procedure_versions_publish(
            version_ids=[published.pk, fresh.pk],
            published_on=timezone.localdate() + timedelta(days=1),
        )
    messages = [str(p) for p in refused.value.problems]
    assert any("tương lai" in m for m in messages)
    assert any(published.procedure.code in m and "02/01/2017" in m for m in messages)
    fresh.refresh_from_db()
    assert fresh.published_on is None


def test_a_review_version_is_published_after_its_review_only():
    version = ProcedureVersionFactory(published_on=date(2016, 2, 1))
    review = time_review_create(
        plan_number="22/KH-UBND",
        reviewed_on=date(2017, 6, 1),
        items=[{"procedure_code": version.procedure.code, "applied_time_value": "1"}],
    )
    time_review_apply(review=review)
    applied = ProcedureVersion.objects.get(time_review_item__review=review)
    assert list(unpublished_versions()) == [applied]

    with pytest.raises(Refused) as refused:
        procedure_versions_publish(version_ids=[applied.pk], published_on=date(2017, 5, 31))
    procedure_versions_publish(version_ids=[applied.pk], published_on=date(2017, 6, 2))

    assert "22/KH-UBND" in refused.value.problems[0].message
    assert not unpublished_versions().exists()
