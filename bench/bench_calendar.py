"""Benchmark: 1,000,000 due moments with the vectorised working calendar.

Printed in one run, on the same random start moments (2016–2027, with seconds and
microseconds) and processing times (whole and half working days, and hours):
- ``due_at_many`` (sessions, public holidays, make-up Saturdays: the right answers);
- raw ``numpy.busday_offset`` on the start dates (whole days only, no sessions, no make-up
  Saturdays: the naive baseline, and wrong);
- ``WorkingCalendar.due_at`` one at a time, timed on a sample and extrapolated per million.

The vectorised path must stay under 2 seconds per million (asserted), and its sample must equal
the one-at-a-time answers.

Run: ``.venv/bin/python bench/bench_calendar.py`` (or ``make bench``).
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")

import django

django.setup()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from procedures.calendar import WorkingCalendar  # noqa: E402
from procedures.calendar.vectorised import (  # noqa: E402
    due_at_many,
    due_at_many_naive_busday,
    working_day_table,
)

N = 1_000_000
SAMPLE = 20_000
LIMIT_SECONDS = 2.0
TZ = "Asia/Ho_Chi_Minh"


def best_of(runs: int, fn):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    rng = np.random.default_rng(20260213)
    first = pd.Timestamp("2016-01-01", tz=TZ).value // 1000
    last = pd.Timestamp("2027-12-31", tz=TZ).value // 1000
    starts = pd.Series(
        pd.to_datetime(rng.integers(first, last, N), unit="us", utc=True)
    ).dt.tz_convert(TZ)
    units = np.where(rng.random(N) < 0.8, "days", "hours")
    amounts = np.where(
        units == "days", rng.integers(1, 61, N) / 2, rng.integers(1, 49, N).astype(float)
    )
    calendar = WorkingCalendar()

    vectorised, due = best_of(3, lambda: due_at_many(calendar, starts, amounts, units))

    # The baseline gets what numpy knows: start dates, whole days, the holidays as a list.
    days = starts.dt.tz_localize(None).to_numpy(dtype="datetime64[D]")
    whole_days = np.ceil(np.where(units == "days", amounts, amounts / 8)).astype(np.int64)
    all_days = pd.date_range("2016-01-01", "2038-12-31", freq="D").to_numpy(dtype="datetime64[D]")
    working = working_day_table(
        calendar, pd.Timestamp("2016-01-01").date(), pd.Timestamp("2038-12-31").date()
    )
    weekday_holidays = np.setdiff1d(all_days, working)
    weekday_holidays = weekday_holidays[np.is_busday(weekday_holidays)]
    naive, naive_due = best_of(
        3, lambda: due_at_many_naive_busday(days, whole_days, weekday_holidays)
    )

    sample = rng.choice(N, SAMPLE, replace=False)
    sample_starts = [ts.to_pydatetime() for ts in starts.iloc[sample]]
    sample_amounts, sample_units = amounts[sample], units[sample]
    started = time.perf_counter()
    scalar_due = [
        calendar.due_at(s, float(a), str(u))
        for s, a, u in zip(sample_starts, sample_amounts, sample_units, strict=True)
    ]
    scalar = (time.perf_counter() - started) * N / SAMPLE

    mismatches = sum(
        a != b.to_pydatetime() for a, b in zip(scalar_due, due.iloc[sample], strict=True)
    )
    naive_wrong = np.mean(
        naive_due[sample] != due.iloc[sample].dt.tz_localize(None).to_numpy(dtype="datetime64[D]")
    )

    print(f"Due moments for {N:,} random starts (2016–2027) and processing times:")
    print(f"  due_at_many (vectorised, exact)            {vectorised:8.3f} s")
    print(
        f"  numpy.busday_offset (raw baseline, dates)  {naive:8.3f} s"
        f"   (due date differs from the exact one for {naive_wrong:.0%} of the sample: "
        "whole dates only, no sessions, no make-up Saturdays)"
    )
    print(
        f"  WorkingCalendar.due_at (one at a time)     {scalar:8.3f} s"
        f"   (extrapolated from {SAMPLE:,} timed)"
    )
    print(
        f"  vectorised vs one at a time: {scalar / vectorised:,.0f}× faster; "
        f"{mismatches} mismatches on the {SAMPLE:,} sample"
    )
    assert mismatches == 0, "the vectorised path disagrees with the scalar one"
    assert vectorised < LIMIT_SECONDS, (
        f"due_at_many took {vectorised:.2f} s per million (limit {LIMIT_SECONDS} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
