"""How honest is "nguy cơ trễ hạn"? The estimate of :mod:`procedures.reports.lateness_risk`
replayed on histories whose outcomes are known, with no peeking: the history it may use holds
only dossiers resolved before the evaluated ones were received; each evaluated dossier is
checked every working morning at 08:00 while it was open, as a desk opening the list would.

Two histories: a real one (the dossiers in the database: the demo's) and a synthetic one in
working hours, where each procedure at each agency has its own pace (some agencies are slow
for some procedures, most are not), so the figures can be compared with a known truth.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd

from procedures.calendar import WorkingCalendar
from procedures.calendar.vectorised import working_day_table, working_time_between_many
from procedures.reports import lateness_risk as model

CHECK_TIME = time(8, 0)
US = 1_000_000


def histories_of(frame: pd.DataFrame) -> dict:
    """(procedure, agency) → :class:`~procedures.reports.lateness_risk.History` of the rows of
    ``frame`` (columns ``key``, ``margin``, ``late``, ``taken``)."""
    return {
        key: model.History.of(group["margin"], group["late"], group["taken"])
        for key, group in frame.groupby("key")
    }


def morning_checks(frame: pd.DataFrame, calendar: WorkingCalendar) -> dict:
    """One check per evaluated dossier per working morning at 08:00 while it was open
    (received before, resolved after): its working time left then (seconds, along the
    sessions), and whether the check came at least one working day before its due date (a
    working day from the check's day up to the day before the due date, the rule the law asks
    the agency's warning to meet)."""
    tz = calendar.tz.key
    received = frame["received_at"].dt.tz_convert(tz)
    resolved = frame["resolved_at"].dt.tz_convert(tz)
    due = frame["due_at"].dt.tz_convert(tz)
    first = received.min().date()
    last = max(resolved.max(), due.max()).date()
    table = working_day_table(calendar, first, last)
    received_day = received.dt.tz_localize(None).to_numpy(dtype="datetime64[D]")
    resolved_day = resolved.dt.tz_localize(None).to_numpy(dtype="datetime64[D]")
    due_day = due.dt.tz_localize(None).to_numpy(dtype="datetime64[D]")
    start = np.searchsorted(table, received_day, side="left")
    stop = np.searchsorted(table, resolved_day, side="right")
    counts = np.maximum(stop - start, 0)
    dossier = np.repeat(np.arange(len(frame)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    day_index = np.repeat(start, counts) + offsets
    moments = pd.Series(
        pd.to_datetime(table[day_index]) + pd.Timedelta(hours=CHECK_TIME.hour)
    ).dt.tz_localize(tz)
    # Only the mornings it was open: received before 08:00 that day, resolved after.
    open_then = (moments.to_numpy() > received.to_numpy()[dossier]) & (
        moments.to_numpy() < resolved.to_numpy()[dossier]
    )
    dossier, day_index, moments = dossier[open_then], day_index[open_then], moments[open_then]
    due_of = due.iloc[dossier].reset_index(drop=True)
    moments = moments.reset_index(drop=True)
    left = (
        working_time_between_many(calendar, moments, due_of)
        - working_time_between_many(calendar, due_of, moments)
    ) / US
    ahead = np.searchsorted(table, due_day[dossier], side="left") - day_index >= 1
    return {"check_dossier": dossier, "check_left": left, "check_ahead": ahead}


def evaluate_frame(
    history: pd.DataFrame,
    evaluated: pd.DataFrame,
    calendar: WorkingCalendar,
    threshold: float = model.HIGH,
) -> model.Evaluation:
    """Evaluate on real dossiers: ``history`` and ``evaluated`` hold rows of ``key``,
    ``received_at``, ``resolved_at``, ``due_at``, ``margin``, ``late``, ``taken``."""
    evaluated = evaluated.reset_index(drop=True)
    if evaluated.empty:
        return model.Evaluation(0, 0, 0, 0, 0, 0)
    checks = morning_checks(evaluated, calendar)
    return model.evaluate(
        history=histories_of(history),
        check_key=evaluated["key"].to_numpy()[checks["check_dossier"]],
        dossier_late=evaluated["late"].to_numpy(),
        threshold=threshold,
        **checks,
    )


def evaluate_rolling(
    frame: pd.DataFrame,
    calendar: WorkingCalendar,
    *,
    split: datetime,
    span: timedelta,
    limit: int,
    threshold: float = model.HIGH,
) -> model.Evaluation:
    """Evaluate the dossiers of ``frame`` received from ``split`` on as the screens would have
    seen them: those received in a month against the history a page read on that month's first
    day (dossiers resolved in the ``span`` before it, the last ``limit`` of each procedure at
    each agency), so an agency's recent way of working counts, and nothing resolved later is
    peeked at. ``frame`` as :func:`evaluate_frame` takes it."""
    evaluated = frame[frame["received_at"] >= pd.Timestamp(split)]
    if evaluated.empty:
        return model.Evaluation(0, 0, 0, 0, 0, 0)
    tz = calendar.tz.key
    month = evaluated["received_at"].dt.tz_convert(tz).dt.tz_localize(None).dt.to_period("M")
    by_resolved = frame.sort_values("resolved_at", ascending=False)
    totals = dict.fromkeys((f.name for f in fields(model.Evaluation)), 0)
    for period, rows in evaluated.groupby(month, sort=True):
        start = pd.Timestamp(period.start_time).tz_localize(tz)
        known = by_resolved[
            (by_resolved["resolved_at"] < start) & (by_resolved["resolved_at"] >= start - span)
        ]
        history = known.groupby("key", sort=False).head(limit)
        result = evaluate_frame(history, rows, calendar, threshold)
        for name in totals:
            totals[name] += getattr(result, name)
    return model.Evaluation(**totals)


def synthetic(
    seed: int = 20, keys: int = 60, per_key: int = 200, threshold: float = model.HIGH
) -> model.Evaluation:
    """A synthetic history in working hours: ``keys`` procedures-at-agencies, each with a
    processing time of 1 to 15 working days and its own pace (most finish in a half to two
    thirds of their time, one in six is slow and often late); each dossier takes its key's pace
    times a log-normal spread. The first half of each key's dossiers is the history, the
    second half is evaluated every working morning (a random hour of the first day, then 8
    working hours apart) while open; "ahead" is at least 8 working hours before the due moment.
    """
    rng = np.random.default_rng(seed)
    day = 8 * 3600.0
    budgets = rng.choice([1, 3, 5, 10, 15], size=keys) * day
    pace = np.where(
        rng.random(keys) < 1 / 6, rng.uniform(0.85, 1.2, keys), rng.uniform(0.4, 0.7, keys)
    )
    history, checks = (
        {},
        {"check_dossier": [], "check_key": [], "check_left": [], "check_ahead": []},
    )
    late_all = []
    for key in range(keys):
        taken = budgets[key] * pace[key] * rng.lognormal(0, 0.3, per_key)
        margin = budgets[key] - taken
        late = margin < 0
        half = per_key // 2
        history[key] = model.History.of(margin[:half], late[:half], taken[:half])
        for index in range(half, per_key):
            elapsed = np.arange(rng.uniform(0, day), taken[index], day)
            left = budgets[key] - elapsed
            number = len(late_all)
            checks["check_dossier"].extend([number] * len(left))
            checks["check_key"].extend([key] * len(left))
            checks["check_left"].extend(left)
            checks["check_ahead"].extend(left >= day)
            late_all.append(late[index])
    return model.evaluate(
        history=history,
        check_dossier=np.asarray(checks["check_dossier"], dtype=np.int64),
        check_key=np.asarray(checks["check_key"]),
        check_left=np.asarray(checks["check_left"], dtype=np.float64),
        check_ahead=np.asarray(checks["check_ahead"], dtype=bool),
        dossier_late=np.asarray(late_all, dtype=bool),
        threshold=threshold,
    )
