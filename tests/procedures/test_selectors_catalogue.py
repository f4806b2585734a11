from datetime import date

import pytest

from procedures.choices import ProcedureStatus
from procedures.selectors.catalogue import (
    procedure_version_at,
    procedure_versions_in_force,
    procedure_versions_search,
)
from tests.factories import ProcedureFactory, ProcedureVersionFactory

pytestmark = pytest.mark.django_db


def test_the_version_in_force_follows_the_dates():
    procedure = ProcedureFactory(code="1.001234")
    old = ProcedureVersionFactory(
        procedure=procedure, valid_from=date(2016, 1, 1), superseded_on=date(2017, 3, 1)
    )
    new = ProcedureVersionFactory(procedure=procedure, valid_from=date(2017, 3, 1))
    assert procedure_version_at(procedure=procedure, at=date(2017, 2, 28)) == old
    assert procedure_version_at(procedure=procedure, at=date(2017, 3, 1)) == new
    assert procedure_version_at(procedure=procedure, at=date(2015, 12, 31)) is None


def test_an_abolished_procedure_leaves_the_catalogue_from_its_date():
    procedure = ProcedureFactory(code="2.000635")
    ProcedureVersionFactory(procedure=procedure, superseded_on=date(2020, 1, 1))
    ProcedureVersionFactory(
        procedure=procedure, valid_from=date(2020, 1, 1), status=ProcedureStatus.ABOLISHED
    )
    assert list(procedure_versions_in_force(as_of=date(2019, 12, 31)))
    assert not procedure_versions_in_force(as_of=date(2020, 1, 1)).exists()


def test_search_ignores_diacritics_and_case():
    ProcedureVersionFactory(name="Đăng ký khai sinh")
    ProcedureVersionFactory(name="Cấp giấy phép xây dựng")
    found = procedure_versions_search(
        procedure_versions_in_force(as_of=date(2026, 1, 1)), "DANG ky khai SINH"
    )
    assert [v.name for v in found] == ["Đăng ký khai sinh"]
