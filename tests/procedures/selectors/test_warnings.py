"""Sắp đến hạn: dossiers due within one working day, and agencies past their share of an
interconnected procedure's time; each row with its working time left."""

from decimal import Decimal

import pytest
from django.utils import translation

from procedures.choices import TimeUnit
from procedures.models import Dossier, InterconnectedStep
from procedures.selectors.dossiers import dossiers_visible_to
from procedures.selectors.warnings import dossiers_due_soon, dossiers_over_share, warnings_for
from procedures.services.dossiers import dossier_act
from tests.factories import UnitFactory
from tests.fixtures_dossiers import vn

pytestmark = pytest.mark.django_db


# Birth registration: 3 working days. (received at, now, due soon?)
DUE_SOON_CASES = [
    # Due Thu 06/03 10:00; on Wed 05/03 10:00 exactly one working day ahead: listed.
    (vn(2025, 3, 3, 10, 0), vn(2025, 3, 5, 10, 0), True),
    # On Wed 05/03 09:59 it is one working day and a minute ahead: not yet.
    (vn(2025, 3, 3, 10, 0), vn(2025, 3, 5, 9, 59), False),
    # Due earlier today (Thu 10:00, now 14:00): its date has not passed, still due, not overdue.
    (vn(2025, 3, 3, 10, 0), vn(2025, 3, 6, 14, 0), True),
    # The next day it is overdue: on the overdue list, not this one.
    (vn(2025, 3, 3, 10, 0), vn(2025, 3, 7, 8, 0), False),
    # Due Mon 10/03 09:00, seen on Fri 07/03 16:00: the weekend does not count, 3 working hours.
    (vn(2025, 3, 5, 9, 0), vn(2025, 3, 7, 16, 0), True),
]


@pytest.mark.parametrize(("received", "now", "listed"), DUE_SOON_CASES)
def test_due_within_one_working_day(receive, received, now, listed):
    from procedures.calendar import WorkingCalendar

    dossier = receive(received)
    found = list(dossiers_due_soon(at=now, calendar=WorkingCalendar()))
    assert (dossier in found) is listed


def test_a_dossier_waiting_for_the_applicant_is_not_due_soon(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 10, 0))
    dossier_act(
        dossier=dossier, actor=reception_user, action="request_supplement",
        at=vn(2025, 3, 5, 9, 0), note="Thiếu tờ khai",
    )  # fmt: skip
    warnings = warnings_for(queryset=Dossier.objects.all(), at=vn(2025, 3, 5, 15, 0))
    assert warnings.due_soon == []


def test_the_rows_say_the_working_time_left(receive, reception_user):
    dossier = receive(vn(2025, 3, 3, 10, 0))  # due Thu 06/03 10:00
    warnings = warnings_for(queryset=dossiers_visible_to(reception_user), at=vn(2025, 3, 5, 14, 0))
    [row] = warnings.due_soon
    assert row.code == dossier.code
    with translation.override("vi"):
        # Wed 14:00 to Thu 10:00: 3 + 3 working hours.
        assert row.time_left_text == "còn 6 giờ làm việc"


@pytest.fixture
def interconnected(birth_registration, commune):
    """Birth registration made interconnected: the commune 1 working day, the police 1."""
    police = UnitFactory(code="CA-H", name="Công an huyện Long Thành")
    birth_registration.is_interconnected = True
    birth_registration.save()
    for position, (unit, days) in enumerate(((commune, 1), (police, 1)), start=1):
        InterconnectedStep.objects.create(
            version=birth_registration,
            position=position,
            agency=unit,
            share_value=Decimal(days),
            share_unit=TimeUnit.DAYS,
        )
    return police


def test_an_agency_past_its_share_is_listed_with_its_overrun(
    receive, reception_user, interconnected
):
    police = interconnected
    dossier = receive(vn(2025, 3, 3, 7, 0))  # due Wed 05/03 17:00
    dossier_act(
        dossier=dossier, actor=reception_user, action="transfer", receiver=police,
        at=vn(2025, 3, 3, 15, 0),
    )  # fmt: skip
    # The police's share is 1 working day: Mon 15:00 to Tue 15:00 is exactly it.
    assert dossiers_over_share(at=vn(2025, 3, 4, 15, 0)) == []
    [(row, overrun)] = dossiers_over_share(at=vn(2025, 3, 4, 17, 0))
    assert row.pk == dossier.pk
    assert (overrun.held.total_seconds() / 3600, overrun.share.total_seconds() / 3600) == (10, 8)

    warnings = warnings_for(queryset=Dossier.objects.all(), at=vn(2025, 3, 4, 17, 0))
    [(row, _overrun)] = warnings.over_share
    with translation.override("vi"):
        assert (row.over_text, row.share_text) == ("2 giờ làm việc", "1 ngày làm việc")
        assert row.time_left_text == "còn 1 ngày làm việc"


def test_time_waiting_for_the_applicant_counts_for_no_agency(
    receive, reception_user, interconnected
):
    police = interconnected
    dossier = receive(vn(2025, 3, 3, 7, 0))
    dossier_act(
        dossier=dossier, actor=reception_user, action="transfer", receiver=police,
        at=vn(2025, 3, 3, 15, 0),
    )  # fmt: skip
    dossier_act(
        dossier=dossier, actor=reception_user, action="request_supplement",
        at=vn(2025, 3, 4, 9, 0), note="Thiếu tờ khai",
    )  # fmt: skip
    dossier_act(dossier=dossier, actor=reception_user, action="resume", at=vn(2025, 3, 6, 9, 0))
    # Held Mon 15:00–17:00 and Tue 07:00–09:00, then Thu 09:00–11:00: 6 hours, within its day.
    assert dossiers_over_share(at=vn(2025, 3, 6, 11, 0)) == []
    [(_row, overrun)] = dossiers_over_share(at=vn(2025, 3, 6, 16, 0))
    assert overrun.held.total_seconds() / 3600 == 9


def test_an_agency_without_a_share_is_never_listed(receive, reception_user, agency):
    dossier = receive(vn(2025, 3, 3, 7, 0))
    dossier_act(
        dossier=dossier, actor=reception_user, action="transfer", receiver=agency,
        at=vn(2025, 3, 3, 8, 0),
    )  # fmt: skip
    assert dossiers_over_share(at=vn(2025, 3, 5, 16, 0)) == []


def _over_share_dossiers(receive, reception_user, police, count):
    for _ in range(count):
        dossier = receive(vn(2025, 3, 3, 7, 0))
        dossier_act(
            dossier=dossier, actor=reception_user, action="transfer", receiver=police,
            at=vn(2025, 3, 3, 15, 0),
        )  # fmt: skip


def test_a_row_past_its_share_carries_its_risk_of_lateness(receive, reception_user, interconnected):
    _over_share_dossiers(receive, reception_user, interconnected, 1)
    warnings = warnings_for(queryset=Dossier.objects.all(), at=vn(2025, 3, 4, 17, 0))
    [(row, _overrun)] = warnings.over_share
    with translation.override("vi"):
        # No history of the procedure at the police yet: said so, not left blank.
        assert row.risk is not None
        assert str(row.risk_label) == "chưa đủ số liệu"


def test_the_risk_of_the_rows_past_their_share_costs_no_query_per_row(
    receive, reception_user, interconnected
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    at = vn(2025, 3, 4, 17, 0)
    _over_share_dossiers(receive, reception_user, interconnected, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(warnings_for(queryset=Dossier.objects.all(), at=at).over_share) == 1
    _over_share_dossiers(receive, reception_user, interconnected, 4)
    with CaptureQueriesContext(connection) as five:
        rows = warnings_for(queryset=Dossier.objects.all(), at=at).over_share
    assert len(rows) == 5 and all(row.risk is not None for row, _ in rows)
    assert len(five.captured_queries) == len(one.captured_queries)
