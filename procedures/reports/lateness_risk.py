"""Nguy cơ trễ hạn: how likely an open dossier is to end late, from the time it has left and
the history of the same procedure at the same agency. Pure (numpy, no database): the selector
:mod:`procedures.selectors.lateness_risk` feeds it from the dossiers, the command
``evaluate_lateness_risk`` from the demo's history and from a synthetic one.

The estimate. Every resolved dossier of the history ended with a *margin*: the working time
it still had before its due moment when it was resolved (negative: resolved after it), and
an outcome (late or not, by the due date). A dossier that has ``left`` working time now is
like the history's dossiers that were still open when they had that much left: those that
ended with a margin below ``left``. The likelihood is the share of them that ended late.
No model is fitted and nothing is assumed about the shape of the times; with fewer than
:data:`MIN_SAMPLE` comparable dossiers there is no estimate (said so, not guessed).

The rule as users and auditors read it, with its legal source:
docs/rules/lateness-risk.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np

# Fewer comparable dossiers than this give no estimate: 2 late of 3 is not a likelihood.
MIN_SAMPLE = 5
# The likelihood from which a dossier is flagged "nguy cơ trễ hạn" (high), and from which it is
# worth a look (medium). Chosen on the evaluation in
# docs/rules/lateness-risk.md (the command prints both).
HIGH = 0.5
MEDIUM = 0.2

LEVEL_HIGH, LEVEL_MEDIUM, LEVEL_LOW, LEVEL_UNKNOWN = "high", "medium", "low", "unknown"


@dataclass(frozen=True)
class History:
    """The resolved dossiers of one procedure at one agency: margins at resolution in seconds
    of working time, and whether each ended late; ``taken`` the working time each took
    (waiting for the applicant excluded), in seconds, for the reason's "usually takes"."""

    margins: np.ndarray
    late: np.ndarray
    taken: np.ndarray

    @classmethod
    def of(cls, margins, late, taken=None) -> History:
        margins = np.asarray(margins, dtype=np.float64)
        late = np.asarray(late, dtype=bool)
        order = np.argsort(margins, kind="stable")
        taken = np.asarray(taken if taken is not None else [], dtype=np.float64)
        return cls(margins=margins[order], late=late[order], taken=taken)

    def __len__(self) -> int:
        return len(self.margins)

    @property
    def late_rate(self) -> float | None:
        return float(self.late.mean()) if len(self) else None

    @property
    def median_taken(self) -> timedelta | None:
        if not len(self.taken):
            return None
        return timedelta(seconds=float(np.median(self.taken)))


@dataclass(frozen=True)
class Risk:
    """The estimate for one open dossier: ``likelihood`` (0–1, ``None`` without enough
    history), ``level``, and what it rests on: ``comparable`` dossiers of the history that
    were still open with this much time left, ``comparable_late`` of them ended late;
    ``history`` resolved dossiers in all, ``history_late_rate`` and ``median_taken``."""

    likelihood: float | None
    level: str
    comparable: int
    comparable_late: int
    history: int
    history_late_rate: float | None
    median_taken: timedelta | None

    @property
    def flagged(self) -> bool:
        return self.level == LEVEL_HIGH


def level_of(likelihood: float | None) -> str:
    if likelihood is None:
        return LEVEL_UNKNOWN
    if likelihood >= HIGH:
        return LEVEL_HIGH
    if likelihood >= MEDIUM:
        return LEVEL_MEDIUM
    return LEVEL_LOW


def comparable_counts(history: History, left_seconds) -> tuple[np.ndarray, np.ndarray]:
    """For each time left (seconds, array): how many dossiers of the history were still open
    with that much left (margin below it), and how many of those ended late. Vectorised:
    the margins are sorted, the late ones counted by a running sum."""
    left = np.asarray(left_seconds, dtype=np.float64)
    comparable = np.searchsorted(history.margins, left, side="left")
    late_before = np.concatenate(([0], np.cumsum(history.late)))
    return comparable, late_before[comparable]


def likelihoods(history: History, left_seconds) -> np.ndarray:
    """The likelihood for each time left; NaN where fewer than :data:`MIN_SAMPLE` compare."""
    comparable, late = comparable_counts(history, left_seconds)
    with np.errstate(invalid="ignore", divide="ignore"):
        result = late / comparable
    return np.where(comparable >= MIN_SAMPLE, result, np.nan)


def risk_of(history: History, left: timedelta) -> Risk:
    """The estimate for one dossier with ``left`` working time (negative: past its due
    moment)."""
    comparable, late = comparable_counts(history, [left.total_seconds()])
    n, k = int(comparable[0]), int(late[0])
    likelihood = k / n if n >= MIN_SAMPLE else None
    return Risk(
        likelihood=likelihood,
        level=level_of(likelihood),
        comparable=n,
        comparable_late=k,
        history=len(history),
        history_late_rate=history.late_rate,
        median_taken=history.median_taken,
    )


@dataclass(frozen=True)
class Evaluation:
    """How the estimate fared on a history where the outcome is known: of the ``flagged``
    dossiers (flagged high at some check while open), ``flagged_late`` ended late; of the
    ``late`` ones, ``late_flagged_ahead`` were flagged at a check at least one working day
    before their due date. ``dossiers`` were evaluated, at ``checks`` checks in all."""

    dossiers: int
    checks: int
    flagged: int
    flagged_late: int
    late: int
    late_flagged_ahead: int

    @property
    def precision(self) -> float | None:
        return self.flagged_late / self.flagged if self.flagged else None

    @property
    def early_recall(self) -> float | None:
        return self.late_flagged_ahead / self.late if self.late else None


def evaluate(
    *,
    history: dict,
    check_dossier: np.ndarray,
    check_key: np.ndarray,
    check_left: np.ndarray,
    check_ahead: np.ndarray,
    dossier_late: np.ndarray,
    threshold: float = HIGH,
) -> Evaluation:
    """Evaluate on checks: one row per (dossier, check moment while it was open), with the
    dossier's index ``check_dossier``, its key into ``history`` (procedure and agency), its
    working time left then (seconds) and whether the check was at least one working day before
    the due date (``check_ahead``). ``dossier_late`` holds each evaluated dossier's outcome;
    a check flags from ``threshold`` (the "high" level unless told).
    ``history`` holds only dossiers resolved before the evaluated ones were received: no
    peeking at outcomes the estimate could not have known."""
    flagged_check = np.zeros(len(check_dossier), dtype=bool)
    keys = np.asarray(check_key)
    for key in np.unique(keys) if len(keys) else ():
        rows = np.flatnonzero(keys == key)
        past = history.get(key if not isinstance(key, np.generic) else key.item())
        if past is None:
            continue
        likelihood = likelihoods(past, check_left[rows])
        flagged_check[rows] = np.nan_to_num(likelihood, nan=0.0) >= threshold
    count = len(dossier_late)
    flagged = np.zeros(count, dtype=bool)
    flagged_ahead = np.zeros(count, dtype=bool)
    np.logical_or.at(flagged, check_dossier, flagged_check)
    np.logical_or.at(flagged_ahead, check_dossier, flagged_check & check_ahead)
    late = np.asarray(dossier_late, dtype=bool)
    return Evaluation(
        dossiers=count,
        checks=len(check_dossier),
        flagged=int(flagged.sum()),
        flagged_late=int((flagged & late).sum()),
        late=int(late.sum()),
        late_flagged_ahead=int((flagged_ahead & late).sum()),
    )
