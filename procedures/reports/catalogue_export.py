"""Xuất danh mục TTHC: the catalogue in force on a date as CSV or XLSX, with the headers the
import reads (a file exported here imports back unchanged)."""

import io
from datetime import date

import pandas as pd
from openpyxl.styles import Alignment, Font

from procedures.models import ProcedureVersion
from procedures.record_papers import format_papers
from procedures.record_times import format_time_cell
from procedures.records import (
    PROCEDURE_COLUMNS,
    format_agencies,
    format_bool,
    format_channels,
    format_date,
    format_level,
    format_number,
    format_time,
    neutralise_formula,
)
from procedures.selectors.catalogue import (
    STEPS_PREFETCH,
    procedure_versions_in_force,
    version_steps_text,
)

SHEET_NAME = "Danh mục TTHC"
WIDTHS = {"name": 60, "papers": 60, "legal_basis": 50, "result_documents": 40, "fees": 30}


def _row(version: ProcedureVersion) -> dict:
    values = {
        "code": version.procedure.code,
        "name": version.name,
        "sector_code": version.sector.code,
        "sector_name": version.sector.name,
        "kind": version.kind,
        "agency_name": version.agency_name,
        "level": format_level(version.level_list),
        "channels": format_channels(version.channels),
        "processing_time": format_time_cell(version.processing_time, version.channel_times),
        "applied_time": format_time(version.applied_time_value, version.processing_time_unit)
        if version.applied_time_value is not None
        else "",
        "fees": version.fees,
        "online_payment": format_bool(version.online_payment),
        "papers": format_papers(version.papers),
        "result_documents": version.result_documents,
        "legal_basis": version.legal_basis,
        "online_level": format_number(version.online_level),
        "is_one_stop": format_bool(version.is_one_stop),
        "is_interconnected": format_bool(version.is_interconnected),
        "interconnected_agencies": format_agencies(version.interconnected_agencies),
        "interconnected_steps": version_steps_text(version),
        "decision_number": version.decision_number,
        "valid_from": format_date(version.valid_from),
        "published_on": format_date(version.published_on),
    }
    # No cell may reach a spreadsheet as a live formula (names come from imported files).
    return {column.header: neutralise_formula(values[column.key]) for column in PROCEDURE_COLUMNS}


def catalogue_frame(*, as_of: date) -> pd.DataFrame:
    """One row per procedure in force on ``as_of``, columns headed as the national records."""
    versions = (
        procedure_versions_in_force(as_of=as_of)
        .select_related("procedure", "sector")
        .prefetch_related(STEPS_PREFETCH)
    )
    rows = [_row(version) for version in versions.iterator(chunk_size=1000)]
    return pd.DataFrame(rows, columns=[column.header for column in PROCEDURE_COLUMNS], dtype=str)


def catalogue_csv(*, as_of: date) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows the Vietnamese letters."""
    return catalogue_frame(as_of=as_of).to_csv(index=False).encode("utf-8-sig")


def catalogue_xlsx(*, as_of: date) -> bytes:
    frame = catalogue_frame(as_of=as_of)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=SHEET_NAME, index=False)
        sheet = writer.sheets[SHEET_NAME]
        sheet.freeze_panes = "A2"
        for index, column in enumerate(PROCEDURE_COLUMNS, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = WIDTHS.get(column.key, 18)
            sheet.cell(row=1, column=index).font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                # Text cells: a code such as 2.000630 must not become the number 2.00063.
                cell.number_format = "@"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return buffer.getvalue()
