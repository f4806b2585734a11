"""Chỉ số phục vụ người dân, doanh nghiệp (Decision 766/QĐ-TTg) in the report an office signs:
the index's table (one line per group, then its indicators: numerator, denominator, points of
the maximum, "tạm tính" beside provisional points) on its own landscape pages, before the
forms, in the DOCX (a python-docx piece placed by ``docx_document.form_subdocs``) and the PDF
(``templates/reports/document.html``). The rows are those of the Markdown and XLSX files
(:func:`procedures.reports.serving_index.serving_index_report_rows`)."""

from django.utils.translation import gettext as _
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.shared import Cm

from procedures.reports.formats import whole
from procedures.reports.official_forms import period_line
from procedures.reports.serving_index import (
    serving_index_report_header,
    serving_index_report_rows,
)

# The name column takes what the three figure columns leave (landscape A4: 26,7 cm).
FIGURE_COLUMNS_CM = (3.0, 3.0, 5.2)


def serving_index_title() -> str:
    return _("Serving index of Decision 766/QĐ-TTg")


def serving_index_lines(data: dict) -> list[dict]:
    """The table's lines as printed cells: ``group`` for a group's line and the total, each
    figure as Vietnamese whole numbers, points as written by the report's rows."""
    summary = data.get("serving_index") or {}
    lines = []
    for name, numerator, denominator, points in serving_index_report_rows(summary):
        lines.append(
            {
                "group": not str(name).startswith("— "),
                "cells": [
                    str(name),
                    whole(numerator) if numerator != "" else "",
                    whole(denominator) if denominator != "" else "",
                    str(points),
                ],
            }
        )
    return lines


def serving_index_in_report(data: dict) -> bool:
    """The table is printed when the index applies to the period and scored dossiers."""
    return bool((data.get("serving_index") or {}).get("groups"))


def serving_index_pdf_context(data: dict) -> dict | None:
    if not serving_index_in_report(data):
        return None
    return {
        "title": serving_index_title(),
        "header": serving_index_report_header(),
        "lines": serving_index_lines(data),
        "provisional": bool(data["serving_index"].get("provisional")),
        "note": provisional_note(),
    }


def serving_index_docx(document, data: dict, *, width_cm: float, line, cell_text, grid, header):
    """The index's heading and table into ``document`` (a subdocument), with the forms' own
    helpers (``line``, ``cell_text``, ``grid``, ``header``: repeat the header row)."""
    line(document, serving_index_title().upper(), bold=True, size=13)
    line(document, period_line(data), italic=True, size=12)
    if data["serving_index"].get("provisional"):
        line(document, provisional_note(), italic=True, size=11, align="left")
    widths = [width_cm - sum(FIGURE_COLUMNS_CM), *FIGURE_COLUMNS_CM]
    titles = serving_index_report_header()
    table = document.add_table(rows=1, cols=len(titles))
    grid(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, title in zip(table.rows[0].cells, titles, strict=True):
        cell_text(cell, title, bold=True)
        cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    header(table.rows[0])
    for entry in serving_index_lines(data):
        cells = table.add_row().cells
        for position, (cell, value) in enumerate(zip(cells, entry["cells"], strict=True)):
            cell_text(cell, value, bold=entry["group"], align="left" if position == 0 else "right")
    for row in table.rows:
        for cell, size in zip(row.cells, widths, strict=True):
            cell.width = Cm(size)
    for column, size in zip(table.columns, widths, strict=True):
        column.width = Cm(size)


def provisional_note() -> str:
    return _(
        '"Provisional" (tạm tính): the indicator\'s rule could not be confirmed from the '
        "Decision's appendix; the points are the plainest reading, not the official score."
    )
