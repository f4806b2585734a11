from datetime import date
from decimal import Decimal

import pytest

from procedures.choices import ChangeKind
from procedures.problems import Refused
from procedures.selectors.catalogue import procedure_history, procedure_version_at
from procedures.services.catalogue import procedure_version_correct
from tests.factories import ProcedureVersionFactory

pytestmark = pytest.mark.django_db


def test_a_correction_is_recorded_as_such_and_keeps_the_corrected_version(administrator):
    wrong = ProcedureVersionFactory(name="Đăng ký khai sinh", fees="10.000 đồng")
    corrected = procedure_version_correct(
        procedure=wrong.procedure,
        changes={"fees": "Miễn lệ phí"},
        note="Nhập sai lệ phí so với Quyết định 100/QĐ-UBND",
        valid_from=date(2020, 5, 4),
        user=administrator,
    )
    assert corrected.change_kind == ChangeKind.CORRECTION
    assert corrected.correction_note.startswith("Nhập sai lệ phí")
    assert corrected.created_by == administrator
    assert (corrected.name, corrected.fees) == ("Đăng ký khai sinh", "Miễn lệ phí")
    assert corrected.decision_line is None
    assert procedure_version_at(procedure=wrong.procedure, at=date(2020, 5, 3)).fees == (
        "10.000 đồng"
    )
    assert [v.change_kind for v in procedure_history(procedure=wrong.procedure)] == [
        "new",
        "correction",
    ]


@pytest.mark.parametrize(
    ("changes", "note", "valid_from", "column"),
    [
        ({"fees": "Miễn phí"}, "", date(2020, 1, 1), "note"),
        ({}, "Sửa", date(2020, 1, 1), "changes"),
        ({"fees": "Miễn phí"}, "Sửa", date(2016, 1, 1), "valid_from"),
        ({"processing_time_value": "-1"}, "Sửa", date(2020, 1, 1), "processing_time_value"),
        ({"applied_time_value": "9"}, "Sửa", date(2020, 1, 1), "applied_time"),
    ],
)
def test_a_bad_correction_is_refused(changes, note, valid_from, column):
    version = ProcedureVersionFactory(processing_time_value=Decimal("3"))
    with pytest.raises(Refused) as refused:
        procedure_version_correct(
            procedure=version.procedure, changes=changes, note=note, valid_from=valid_from
        )
    assert column in {p.column for p in refused.value.problems}
    assert version.procedure.versions.count() == 1
