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


def _rows(rows):
    frame = pd.DataFrame(
        rows, columns=["key", "received_at", "due_at", "resolved_at", "margin", "late"]
    )
    for column in ("received_at", "due_at", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame.assign(taken=8 * 3600.0)


def test_each_month_is_evaluated_against_the_year_resolved_before_it():
    from procedures.reports.lateness_risk_evaluation import evaluate_rolling

    late_margin = -8 * 3600.0
    # Six dossiers of one procedure at one agency, received in January and resolved late in
    # February: known to a page from 01/03, not before.
    slow = [
        ("1:7", vn(2025, 1, 6, 9), vn(2025, 2, 3, 9), vn(2025, 2, 4 + i, 9), late_margin, True)
        for i in range(6)
    ]
    # The same procedure there, received in February and in March, both ending late.
    february = ("1:7", vn(2025, 2, 10, 10), vn(2025, 2, 13, 10), vn(2025, 2, 14, 9), -1.0, True)
    march = ("1:7", vn(2025, 3, 3, 10), vn(2025, 3, 6, 10), vn(2025, 3, 7, 9), -1.0, True)
    frame = _rows([*slow, february, march])
    result = evaluate_rolling(
        frame,
        WorkingCalendar(),
        split=vn(2025, 2, 1, 0),
        span=timedelta(days=365),
        limit=400,
    )
    # February's dossier had no history yet (nothing resolved before 01/02): not flagged.
    # March's had the six late ones: flagged from its first morning, a working day ahead.
    assert (result.dossiers, result.late) == (2, 2)
    assert (result.flagged, result.flagged_late, result.late_flagged_ahead) == (1, 1, 1)
    # A history older than the span is forgotten: nothing is flagged.
    forgotten = evaluate_rolling(
        frame, WorkingCalendar(), split=vn(2025, 2, 1, 0), span=timedelta(days=1), limit=400
    )
    assert forgotten.flagged == 0
