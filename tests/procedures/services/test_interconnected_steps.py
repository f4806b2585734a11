"""The agencies of an interconnected procedure, in order, with their shares, read from the
decision's text."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from procedures.choices import TimeUnit
from procedures.models import InterconnectedStep
from procedures.services.interconnected import interconnected_steps_parse, interconnected_steps_set
from tests.factories import ProcedureVersionFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def land():
    return ProcedureVersionFactory(
        processing_time_value=Decimal("10"),
        processing_time_unit=TimeUnit.DAYS,
        is_interconnected=True,
    )


def test_steps_are_read_in_order_with_their_shares(land):
    commune = UnitFactory(name="UBND xã Long Đức", code="X1")
    police = UnitFactory(name="Công an huyện Long Thành", code="CA1")

    steps = interconnected_steps_parse(
        version=land,
        text="UBND xã Long Đức 3 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc",
    )
    interconnected_steps_set(version=land, steps=steps)

    rows = list(
        InterconnectedStep.objects.filter(version=land)
        .order_by("position")
        .values_list("position", "agency", "share_value", "share_unit")
    )
    assert rows == [
        (1, commune.pk, Decimal("3"), TimeUnit.DAYS),
        (2, police.pk, Decimal("5"), TimeUnit.DAYS),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("UBND xã Long Đức 6 ngày làm việc → Công an huyện Long Thành 5 ngày làm việc", "10"),
        ("UBND xã Không Có 3 ngày làm việc", "Không Có"),
        ("UBND xã Long Đức 3 ngày làm việc → UBND xã Long Đức 2 ngày làm việc", "Long Đức"),
    ],
)
def test_bad_steps_are_refused_naming_what_is_wrong(land, text, message):
    UnitFactory(name="UBND xã Long Đức", code="X1")
    UnitFactory(name="Công an huyện Long Thành", code="CA1")
    with pytest.raises(ValidationError) as error:
        interconnected_steps_set(
            version=land, steps=interconnected_steps_parse(version=land, text=text)
        )
    assert message in " ".join(error.value.message_dict["steps"])
    assert not InterconnectedStep.objects.exists()
