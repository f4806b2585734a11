"""Biểu đồ của bảng điều khiển: the dashboard's charts, drawn with matplotlib's object API
(``Figure`` rendered by the Agg or SVG canvas, never pyplot's global state), labelled in
Vietnamese with Vietnamese numbers (20.985; 0,41%).

Pure: each function takes plain rows (as the statistics selector returns them) and gives a
``Figure``; :func:`chart_bytes` renders it as SVG (text kept as text, so it can be read and
searched) or PNG.
"""

from __future__ import annotations

import io

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from procedures.reports.numbers import as_decimal, number_vi, percent_vi

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


def centre_on_time_chart(rows: list[dict], *, title: str, empty_text: str, label: str) -> Figure:
    """Horizontal bars: the on-time rate of each centre, worst first (at the top). ``rows``:
    ``name``, ``on_time_rate`` (a fraction, None without resolved dossiers), ``resolved_total``."""
    rated = [r for r in rows if r.get("on_time_rate") is not None]
    rated.sort(key=lambda r: (as_decimal(r["on_time_rate"]), str(r["name"])))
    figure = _figure(max(2.2, 0.55 * len(rated) + 1.2))
    axes = figure.add_subplot()
    figure.suptitle(title, x=0.01, ha="left", fontsize=11)
    if not rated:
        _empty(axes, empty_text)
        return figure
    names = [r["name"] for r in rated][::-1]  # barh draws bottom-up: worst on top
    rates = [float(r["on_time_rate"]) * 100 for r in rated][::-1]
    colours = [GOOD if rate >= 95 else "#d4a017" if rate >= 85 else BAD for rate in rates]
    bars = axes.barh(names, rates, color=colours)
    axes.set_xlim(0, 105)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{number_vi(x)}%"))
    axes.set_xlabel(label)
    for bar, row in zip(bars, reversed(rated), strict=True):
        axes.text(
            min(bar.get_width(), 100) - 1,
            bar.get_y() + bar.get_height() / 2,
            percent_vi(row["on_time_rate"]),
            ha="right",
            va="center",
            color="white",
            fontsize=9,
            fontweight="bold",
        )
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def trend_chart(rows: list[dict], *, title: str, empty_text: str, labels: dict) -> Figure:
    """Lines per month: received, resolved and late. ``rows``: ``label`` (e.g. "01/2017"),
    ``received``, ``resolved``, ``late``; ``labels`` names the three series."""
    figure = _figure(3.2)
    axes = figure.add_subplot()
    figure.suptitle(title, x=0.01, ha="left", fontsize=11)
    if not rows:
        _empty(axes, empty_text)
        return figure
    x = list(range(len(rows)))
    lines = []
    for key, colour, marker in (("received", RECEIVED, "o"), ("resolved", RESOLVED, "s")):
        lines += axes.plot(
            x, [r[key] for r in rows], color=colour, marker=marker, label=labels[key]
        )
    # Late dossiers are a few in thousands: their own scale on the right, in their colour.
    late_axes = axes.twinx()
    lines += late_axes.plot(
        x, [r["late"] for r in rows], color=LATE, marker="^", linestyle="--", label=labels["late"]
    )
    late_axes.set_ylabel(labels["late"], color=LATE)
    late_axes.tick_params(axis="y", colors=LATE)
    for scale in (axes, late_axes):
        scale.yaxis.set_major_locator(MaxNLocator(integer=True))
        scale.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: number_vi(y)))
        scale.set_ylim(bottom=0)
    late_axes.set_ylim(top=max(4, max(r["late"] for r in rows) * 1.25))
    rotate = len(rows) > 8
    axes.set_xticks(
        x,
        [r["label"] for r in rows],
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
    )
    figure.legend(handles=lines, loc="outside upper right", ncols=3, frameon=False, fontsize=9)
    axes.grid(axis="y", color="#ddd")
    axes.spines[["top"]].set_visible(False)
    late_axes.spines[["top"]].set_visible(False)
    return figure


def chart_bytes(figure: Figure, fmt: str) -> bytes:
    """The figure as ``svg`` (text as text) or ``png``."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown chart format: {fmt}")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "onestop"}):
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()
