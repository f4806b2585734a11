"""The dashboard's charts: a rate axis that starts where the differences show, counts on one axis
from zero (no second axis), late counts on their own chart, numbers in the reader's language."""

import pytest
from django.utils import translation

from procedures.reports.charts import (
    centre_on_time_chart,
    chart_bytes,
    late_chart,
    rate_axis_start,
    trend_chart,
)

LABELS = {"received": "Tiếp nhận", "resolved": "Giải quyết", "month": "Tháng", "count": "Số hồ sơ"}


@pytest.mark.parametrize(
    ("rates", "start"),
    [
        ([99.59, 100.0], 99.0),  # two centres near 100%: half a point per step
        ([97.2, 99.9], 97.0),
        ([91.0, 98.0], 90.0),
        ([62.0, 100.0], 60.0),
        ([33.33, 50.0], 30.0),
        ([4.0, 100.0], 0.0),  # far apart: from zero
        ([100.0], 99.5),
    ],
)
def test_the_rate_axis_starts_where_the_differences_show(rates, start):
    assert rate_axis_start(rates) == start
    assert start < min(rates)


def _rows():
    return [
        {"name": "Trung tâm A", "on_time_rate": 0.9959},
        {"name": "Trung tâm B", "on_time_rate": 1},
    ]


@pytest.mark.parametrize(
    ("language", "rate", "count"), [("vi", "99,59%", "2.400"), ("en", "99.59%", "2,400")]
)
def test_numbers_follow_the_readers_language(language, rate, count):
    with translation.override(language):
        dots = chart_bytes(
            centre_on_time_chart(_rows(), title="T", empty_text="-", label="%"), "svg"
        ).decode()
        late = chart_bytes(
            late_chart(
                [{"label": "01/2025", "late": 2400}], title="T", empty_text="-", labels=LABELS
            ),
            "svg",
        ).decode()
    assert rate in dots
    assert count in late


def test_received_and_resolved_share_one_axis_and_late_has_its_own_chart():
    rows = [
        {"label": "01/2025", "received": 2400, "resolved": 2300, "late": 12},
        {"label": "02/2025", "received": 1800, "resolved": 1900, "late": 3},
    ]
    with translation.override("vi"):
        trend = trend_chart(rows, title="Hồ sơ theo tháng", empty_text="-", labels=LABELS)
        late = late_chart(rows, title="Trễ hạn", empty_text="-", labels=LABELS)
    assert len(trend.axes) == 1 and len(late.axes) == 1  # no twin axis
    (axes,) = trend.axes
    assert axes.get_ylim()[0] == 0
    assert axes.get_xlabel() == "Tháng" and axes.get_ylabel() == "Số hồ sơ"
    assert [line.get_label() for line in axes.get_lines()] == ["Tiếp nhận", "Giải quyết"]
    assert [round(bar.get_height()) for bar in late.axes[0].patches] == [12, 3]
    dots = centre_on_time_chart(_rows(), title="T", empty_text="-", label="%")
    assert dots.axes[0].get_xlim()[0] == 99.0
