"""The pure clock (procedures.calendar.clock): event histories against expected results, in both
supplement modes, with the exact dates of issue 8."""

from datetime import date, time, timedelta

import pytest

from procedures.calendar import WorkingCalendar
from procedures.calendar import clock as rules
from procedures.calendar.processing_time import ProcessingTime
from procedures.choices import Outcome, SupplementMode
from tests.fixtures_dossiers import vn

CALENDAR = WorkingCalendar()
THREE_DAYS = ProcessingTime.working_days(3)
PAUSE, RESTART = SupplementMode.PAUSE, SupplementMode.RESTART
E = rules.Event
H = timedelta(hours=1)


def run(received_at, events, mode, **kwargs):
    return rules.run(
        events,
        time_value=THREE_DAYS,
        calendar=CALENDAR,
        mode=mode,
        received_at=received_at,
        **kwargs,
    )


# (name, received, events, mode, due moment after, outcome)
HISTORIES = [
    (
        # Due Thu 06/03 09:00; asked Fri 07/03 10:00, its time already run out: late in both.
        "restart does not erase lateness (pause)",
        vn(2025, 3, 3, 9, 0),
        [
            E("request_supplement", vn(2025, 3, 7, 10, 0)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 10, 10, 0)),
        ],
        PAUSE,
        vn(2025, 3, 6, 9, 0),
        Outcome.LATE,
    ),
    (
        "restart does not erase lateness (restart)",
        vn(2025, 3, 3, 9, 0),
        [
            E("request_supplement", vn(2025, 3, 7, 10, 0)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 10, 10, 0)),
        ],
        RESTART,
        vn(2025, 3, 6, 9, 0),
        Outcome.LATE,
    ),
    (
        # Due Wed 05/03 17:00; a request at 17:00:00 stops the clock with nothing left.
        "request at the exact due moment (pause): due at the resumption",
        vn(2025, 3, 3, 7, 0),
        [
            E("request_supplement", vn(2025, 3, 5, 17, 0)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 10, 10, 0)),
        ],
        PAUSE,
        vn(2025, 3, 10, 9, 0),
        Outcome.ON_TIME,
    ),
    (
        "request at the exact due moment (restart): the full time again",
        vn(2025, 3, 3, 7, 0),
        [
            E("request_supplement", vn(2025, 3, 5, 17, 0)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 10, 10, 0)),
        ],
        RESTART,
        vn(2025, 3, 13, 9, 0),
        Outcome.EARLY,
    ),
    (
        "request a minute before the due moment (pause): one minute left",
        vn(2025, 3, 3, 7, 0),
        [
            E("request_supplement", vn(2025, 3, 5, 16, 59)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 10, 10, 0)),
        ],
        PAUSE,
        vn(2025, 3, 10, 9, 1),
        Outcome.ON_TIME,
    ),
    (
        # Still the due day (issue 18): not late by date, so nothing left rather than run out.
        "request a second after the due moment (pause): nothing left, due at resumption",
        vn(2025, 3, 3, 7, 0),
        [
            E("request_supplement", vn(2025, 3, 5, 17, 0, 1)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 10, 10, 0)),
        ],
        PAUSE,
        vn(2025, 3, 10, 9, 0),
        Outcome.ON_TIME,
    ),
    (
        "request the day after the due date (pause): ran out, late",
        vn(2025, 3, 3, 7, 0),
        [
            E("request_supplement", vn(2025, 3, 6, 7, 0)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 10, 10, 0)),
        ],
        PAUSE,
        vn(2025, 3, 5, 17, 0),
        Outcome.LATE,
    ),
    (
        # Overdue by the moment at 12:00, resolved at 16:00 the same day: on time by date.
        "resolved later the same day as its due moment",
        vn(2025, 3, 3, 10, 0),
        [E("resolve", vn(2025, 3, 6, 16, 0))],
        PAUSE,
        vn(2025, 3, 6, 10, 0),
        Outcome.ON_TIME,
    ),
    (
        # One day worked before the request on 04/03 09:00, two left from 10/03 09:00.
        "a timely supplement request (pause)",
        vn(2025, 3, 3, 9, 0),
        [
            E("request_supplement", vn(2025, 3, 4, 9, 0)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 12, 10, 0)),
        ],
        PAUSE,
        vn(2025, 3, 12, 9, 0),
        Outcome.ON_TIME,
    ),
    (
        "a timely supplement request (restart)",
        vn(2025, 3, 3, 9, 0),
        [
            E("request_supplement", vn(2025, 3, 4, 9, 0)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 12, 10, 0)),
        ],
        RESTART,
        vn(2025, 3, 13, 9, 0),
        Outcome.EARLY,
    ),
    (
        # The fee never restarts the clock, whatever the mode.
        "a financial obligation pauses even in restart mode",
        vn(2025, 3, 3, 9, 0),
        [
            E("request_financial_obligation", vn(2025, 3, 4, 9, 0)),
            E("fulfil_financial_obligation", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 12, 10, 0)),
        ],
        RESTART,
        vn(2025, 3, 12, 9, 0),
        Outcome.ON_TIME,
    ),
]


@pytest.mark.parametrize(
    ("received", "events", "mode", "due", "outcome"),
    [case[1:] for case in HISTORIES],
    ids=[case[0] for case in HISTORIES],
)
def test_histories_come_to_their_due_moment_and_outcome(received, events, mode, due, outcome):
    result = run(received, events, mode)

    assert (result.clock.due_at, result.outcome) == (due, outcome)


@pytest.mark.parametrize(
    ("at", "overdue"),
    [
        (vn(2025, 3, 6, 9, 59), False),
        (vn(2025, 3, 6, 12, 0), False),  # past the moment, not the date
        (vn(2025, 3, 6, 23, 59), False),
        (vn(2025, 3, 7, 0, 0), True),
    ],
)
def test_an_open_dossier_is_overdue_once_its_due_date_has_passed(at, overdue):
    clock = rules.start(THREE_DAYS, CALENDAR, vn(2025, 3, 3, 10, 0))

    assert clock.due_at == vn(2025, 3, 6, 10, 0)
    assert rules.is_overdue(clock, CALENDAR, at) is overdue


def test_waiting_with_time_left_is_never_overdue_waiting_after_it_ran_out_is():
    clock = rules.start(THREE_DAYS, CALENDAR, vn(2025, 3, 3, 9, 0))
    timely = rules.stop(clock, CALENDAR, vn(2025, 3, 6, 8, 0))
    too_late = rules.stop(clock, CALENDAR, vn(2025, 3, 7, 10, 0))

    assert not rules.is_overdue(timely, CALENDAR, vn(2025, 3, 20, 9, 0))
    assert too_late.ran_out and too_late.due_at == vn(2025, 3, 6, 9, 0)
    assert rules.is_overdue(too_late, CALENDAR, vn(2025, 3, 7, 10, 0))


@pytest.mark.parametrize(
    ("at", "in_time"),
    [
        (vn(2025, 3, 3, 9, 0), True),
        (vn(2025, 3, 5, 16, 59), True),  # Wed: one working day (Wed) before Thu's due date
        (vn(2025, 3, 6, 7, 0), False),  # on the due date itself
        (vn(2025, 3, 7, 9, 0), False),  # after it
    ],
)
def test_an_apology_is_in_time_at_least_one_working_day_before_the_due_date(at, in_time):
    assert rules.apology_in_time(CALENDAR, at, vn(2025, 3, 6, 9, 0)) is in_time


def test_the_weekend_before_a_monday_due_date_is_too_late_for_an_apology():
    due = vn(2025, 3, 10, 9, 0)
    assert rules.apology_in_time(CALENDAR, vn(2025, 3, 7, 16, 0), due)  # Friday
    assert not rules.apology_in_time(CALENDAR, vn(2025, 3, 8, 9, 0), due)  # Saturday


def test_an_apology_recorded_while_waiting_is_not_judged_and_the_dossier_stays_late():
    result = run(
        vn(2025, 3, 3, 9, 0),
        [
            E("request_supplement", vn(2025, 3, 4, 9, 0)),
            E("apologize_reschedule", vn(2025, 3, 5, 9, 0)),
            E("resume", vn(2025, 3, 10, 9, 0)),
            E("resolve", vn(2025, 3, 14, 9, 0)),
        ],
        PAUSE,
    )
    assert result.apology_in_time is None  # no due date while waiting (issue 18)
    assert result.outcome == Outcome.LATE


@pytest.mark.parametrize(
    ("requests", "outcome", "late_766"),
    [
        (1, Outcome.EARLY, False),
        (2, Outcome.EARLY, True),  # more than one supplement request: late for 766
        (0, Outcome.LATE, True),
    ],
)
def test_decision_766_counts_more_than_one_supplement_request_as_late(requests, outcome, late_766):
    assert rules.late_for_766(outcome, requests) is late_766


def test_decision_766_leaves_the_waiting_time_out():
    result = run(
        vn(2025, 3, 3, 9, 0),
        [
            E("request_supplement", vn(2025, 3, 4, 9, 0)),
            E("resume", vn(2025, 3, 5, 9, 0)),  # 8 working hours waited
            E("request_supplement", vn(2025, 3, 5, 13, 30)),
            E("resume", vn(2025, 3, 5, 15, 30)),  # 2 more
            E("resolve", vn(2025, 3, 6, 9, 0)),
        ],
        RESTART,
    )
    assert result.waiting == 10 * H
    assert result.supplement_count == 2
    assert result.outcome == Outcome.EARLY
    assert result.late_766 is True


COMMUNE, POLICE, INSURANCE = 1, 2, 3
SHARES = {COMMUNE: 8 * H, POLICE: 8 * H, INSURANCE: 8 * H}


def test_a_dossier_late_at_its_second_agency_is_attributed_to_it():
    result = run(
        vn(2025, 3, 3, 7, 0),
        [
            E("transfer", vn(2025, 3, 3, 15, 0), POLICE),  # the commune held 6 h of 8
            E("transfer", vn(2025, 3, 5, 9, 0), INSURANCE),  # police: 2 + 8 + 2 = 12 h of 8
            E("resolve", vn(2025, 3, 6, 11, 0)),  # insurance: 6 + 4 = 10 h of 8
        ],
        PAUSE,
        first_holder=COMMUNE,
        shares=SHARES,
    )
    assert result.outcome == Outcome.LATE  # due Wed 05/03 17:00
    assert [(h.unit, h.held, h.late_by) for h in result.holdings] == [
        (COMMUNE, 6 * H, timedelta(0)),
        (POLICE, 12 * H, 4 * H),
        (INSURANCE, 10 * H, 2 * H),
    ]
    assert result.late_units == [POLICE, INSURANCE]


def test_time_waiting_for_the_applicant_counts_for_no_agency():
    result = run(
        vn(2025, 3, 3, 7, 0),
        [
            E("transfer", vn(2025, 3, 3, 8, 0), POLICE),
            E("request_supplement", vn(2025, 3, 3, 9, 0)),
            E("resume", vn(2025, 3, 4, 9, 0)),
            E("resolve", vn(2025, 3, 4, 10, 0)),
        ],
        PAUSE,
        first_holder=COMMUNE,
        shares=SHARES,
    )
    assert [h.held for h in result.holdings] == [1 * H, 2 * H]
    assert result.late_units == []


def test_a_dossier_on_time_is_attributed_to_nobody():
    result = run(
        vn(2025, 3, 3, 7, 0),
        [E("transfer", vn(2025, 3, 4, 15, 0), POLICE), E("resolve", vn(2025, 3, 5, 9, 0))],
        PAUSE,
        first_holder=COMMUNE,
        shares=SHARES,
    )
    assert result.holdings[0].late_by == 6 * H  # the commune overran its share...
    assert result.outcome == Outcome.ON_TIME  # due Wed 05/03 17:00
    assert result.late_units == []  # ...but the dossier was not late


BOOK = rules.RuleBook(
    calendar=CALENDAR,
    default_mode=RESTART,
    periods=(
        rules.RuleSet(date(2018, 4, 23), RESTART, CALENDAR.sessions, "Nghị định 61/2018/NĐ-CP"),
        rules.RuleSet(
            date(2025, 7, 1),
            PAUSE,
            ((time(7, 30), time(11, 30)), (time(13, 0), time(17, 0))),
            "Nghị định 118/2025/NĐ-CP",
        ),
    ),
)


@pytest.mark.parametrize(
    ("day", "name", "mode"),
    [
        (date(2017, 6, 1), "", RESTART),
        (date(2025, 6, 30), "Nghị định 61/2018/NĐ-CP", RESTART),
        (date(2025, 7, 1), "Nghị định 118/2025/NĐ-CP", PAUSE),
        (date(2026, 3, 2), "Nghị định 118/2025/NĐ-CP", PAUSE),
    ],
)
def test_the_rule_set_in_force_on_the_day_of_receipt_applies(day, name, mode):
    assert (BOOK.rule_set(day).name, BOOK.mode(day)) == (name, mode)


def test_a_2017_and_a_2026_dossier_with_the_same_history_follow_their_own_rules():
    def history(year, month, day):
        # Received Mon 09:00, a supplement asked Tue 09:00, back the next Monday 09:00.
        received = vn(year, month, day, 9, 0)
        calendar, mode = BOOK.for_moment(received)
        return rules.run(
            [
                E("request_supplement", received + timedelta(days=1)),
                E("resume", received + timedelta(days=7)),
            ],
            time_value=THREE_DAYS,
            calendar=calendar,
            mode=mode,
            received_at=received,
        )

    old, new = history(2017, 3, 6), history(2026, 3, 2)
    # 2017, restart: three full days again from Mon 13/03 09:00.
    assert old.clock.due_at == vn(2017, 3, 16, 9, 0)
    # 2026, pause, 07:30–11:30 and 13:00–17:00: two days left from Mon 09/03 09:00.
    assert new.clock.due_at == vn(2026, 3, 11, 9, 0)
    assert BOOK.for_moment(vn(2026, 3, 2, 9, 0))[0].sessions[0] == (time(7, 30), time(11, 30))
