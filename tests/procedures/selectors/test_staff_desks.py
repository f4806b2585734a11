"""A token's query reads its user's desks too (staff_desks_column): the desks it builds are
the ones staff_desks_of reads on its own, field for field, in the same order."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procedures.models import Desk
from procedures.roles import Role
from procedures.selectors.dossiers import staff_desks_column, staff_desks_of, staff_desks_read
from tests.conftest import _user_with_role
from tests.factories import CentreFactory, DeskFactory, UnitFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="read with the token on PostgreSQL only"
    ),
]


def _fields(row) -> dict | None:
    if row is None:
        return None
    return {field.attname: getattr(row, field.attname) for field in type(row)._meta.concrete_fields}


def _as_read(desk: Desk) -> tuple:
    return _fields(desk), _fields(desk.unit), _fields(desk.centre)


def _no_desk(user):
    pass


def _one_desk_in_a_centre(user):
    centre = CentreFactory(code="TTHCC-LD", name="Trung tâm HCC huyện Long Đất")
    DeskFactory(code="000.00.31.H56", name="Bộ phận Một cửa", unit=centre.unit, staff=[user])
    DeskFactory.create(code="000.00.99.H56", name="Bàn của người khác")  # not theirs


def _two_desks_one_closed(user):
    commune = UnitFactory(code="29701", name="Xã Long Đức", valid_to=date(2025, 6, 30))
    DeskFactory(code="000.00.32.H56", name="Ấp B — bàn 2", unit=commune, staff=[user])
    DeskFactory(
        code="000.00.33.H56",
        name="Ấp A — bàn 1",
        unit=commune,
        valid_to=date(2025, 6, 30),
        staff=[user],
    )


USERS = {
    "a leader with no desk": _no_desk,
    "staff of one desk in a centre": _one_desk_in_a_centre,
    "staff of two desks, one closed, no centre": _two_desks_one_closed,
}


@pytest.mark.parametrize("desks_of", USERS.values(), ids=USERS.keys())
def test_desks_read_with_the_user_are_those_read_on_their_own(desks_of):
    user = _user_with_role(Role.RECEPTION, username="tiepnhan")
    desks_of(user)
    column = (
        type(user)
        .objects.filter(pk=user.pk)
        .annotate(desks_json=staff_desks_column("pk"))
        .values_list("desks_json", flat=True)
        .get()
    )
    reader = type(user).objects.get(pk=user.pk)

    staff_desks_read(reader, column)
    with CaptureQueriesContext(connection) as queries:
        read_with_user = [_as_read(desk) for desk in staff_desks_of(reader)]

    assert len(queries) == 0
    fresh = type(user).objects.get(pk=user.pk)
    assert read_with_user == [_as_read(desk) for desk in staff_desks_of(fresh)]
