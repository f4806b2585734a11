"""Biểu đồ của bảng điều khiển: the dashboard's charts, drawn with matplotlib's object API
(``Figure`` rendered by the Agg or SVG canvas, never pyplot's global state), labelled in
the reader's language with its numbers (20.985 and 0,41% in Vietnamese; 20,985 and 0.41% in
English). A rate axis starts where the differences show; counts start at zero, one axis each.

Pure: each function takes plain rows (as the statistics selector returns them) and gives a
``Figure``; :func:`chart_bytes` renders it as SVG (text kept as text, so it can be read and
searched) or PNG.
"""

from __future__ import annotations

import io
import math
from decimal import ROUND_HALF_UP, Decimal

import matplotlib
from django.utils.formats import number_format
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from procedures.reports.numbers import as_decimal

# Colours that stay apart for colour-blind readers and in greyscale print.
RECEIVED, RESOLVED, LATE, GOOD, BAD = "#1f4e79", "#2e8b57", "#c0392b", "#2e8b57", "#c0392b"
WIDTH_INCHES = 7.5
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def _figure(height: float) -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _empty(axes, text: str) -> None:
    axes.text(0.5, 0.5, text, ha="center", va="center", transform=axes.transAxes, color="#666")
    axes.set_axis_off()


def _number(value, places: int = 0) -> str:
    """A number in the active language's format: 2.400 and 99,59 in Vietnamese, 2,400 and
    99.59 in English (the chart is drawn inside the reader's request)."""
    number = as_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def _percent(fraction, places: int = 2) -> str:
    return "–" if fraction is None else f"{_number(as_decimal(fraction) * 100, places)}%"


def rate_axis_start(rates: list[float]) -> float:
    """Where a rate axis (in %) starts so that the differences show: the round step below the
    lowest rate, with room under it, for the smallest step that spans up to 100% in at most
    eight steps; 0 when the rates are far apart. Rates near 100% would otherwise be dots (or
    bars) in one place."""
    lowest = min(rates)
    for step in (0.5, 1, 2, 5, 10, 20, 25):
        start = math.floor(lowest / step) * step
        if lowest - start < step / 4:
            start -= step
        if start <= 0:
            return 0.0
        if (100 - start) / step <= 8:
            return float(start)
    return 0.0


def centre_on_time_chart(rows: list[dict], *, title: str, empty_text: str, label: str) -> Figure:
    """A dot plot: the on-time rate of each centre (or agency), worst first (at the top), on an
    axis that starts where the differences show (see :func:`rate_axis_start`; its first tick
    says where). ``rows``: ``name``, ``on_time_rate`` (a fraction, None without resolved
    dossiers)."""
    rated = [r for r in rows if r.get("on_time_rate") is not None]
    rated.sort(key=lambda r: (as_decimal(r["on_time_rate"]), str(r["name"])))
    figure = _figure(max(2.2, 0.45 * len(rated) + 1.3))
    axes = figure.add_subplot()
    figure.suptitle(title, x=0.01, ha="left", fontsize=11)
    if not rated:
        _empty(axes, empty_text)
        return figure
    names = [str(r["name"]) for r in rated][::-1]  # drawn bottom-up: worst on top
    rates = [float(r["on_time_rate"]) * 100 for r in rated][::-1]
    colours = [GOOD if rate >= 95 else "#d4a017" if rate >= 85 else BAD for rate in rates]
    start = rate_axis_start(rates)
    y = list(range(len(rates)))
    axes.hlines(y, start, rates, color="#ccc", linewidth=1)
    axes.scatter(rates, y, color=colours, s=60, zorder=3)
    axes.set_yticks(y, names)
    axes.set_xlim(start, 100 + (100 - start) * 0.12)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{_number(x)}%"))
    axes.set_xlabel(label)
    for position, row in zip(y, reversed(rated), strict=True):
        axes.annotate(
            _percent(row["on_time_rate"]),
            (float(row["on_time_rate"]) * 100, position),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    axes.grid(axis="x", color="#eee")
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def _month_axis(axes, rows: list[dict], x: list[int], label: str) -> None:
    rotate = len(rows) > 8
    axes.set_xticks(
        x,
        [r["label"] for r in rows],
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
    )
    axes.set_xlabel(label)


def _count_axis(axes, label: str) -> None:
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: _number(y)))
    axes.set_ylim(bottom=0)
    axes.set_ylabel(label)
    axes.grid(axis="y", color="#ddd")
    axes.spines[["top", "right"]].set_visible(False)


def trend_chart(rows: list[dict], *, title: str, empty_text: str, labels: dict) -> Figure:
    """Lines per month: received and resolved, on one axis from zero (late dossiers have their
    own small chart, :func:`late_chart`, never a second axis). ``rows``: ``label`` (e.g.
    "01/2017"), ``received``, ``resolved``; ``labels`` names the two series and the axes
    (``month``, ``count``)."""
    figure = _figure(3.2)
    axes = figure.add_subplot()
    figure.suptitle(title, x=0.01, ha="left", fontsize=11)
    if not rows:
        _empty(axes, empty_text)
        return figure
    x = list(range(len(rows)))
    for key, colour, marker in (("received", RECEIVED, "o"), ("resolved", RESOLVED, "s")):
        axes.plot(x, [r[key] for r in rows], color=colour, marker=marker, label=labels[key])
    _count_axis(axes, labels["count"])
    _month_axis(axes, rows, x, labels["month"])
    figure.legend(loc="outside upper right", ncols=2, frameon=False, fontsize=9)
    return figure


def late_chart(rows: list[dict], *, title: str, empty_text: str, labels: dict) -> Figure:
    """Bars per month: the dossiers resolved late (trễ hạn), on their own small chart.
    ``rows``: ``label``, ``late``; ``labels``: ``month`` and ``count`` (the axes)."""
    figure = _figure(2.2)
    axes = figure.add_subplot()
    figure.suptitle(title, x=0.01, ha="left", fontsize=11)
    if not rows:
        _empty(axes, empty_text)
        return figure
    x = list(range(len(rows)))
    bars = axes.bar(x, [r["late"] for r in rows], color=LATE, width=0.6)
    for bar, row in zip(bars, rows, strict=True):
        if row["late"]:
            axes.annotate(
                _number(row["late"]),
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                fontsize=8,
            )
    _count_axis(axes, labels["count"])
    axes.set_ylim(top=max(4, max(r["late"] for r in rows) * 1.25))
    _month_axis(axes, rows, x, labels["month"])
    return figure


def chart_bytes(figure: Figure, fmt: str) -> bytes:
    """The figure as ``svg`` (text as text) or ``png``."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown chart format: {fmt}")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "onestop"}):
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
