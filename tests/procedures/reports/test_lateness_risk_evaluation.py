"""The evaluation of "nguy cơ trễ hạn": morning checks along the calendar, and figures that say
whether the estimate tells late dossiers from the others."""

from datetime import timedelta

import pandas as pd
from django.core.management import call_command

from procedures.calendar import WorkingCalendar
from procedures.reports.lateness_risk_evaluation import morning_checks, synthetic
from tests.fixtures_dossiers import vn


def test_a_dossier_is_checked_each_working_morning_while_open():
    frame = pd.DataFrame(
        {
            "received_at": [vn(2025, 3, 3, 10, 0)],  # Mon
            "due_at": [vn(2025, 3, 6, 10, 0)],  # Thu
            "resolved_at": [vn(2025, 3, 7, 9, 0)],  # Fri: late
        }
    )
    for column in frame:
        frame[column] = pd.to_datetime(frame[column], utc=True)
    checks = morning_checks(frame, WorkingCalendar())
    hours = [timedelta(seconds=s) / timedelta(hours=1) for s in checks["check_left"]]
    # Tue, Wed, Thu and Fri at 08:00 (Mon 08:00 was before the receipt).
    assert hours == [18, 10, 2, -6]
    # At least one working day before Thu's due date: Tue and Wed.
    assert list(checks["check_ahead"]) == [True, True, False, False]
    assert list(checks["check_dossier"]) == [0, 0, 0, 0]


def test_on_the_synthetic_history_the_flag_finds_late_dossiers_ahead():
    result = synthetic(seed=20)
    base_rate = result.late / result.dossiers
    # Flagged dossiers end late far more often than dossiers at large, and most flagged
    # late ones were flagged a working day ahead or more.
    assert result.precision > 3 * base_rate
    assert 0 < result.late_flagged_ahead <= result.flagged_late


def test_the_command_prints_both_evaluations(db, capsys):
    call_command("evaluate_lateness_risk", "--synthetic-only")
    output = capsys.readouterr().out
    assert "Synthetic history (seed 20)" in output or "Lịch sử giả lập" in output
    assert "6.000" in output
