"""The calendar's stamp: an intake reads its rule book from this process's memory while the
calendar is unchanged, and counts any change to it from the next intake on."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from procedures.models import CalendarOverride, CalendarSettings, ClockRuleSet
from procedures.selectors.calendar import clock_rule_book_get
from procedures.selectors.units import desk_procedure_version_by_code
from tests.fixtures_dossiers import vn

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the stamp is read on PostgreSQL only"
    ),
]

DAY_OFF, WORKING_DAY = CalendarOverride.Kind.DAY_OFF, CalendarOverride.Kind.WORKING_DAY


def _day_off(day=date(2025, 3, 10)):
    return CalendarOverride.objects.create(day=day, kind=DAY_OFF, name="Nghỉ theo tỉnh")


def _change_kind():
    override = _day_off()
    yield
    override.kind = WORKING_DAY
    override.save()


def _remove():
    override = _day_off()
    yield
    override.delete()


def _sessions():
    CalendarSettings.objects.create()
    yield
    CalendarSettings.objects.update(afternoon_end=time(16, 30))


def _rule_set():
    yield
    ClockRuleSet.objects.create(name="Nghị định 118/2025/NĐ-CP", valid_from=date(2025, 7, 1))


def _rule_set_sessions():
    rule_set = ClockRuleSet.objects.create(name="Nghị định 118", valid_from=date(2025, 7, 1))
    yield
    rule_set.morning_start = time(7, 30)
    rule_set.save()


def _add_day_off():
    yield
    _day_off()


# Each change: what stands before (up to the yield), then the change.
CHANGES = {
    "a day off added": _add_day_off,
    "a day off made a working day": _change_kind,
    "a day off removed": _remove,
    "the working sessions": _sessions,
    "a rule set by period added": _rule_set,
    "a rule set's sessions": _rule_set_sessions,
}


def _stamp(desk):
    version = desk_procedure_version_by_code(desk=desk, code="1.001193", as_of=date(2025, 3, 7))
    return version.calendar_stamp


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_to_the_calendar_changes_its_stamp(change, intake_desk, birth_registration):
    steps = change()
    next(steps)
    before = _stamp(intake_desk)
    next(steps, None)

    assert _stamp(intake_desk) != before
    assert _stamp(intake_desk) == _stamp(intake_desk)


def test_an_unchanged_calendar_is_read_from_memory(intake_desk, birth_registration):
    book = clock_rule_book_get()
    stamp = _stamp(intake_desk)

    with CaptureQueriesContext(connection) as queries:
        again = clock_rule_book_get(stamp=stamp)

    assert again is book
    assert len(queries) == 0


def test_an_intake_counts_a_day_off_added_since_the_last_one(receive, intake_desk):
    # Friday 7/3/2025 at 9:00, three working days: due on Wednesday 12/3; with Monday 10/3 a
    # day off of the province, on Thursday 13/3. The day off is written straight to the table,
    # as an import or the admin's bulk action would, with no signal to this process.
    first = receive(at=vn(2025, 3, 7, 9, 0), procedure="1.001193")
    _day_off(date(2025, 3, 10))
    second = receive(at=vn(2025, 3, 7, 9, 5), procedure="1.001193")

    assert timezone.localdate(first.due_at) == date(2025, 3, 12)
    assert timezone.localdate(second.due_at) == date(2025, 3, 13)
