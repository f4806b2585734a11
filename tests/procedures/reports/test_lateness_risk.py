"""Nguy cơ trễ hạn: the share of the same procedure's dossiers at the same agency that were
still open with this much time left and ended late; no estimate on too little history."""

from datetime import timedelta

import numpy as np
import pytest

from procedures.reports import lateness_risk as model

HOUR = 3600.0


def history(margins_hours, late):
    return model.History.of(np.array(margins_hours) * HOUR, late, [8 * HOUR] * len(late))


# Ten dossiers resolved with 40, 32, ... hours left; the last three after their due moment.
TEN = history([40, 32, 24, 16, 8, 4, 2, -2, -8, -16], [False] * 7 + [True] * 3)

CASES = [
    # With 1 working day left: of the 5 still open then (margins 4, 2, -2, -8, -16; the one
    # resolved with exactly 8 hours left was not), 3 ended late.
    (timedelta(hours=8), 5, 3, 0.6, model.LEVEL_HIGH),
    # With 3 working days left: 7 compare, 3 late.
    (timedelta(hours=24), 7, 3, 3 / 7, model.LEVEL_MEDIUM),
    (timedelta(hours=100), 10, 3, 0.3, model.LEVEL_MEDIUM),
    # Past the due moment by 4 hours: 2 compare (-8, -16), too few for a likelihood.
    (timedelta(hours=-4), 2, 2, None, model.LEVEL_UNKNOWN),
]


@pytest.mark.parametrize(("left", "comparable", "late", "likelihood", "level"), CASES)
def test_the_likelihood_is_the_late_share_of_those_open_with_as_little_time(
    left, comparable, late, likelihood, level
):
    risk = model.risk_of(TEN, left)
    assert (risk.comparable, risk.comparable_late, risk.level) == (comparable, late, level)
    assert risk.likelihood == (pytest.approx(likelihood) if likelihood is not None else None)
    assert (risk.history, risk.history_late_rate) == (10, 0.3)
    assert risk.median_taken == timedelta(hours=8)


def test_an_agency_that_is_never_late_flags_nothing():
    on_time = history([16, 12, 8, 4, 1, 0.5], [False] * 6)
    assert model.risk_of(on_time, timedelta(hours=20)).level == model.LEVEL_LOW


def test_no_history_gives_no_estimate():
    risk = model.risk_of(model.History.of([], []), timedelta(hours=4))
    assert (risk.likelihood, risk.level, risk.history) == (None, model.LEVEL_UNKNOWN, 0)


def test_the_evaluation_counts_flagged_and_late_dossiers_flagged_ahead():
    # Dossier 0: flagged 1 day ahead (8 h left) and late. Dossier 1: flagged only on its last
    # day (not ahead), late. Dossier 2: flagged, ended on time. Dossier 3: never flagged.
    result = model.evaluate(
        history={"k": TEN},
        check_dossier=np.array([0, 0, 1, 1, 2, 3]),
        check_key=np.array(["k"] * 6),
        check_left=np.array([40, 8, 40, 5, 8, 40]) * HOUR,
        check_ahead=np.array([True, True, True, False, True, True]),
        dossier_late=np.array([True, True, False, False]),
    )
    assert (result.flagged, result.flagged_late) == (3, 2)
    assert (result.late, result.late_flagged_ahead) == (2, 1)
    assert (result.precision, result.early_recall) == (pytest.approx(2 / 3), 0.5)
