"""The pure clock against the six differences an independent reading found (issue 18): each
with its smallest case, in both supplement modes where the mode matters."""

from datetime import timedelta
from decimal import Decimal

import pytest

from procedures.calendar import WorkingCalendar
from procedures.calendar import clock as rules
from procedures.calendar.processing_time import ProcessingTime
from procedures.choices import Outcome, SupplementMode, TimeUnit
from tests.fixtures_dossiers import vn

CALENDAR = WorkingCalendar()
THREE_DAYS = ProcessingTime.working_days(3)
TEN_DAYS = ProcessingTime.working_days(10)
FIFTEEN_CALENDAR_DAYS = ProcessingTime(Decimal("15"), TimeUnit.CALENDAR_DAYS)
PAUSE, RESTART = SupplementMode.PAUSE, SupplementMode.RESTART
E = rules.Event
H = timedelta(hours=1)
DAY = 8 * H  # a working day along 07:00–11:30, 13:30–17:00


def run(received_at, events, mode, time_value=THREE_DAYS, **kwargs):
    return rules.run(
        events,
        time_value=time_value,
        calendar=CALENDAR,
        mode=mode,
        received_at=received_at,
        **kwargs,
    )


# -- 1. a supplement asked for after the due moment, on the due day ------------------------------

# Received Mon 03/03/2025 09:00, 3 working days: due Thu 06/03 09:00. Asked for papers, resumed
# Mon 10/03 09:00, resolved 10/03 15:00. (request, mode, ran out, due after resume, outcome)
DUE_DAY_REQUESTS = [
    # On the due day, after the due moment: not late at date level, so the time is not run out;
    # nothing is left, and the law gives the time back when the complete dossier comes.
    (vn(2025, 3, 6, 14, 0), PAUSE, False, vn(2025, 3, 10, 9, 0), Outcome.ON_TIME),
    (vn(2025, 3, 6, 14, 0), RESTART, False, vn(2025, 3, 13, 9, 0), Outcome.EARLY),
    (vn(2025, 3, 6, 23, 59), PAUSE, False, vn(2025, 3, 10, 9, 0), Outcome.ON_TIME),
    (vn(2025, 3, 6, 23, 59), RESTART, False, vn(2025, 3, 13, 9, 0), Outcome.EARLY),
    # A minute before the due moment: the minute left comes back in pause mode.
    (vn(2025, 3, 6, 8, 59), PAUSE, False, vn(2025, 3, 10, 9, 1), Outcome.ON_TIME),
    (vn(2025, 3, 6, 8, 59), RESTART, False, vn(2025, 3, 13, 9, 0), Outcome.EARLY),
    # The day after the due date the dossier is late already: the request changes nothing.
    (vn(2025, 3, 7, 0, 0), PAUSE, True, vn(2025, 3, 6, 9, 0), Outcome.LATE),
    (vn(2025, 3, 7, 0, 0), RESTART, True, vn(2025, 3, 6, 9, 0), Outcome.LATE),
]


@pytest.mark.parametrize(("request_at", "mode", "ran_out", "due", "outcome"), DUE_DAY_REQUESTS)
def test_a_request_on_the_due_day_does_not_make_the_dossier_late(
    request_at, mode, ran_out, due, outcome
):
    result = run(
        vn(2025, 3, 3, 9, 0),
        [
            E("request_supplement", request_at),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 10, 15, 0)),
        ],
        mode,
    )
    assert (result.clock.ran_out, result.clock.due_at, result.outcome) == (ran_out, due, outcome)


def test_waiting_after_a_request_on_the_due_day_is_not_overdue():
    clock = rules.start(THREE_DAYS, CALENDAR, vn(2025, 3, 3, 9, 0))
    stopped = rules.stop(clock, CALENDAR, vn(2025, 3, 6, 14, 0))
    assert (stopped.ran_out, stopped.work) == (False, timedelta(0))
    assert not rules.is_overdue(stopped, CALENDAR, vn(2025, 3, 20, 9, 0))


# -- 2. an apology while the applicant is awaited ---------------------------------------------


@pytest.mark.parametrize("mode", [PAUSE, RESTART])
def test_no_apology_while_the_clock_is_stopped_with_time_left(mode):
    clock = rules.start(THREE_DAYS, CALENDAR, vn(2025, 3, 3, 9, 0))
    stopped = rules.stop(clock, CALENDAR, vn(2025, 3, 4, 9, 0))
    ran_out = rules.stop(clock, CALENDAR, vn(2025, 3, 7, 9, 0))
    assert rules.apology_possible(clock) is True
    assert rules.apology_possible(stopped) is False
    assert rules.apology_possible(ran_out) is True  # late already: its due date stands

    # A history recorded before the rule (apology while waiting): not judged in time or late.
    result = run(
        vn(2025, 3, 3, 9, 0),
        [
            E("request_supplement", vn(2025, 3, 4, 9, 0)),
            E("apologize_reschedule", vn(2025, 3, 4, 10, 0)),
            E("resume", vn(2025, 3, 17, 9, 0)),
            E("resolve", vn(2025, 3, 19, 9, 0)),
        ],
        mode,
    )
    assert result.apology_in_time is None


def test_an_apology_after_the_resumption_is_judged_against_the_new_due_date():
    result = run(
        vn(2025, 3, 3, 9, 0),
        [
            E("request_supplement", vn(2025, 3, 4, 9, 0)),
            E("resume", vn(2025, 3, 17, 9, 0)),  # restart: due Thu 20/03 09:00
            E("apologize_reschedule", vn(2025, 3, 19, 9, 0)),
        ],
        RESTART,
    )
    assert result.clock.due_at == vn(2025, 3, 20, 9, 0)
    assert result.apology_in_time is True


# -- 3. and 4. which agency made it late --------------------------------------------------------

A, B = 1, 2
SHARES = {A: 4 * DAY, B: 6 * DAY}  # of 10 working days


def test_after_a_restart_only_the_time_since_it_counts_toward_the_shares():
    # Received Mon 03/03 07:00; A holds 3 days, papers asked for Thu 06/03 07:00, the complete
    # dossier back Mon 10/03 07:00 (restart: due Fri 21/03 17:00); A holds 2 more days, B 9.
    result = run(
        vn(2025, 3, 3, 7, 0),
        [
            E("request_supplement", vn(2025, 3, 6, 7, 0)),
            E("resume", vn(2025, 3, 10, 7, 0)),
            E("transfer", vn(2025, 3, 12, 7, 0), B),
            E("resolve", vn(2025, 3, 24, 17, 0)),
        ],
        RESTART,
        time_value=TEN_DAYS,
        first_holder=A,
        shares=SHARES,
    )
    assert result.outcome == Outcome.LATE
    assert [(h.unit, h.held, h.late_by) for h in result.holdings] == [
        (A, 5 * DAY, timedelta(0)),  # held 5 days, but only 2 since the restart
        (B, 9 * DAY, 3 * DAY),
    ]
    assert result.late_units == [B]


def test_in_pause_mode_the_time_before_the_request_still_counts():
    result = run(
        vn(2025, 3, 3, 7, 0),
        [
            E("request_supplement", vn(2025, 3, 6, 7, 0)),
            E("resume", vn(2025, 3, 10, 7, 0)),
            E("transfer", vn(2025, 3, 12, 7, 0), B),
            E("resolve", vn(2025, 3, 24, 17, 0)),
        ],
        PAUSE,
        time_value=TEN_DAYS,
        first_holder=A,
        shares=SHARES,
    )
    assert result.late_units == [A, B]


def test_an_agency_that_held_the_dossier_twice_is_judged_on_the_sum():
    # A 3 days, B half a day, A 3 days again, B 4½ days, back to A, who resolves at once:
    # 11 working days against 10 (due Fri 14/03 17:00); A held 6 days against its 4.
    result = run(
        vn(2025, 3, 3, 7, 0),
        [
            E("transfer", vn(2025, 3, 6, 7, 0), B),
            E("transfer", vn(2025, 3, 6, 11, 0), A),
            E("transfer", vn(2025, 3, 11, 11, 0), B),
            E("transfer", vn(2025, 3, 17, 17, 0), A),
            E("resolve", vn(2025, 3, 18, 7, 0)),
        ],
        PAUSE,
        time_value=TEN_DAYS,
        first_holder=A,
        shares=SHARES,
    )
    assert result.outcome == Outcome.LATE
    assert [(h.unit, h.held, h.late_by) for h in result.holdings] == [
        (A, 3 * DAY, timedelta(0)),
        (B, 4 * H, timedelta(0)),
        (A, 3 * DAY, 2 * DAY),  # 6 days held in all: 2 over its share, first shown here
        (B, 36 * H, timedelta(0)),  # 5 days in all, within its 6
        (A, timedelta(0), timedelta(0)),
    ]
    assert result.late_units == [A]


# -- 5. pause mode for a time in calendar days ------------------------------------------------

# 15 calendar days from Mon 25/08/2025: due Tue 09/09 17:00. Papers asked for Fri 29/08 17:00,
# the complete dossier back Wed 03/09 07:00 (1–2/9 national holiday: no working hour waited).
CALENDAR_DAY_WAITS = [
    # Five calendar days waited: the last day moves from 09/09 to Sun 14/09, a day off, so the
    # time ends on Mon 15/09 (Civil Code 2015, Art. 148).
    (FIFTEEN_CALENDAR_DAYS, PAUSE, vn(2025, 9, 15, 17, 0)),
    (FIFTEEN_CALENDAR_DAYS, RESTART, vn(2025, 9, 18, 17, 0)),
    # Working days keep counting in working time: none was waited, the due moment stays.
    (ProcessingTime.working_days(10), PAUSE, vn(2025, 9, 10, 8, 0)),
]


@pytest.mark.parametrize(("time_value", "mode", "due"), CALENDAR_DAY_WAITS)
def test_waiting_is_counted_in_the_unit_of_the_processing_time(time_value, mode, due):
    result = run(
        vn(2025, 8, 25, 8, 0),
        [E("request_supplement", vn(2025, 8, 29, 17, 0)), E("resume", vn(2025, 9, 3, 7, 0))],
        mode,
        time_value=time_value,
    )
    assert result.clock.due_at == due
    assert result.clock.due_at == CALENDAR.add_working_time(
        result.clock.started_at, result.clock.work
    )


def test_calendar_days_with_nothing_left_are_due_on_the_day_of_resumption():
    clock = rules.start(FIFTEEN_CALENDAR_DAYS, CALENDAR, vn(2025, 8, 25, 8, 0))
    stopped = rules.stop(clock, CALENDAR, vn(2025, 9, 9, 18, 0))  # due day, after 17:00
    resumed = rules.resume(
        stopped, CALENDAR, vn(2025, 9, 12, 9, 0), mode=PAUSE, time_value=FIFTEEN_CALENDAR_DAYS
    )
    assert resumed.due_at.date() == vn(2025, 9, 12, 9, 0).date()


# -- 6. the outcome is judged on the day of resolution ------------------------------------------


def test_the_outcome_is_judged_on_resolution_not_on_the_return_of_the_result():
    result = run(
        vn(2025, 3, 3, 9, 0),
        [E("resolve", vn(2025, 3, 5, 9, 0)), E("return_result", vn(2025, 3, 12, 9, 0))],
        PAUSE,
    )
    assert (result.outcome, result.resolved_at) == (Outcome.EARLY, vn(2025, 3, 5, 9, 0))
