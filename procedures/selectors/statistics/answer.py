"""The statistics' answer (kết quả thống kê): the rows and totals of a period, their rates as
exact fractions, and the checks that list every row whose parts do not add up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pandas as pd

from procedures.selectors.statistics.definitions import (
    COUNT_KEYS,
    IDENTITIES,
    RATE_DEFINITIONS,
    STAT_KEYS,
    STAT_LABELS,
)
from procedures.selectors.statistics_groupings import GROUPINGS


@dataclass
class DossierStatistics:
    """The statistics of a period: ``rows`` (``key``/``name`` per grouping, ``entities`` for
    units/desks/centres, and the :data:`STAT_KEYS`), ``totals`` and ``checks``."""

    date_from: date
    date_to: date
    group_by: tuple[str, ...]
    rows: list[dict]
    totals: dict
    checks: list[dict] = field(default_factory=list)
    source: str = "direct"

    def to_frame(self, *, labels: bool = False) -> pd.DataFrame:
        """One line per row: a column per grouping (its name), then the statistics; with
        ``labels`` the headers are the translated labels a reader sees."""
        records = [
            {**{dim: row["name"][dim] for dim in self.group_by}, **{k: row[k] for k in STAT_KEYS}}
            for row in self.rows
        ]
        frame = pd.DataFrame.from_records(records, columns=[*self.group_by, *STAT_KEYS])
        if labels:
            frame = frame.rename(
                columns={
                    **{dim: str(GROUPINGS[dim].label) for dim in self.group_by},
                    **{k: str(v) for k, v in STAT_LABELS.items()},
                }
            )
        return frame


def rate_value(rate: Fraction | None) -> Decimal | None:
    """A rate as the API gives it: a number with four decimals (``None`` without a base)."""
    if rate is None:
        return None
    return (Decimal(rate.numerator) / Decimal(rate.denominator)).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )


def with_rates(counts: Mapping[str, int]) -> dict:
    """``counts`` with every rate as an exact fraction (``None`` when its base is zero)."""
    row = {key: int(counts.get(key) or 0) for key in COUNT_KEYS}
    for key, (numerator, denominator) in RATE_DEFINITIONS.items():
        base = sum(row[k] for k in denominator)
        row[key] = Fraction(sum(row[k] for k in numerator), base) if base else None
    return row


def statistics_checks(rows: Sequence[dict], totals: dict, *, additive_keys=COUNT_KEYS) -> list:
    """Every row (and the totals) whose parts do not add up or whose rates do not follow from
    its counts; and, for ``additive_keys``, rows that do not add up to the totals."""
    checks = []

    def check_row(label, row):
        for total, parts in IDENTITIES:
            expected = sum(row[p] for p in parts)
            if row[total] != expected:
                checks.append(
                    {
                        "row": label,
                        "rule": f"{total} = {' + '.join(parts)}",
                        "expected": expected,
                        "actual": row[total],
                    }
                )
        for key, (numerator, denominator) in RATE_DEFINITIONS.items():
            base = sum(row[k] for k in denominator)
            expected = Fraction(sum(row[k] for k in numerator), base) if base else None
            if row[key] != expected or (expected is not None and not 0 <= expected <= 1):
                checks.append(
                    {
                        "row": label,
                        "rule": f"{key} = ({' + '.join(numerator)}) / ({' + '.join(denominator)})",
                        "expected": expected,
                        "actual": row[key],
                    }
                )

    for row in rows:
        check_row(row["key"], row)
    check_row("totals", totals)
    for key in additive_keys:
        summed = sum(row[key] for row in rows)
        if rows and summed != totals[key]:
            checks.append(
                {
                    "row": "totals",
                    "rule": f"sum of rows {key}",
                    "expected": summed,
                    "actual": totals[key],
                }
            )
    return checks
