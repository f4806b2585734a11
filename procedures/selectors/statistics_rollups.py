"""The statistics read from the daily roll-ups (bảng tổng hợp theo ngày) when they cover the
period; :func:`rollup_counter` answers ``None`` otherwise and the statistics count dossiers."""

from collections.abc import Mapping, Sequence
from datetime import date


def rollup_counter(
    *, date_from: date, date_to: date, groupings: Sequence, user, filters: Mapping | None
):
    """A counter reading the roll-ups for this question, or ``None`` when they do not cover it
    (no roll-ups built yet)."""
    return None
